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
  xvfb xauth imagemagick fonts-dejavu-core fonts-noto-color-emoji
  gnome-keyring dbus-x11
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
