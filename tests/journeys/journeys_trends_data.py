"""Issue 23, items 1, 3 and 4 and the comparison, seen on the real trends page: by week from a
Saturday the first bucket says which days it holds, three signs without rows are named, a key
that is not a sign is named, and a comparison adds its column. The README's trends pictures come
from this journey (--shots)."""
from journey import JourneyFailed, focus, focus_window, keys, press, size_of, wait_for
from journeys import assert_lives, main_window

SIGNS = ("ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',"
         "'sagittarius','capricorn','aquarius','pisces']")


def _column(table, header):
    for column in range(table.nColumns):
        cell = table.getColumnHeader(column)
        if cell is not None and cell.name == header:
            return column
    return None


def _choose(app, current, downs):
    """Opens the combo box named by its current text and moves down `downs` items."""
    press(app.find("combo box", current))
    wait_for("its list open", lambda: app.find_all("list"), 10)
    keys(*(["Down"] * downs), "Return")


def journey_trends_face_value(j):
    """View trends (Ctrl+4), the last 30 days (from a Saturday) by week: the chart's description
    (what a screen reader reads, and the warning drawn above the title) names Taurus, Gemini and
    Leo, which have no rows for 10 days while the other signs have, and ophiuchus, which is not a
    sign; Home puts the crosshair on the first week, which says it holds 2 of its 7 days; vs
    previous period adds the Compared column."""
    db = j.database()
    # 70 days of views with a weekly rhythm, then a 10-day stretch without rows for three signs
    # and a few rows under a key that is not one of the 12 signs.
    j.cluster.psql(
        "INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) "
        "SELECT s, d::date, 300 + 40 * array_position(" + SIGNS + ", s) "
        "+ 90 * extract(isodow FROM d)::int + abs(hashtext(s || d::text)) % 120 "
        f"FROM unnest({SIGNS}) s, "
        "generate_series(current_date - 70, current_date, interval '1 day') d;"
        "DELETE FROM horoscope_views WHERE zodiac_sign IN ('taurus', 'gemini', 'leo') "
        "AND view_date BETWEEN current_date - 20 AND current_date - 11;"
        "INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) "
        "SELECT 'ophiuchus', d::date, 150 FROM generate_series(current_date - 6, "
        "current_date - 4, interval '1 day') d", db)
    first_day = j.cluster.psql("SELECT extract(isodow FROM current_date - 29)::int, "
                               "7 - extract(isodow FROM current_date - 29)::int + 1", db)[0]
    days_in_first = int(first_day[1])

    app = j.start("--database-url", j.cluster.url(db))
    main_window(app)
    focus_window(app)
    keys("ctrl+4")
    chart = app.find("filler", contains="Chart of views")
    wait_for("the chart on screen", lambda: min(size_of(chart)) > 100, 10)
    _choose(app, "By day", 1)  # By week
    app.find("combo box", "By week")

    said = "Taurus, Gemini, Leo: no rows"
    wait_for(f'"{said} …" on the chart', lambda: said in chart.description, 10)
    wait_for('"ophiuchus" named as not a sign',
             lambda: "ophiuchus: not one of the 12 signs" in chart.description, 10)
    warning = next(line for line in chart.description.splitlines() if said in line)
    print(f'the chart says: "{warning}"')
    if "while other signs have" not in warning:
        raise JourneyFailed(f'the warning does not say the other signs have rows: "{warning}"')

    focus(app, chart)
    keys("Home")
    partial = f"{days_in_first} of 7 days"
    wait_for(f'the first week read as "{partial}"',
             lambda: partial in chart.description.split("\n\n")[-2], 5)
    print(f'Home: "{chart.description.split(chr(10) + chr(10))[-2].splitlines()[0]}"')
    j.shot("partial-and-missing")

    _choose(app, "No comparison", 1)  # vs previous period
    app.find("combo box", "vs previous period")
    grid = app.find("table", "Views per sign")
    wait_for("the Compared column", lambda: _column(grid.queryTable(), "Compared"), 10)
    focus(app, chart)

    def last_week_compared():
        keys("End")  # again if the comparison's reload came after it
        return "(compared" in chart.description

    # (The crosshair's tooltip comes up under the resting pointer: that Leave event hid it.)
    wait_for("the crosshair on the last week with the compared values", last_week_compared, 10,
             interval=1.0)
    print(f'End: "{chart.description.split(chr(10) + chr(10))[-2].splitlines()[0]}"')
    j.shot("compared")

    # The other two kinds, for the README's pictures: each sign on one scale, and the shares.
    keys("Escape")
    _choose(app, "Lines", 1)  # Small multiples
    app.find("combo box", "Small multiples")
    j.shot("small-multiples")
    _choose(app, "Small multiples", 1)  # Share of total
    app.find("combo box", "Share of total")
    j.shot("share")
    assert_lives(app, 0.2)
