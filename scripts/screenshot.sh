#!/usr/bin/env bash
# Opens the app on the demo database under Xvfb and saves a screenshot of the screen.
#   [PAGE=horoscopes|coverage|migrations|overview|trends] scripts/screenshot.sh OUT.png [app options]
# SCREENSHOT_ACTIONS: shell commands run on the display just before the shot (xdotool …).
# Settings go to a throwaway XDG_CONFIG_HOME, so yours are not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/screenshot.sh OUT.png [options]}
shift
display=:$((90 + RANDOM % 9))
export XDG_CONFIG_HOME
XDG_CONFIG_HOME=$(mktemp -d)
mkdir -p "$XDG_CONFIG_HOME/horoscope-admin"
printf '[ui]\nlastPage=%s\n' "${PAGE:-overview}" >"$XDG_CONFIG_HOME/horoscope-admin/horoscope-admin.conf"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$XDG_CONFIG_HOME"' EXIT
sleep 1
DISPLAY=$display ./build/app/horoscope-admin --demo "$@" &
app=$!
sleep "${SCREENSHOT_DELAY:-8}"
if [ -n "${SCREENSHOT_ACTIONS:-}" ]; then
    # No window manager gives the window the keyboard: do it as one would, then the keys.
    window=$(DISPLAY=$display xdotool search --onlyvisible --pid $app | head -1)
    DISPLAY=$display xdotool windowfocus --sync "$window"
    DISPLAY=$display bash -c "$SCREENSHOT_ACTIONS"
fi
DISPLAY=$display import -window root "$out"
convert "$out" -trim +repage "$out" # drop the empty screen around the window
kill -TERM $app
wait $app || true
