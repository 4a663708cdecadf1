#!/usr/bin/env bash
# Opens the app on the demo database under Xvfb and saves a screenshot of the screen.
#   scripts/screenshot.sh OUT.png [app options, e.g. --lang ru]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/screenshot.sh OUT.png [options]}
shift
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1100x720x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
DISPLAY=$display ./build/app/horoscope-admin --demo "$@" &
app=$!
sleep "${SCREENSHOT_DELAY:-8}"
DISPLAY=$display import -window root "$out"
convert "$out" -trim +repage "$out" # drop the empty screen around the window
kill -TERM $app
wait $app || true
