#!/usr/bin/env bash
# Installs every Debian 12 package Horoscope Admin needs to build, test and run its demo.
# Safe to run again: apt-get skips what is already installed.
set -euo pipefail

packages=(
  build-essential cmake ninja-build clang-format
  qt6-base-dev qt6-base-dev-tools libqt6sql6-psql libqt6opengl6-dev
  qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
  qt6-translations-l10n qtkeychain-qt6-dev libgl-dev
  libpq-dev postgresql postgresql-contrib
  pgbouncer  # tests/tst_pooler: a transaction pooler in front of the test cluster (pgbench comes with postgresql-15)
  libhunspell-dev hunspell-ru hunspell-en-us
  xvfb xauth imagemagick fonts-dejavu-core fonts-noto-color-emoji
  gnome-keyring dbus-x11 locales
  # tests/journeys: the real program on Xvfb, driven through the accessibility bus
  dbus at-spi2-core python3-pyatspi xdotool
  file desktop-file-utils appstream lintian
  poppler-utils  # tests/tst_trendcompare: pdftotext reads the text of views report's PDF
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The tests run a server whose messages are in Russian (lc_messages), as on a server set up
# in Russia: errors must still be told apart.
if ! locale -a | grep -qi '^ru_RU\.utf-\?8$'; then
  $SUDO sed -i 's/^# *\(ru_RU.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^ru_RU.UTF-8 UTF-8' /etc/locale.gen || echo 'ru_RU.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
  $SUDO locale-gen >/dev/null
fi
