#!/usr/bin/env bash
# Takes the README's editing screenshots on the demo database under Xvfb, as a person sees them:
#   scripts/screenshot-editing.sh [OUTDIR]   (default docs/)
# writes OUTDIR/history.png, conflict.png and regenerate-review.png.
# Anna Petrova (the app's editor/personName) works in the window through xdotool; the bot and
# Boris Smirnov change rows with psql. Today's Virgo and Cancer on the demo database are reset
# and their history is cleared first. The clicks assume the window's default geometry.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
display=:$((90 + RANDOM % 9))
export XDG_CONFIG_HOME DISPLAY=$display
XDG_CONFIG_HOME=$(mktemp -d)
mkdir -p "$XDG_CONFIG_HOME/horoscope-admin"
printf '[ui]\nlastPage=horoscopes\n[editor]\npersonName=Anna Petrova\n' \
    >"$XDG_CONFIG_HOME/horoscope-admin/horoscope-admin.conf"
Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
wm=
trap 'kill ${wm:-} $xvfb 2>/dev/null || true; rm -rf "$XDG_CONFIG_HOME"' EXIT
sleep 1
./build/app/horoscope-admin --demo &
app=$!
sleep 8

# The demo server's socket (README, "Where things live").
if [ "$(id -u)" = 0 ] || [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    socket=/tmp/horoscope-admin-$(id -u)
else socket=$XDG_RUNTIME_DIR/horoscope-admin; fi
sql() { psql -h "$socket" -U horoscope -d horoscopes -v ON_ERROR_STOP=1 -qAt "$@"; }
today=$(sql -c "SELECT max(horoscope_date) FROM horoscope_cache")
row() { echo "zodiac_sign = '$1' AND horoscope_date = '$today'"; }
as_boris="SELECT set_config('horoscope_admin.person', 'Boris Smirnov', false),
  set_config('horoscope_admin.action', 'edited', false),
  set_config('application_name', 'horoscope-admin', false);"
shot() { import -window root "$1" && convert "$1" -trim +repage "$1"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-1}"; }
rowY() { echo $((120 + 30 * $1)); } # rows of the newest day: Pisces 0 … Aries 11

# 1. History: the bot regenerates today's Virgo, Boris edits it, Anna edits it in the app.
sql -c "UPDATE horoscope_cache SET content = 'Марс добавит энергии, главное — направить её в нужное русло. Лёгкая зарядка утром задаст тон всему дню. Прислушайтесь к словам близких: в них есть подсказка. На работе удастся закрыть давно отложенную задачу. Совет дня: позвоните родителям.' WHERE $(row virgo)" \
    -c "DELETE FROM horoscope_cache_revisions WHERE $(row virgo)" >/dev/null
sql -c "SET application_name = 'horoscope-bot'" \
    -c "UPDATE horoscope_cache SET generated_at = now(), content = replace(content, 'задачу.',
        'задачу, а вечер подарит приятную встречу.') WHERE $(row virgo)" >/dev/null
sleep 5
sql -c "$as_boris UPDATE horoscope_cache SET content = replace(content, 'Лёгкая зарядка утром', 'Короткая прогулка утром') WHERE $(row virgo)" >/dev/null
sleep 5
xdotool mousemove 858 400 mousedown 1 mousemove 700 400 sleep 0.2 mousemove 540 400 mouseup 1
click 60 "$(rowY 6)" 2                        # Virgo
click 640 113                                 # Text tab
click 900 400 0.3
xdotool key ctrl+End
for _ in $(seq 10); do xdotool key BackSpace; done # "родителям."
xdotool type --delay 80 'старому другу.'
xdotool key ctrl+s
sleep 2
click 708 113                                 # History tab
click 750 164 0.5                             # the current text …
xdotool keydown ctrl mousemove 750 220 click 1 keyup ctrl # … compared with the bot's version
sleep 1.5
shot "$out/history.png"

# 2. Conflict: Anna edits today's Cancer; Boris saves first, one change of his own and one
#    on the same word; Anna presses Ctrl+S.
sql -c "UPDATE horoscope_cache SET content = 'День начнётся спокойно, но к обеду всё ускорится. Новая информация заставит пересмотреть привычный план. Небольшая покупка принесёт больше радости, чем ожидалось. Прислушайтесь к словам близких: в них есть подсказка. Берегите горло и не пренебрегайте шарфом. Прогулка на свежем воздухе вернёт силы. Совет дня: доверяйте первому впечатлению.' || E'\n\n' || 'Счастливое число — 3.' WHERE $(row cancer)" \
    -c "DELETE FROM horoscope_cache_revisions WHERE $(row cancer)" >/dev/null
click 60 "$(rowY 8)" 2                        # Cancer
click 640 113
click 900 500 0.3
xdotool key ctrl+Home ctrl+shift+Right
xdotool type --delay 80 'Утро '
xdotool key ctrl+End BackSpace BackSpace
xdotool type --delay 80 '7.'
sql -c "$as_boris UPDATE horoscope_cache SET content = replace(replace(content, 'не пренебрегайте шарфом', 'не забывайте о шарфе'), 'число — 3.', 'число — 5.') WHERE $(row cancer)" >/dev/null
openbox >/dev/null 2>&1 & # a window manager from here on: the dialogs get their title bars
wm=$!
sleep 1
click 900 500 0.3                             # the editor has the focus again
xdotool key ctrl+s
sleep 3
click 270 354                                 # the ⚠ row (both changed "3")
shot "$out/conflict.png"
click 494 626 2                               # Save Merged Text

# 3. Regenerate review: Gemini, Taurus and Aries with the demo provider, Gemini accepted.
click 60 "$(rowY 9)" 0.5
xdotool keydown shift mousemove 60 "$(rowY 11)" click 1 keyup shift
sleep 0.5
click 470 717                                 # Regenerate ▾
click 527 739 3                               # Selected horoscopes…
click 958 578                                 # Accept (Gemini)
click 200 111                                 # Taurus, still to review
shot "$out/regenerate-review.png"
click 900 626 1.5                             # Close: asks about the accepted text
click 615 339 2                               # Save: writes it
kill -TERM $app
for _ in $(seq 20); do kill -0 $app 2>/dev/null || break; sleep 0.5; done
kill -KILL $app 2>/dev/null || true # still asking about unsaved text: a step above missed
wait $app || true
