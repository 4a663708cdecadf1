"""Journeys of comparing periods on the trends page (issue 23)."""

import re

from journey import JourneyFailed, focus_window, keys, press, size_of, wait_for
from journeys import assert_lives, main_window

TOTALS = "Views per sign"


def _digits(text):
    return int(re.sub(r"\D", "", text) or -1)


def _column(table, header):
    for column in range(table.nColumns):
        cell = table.getColumnHeader(column)
        if cell is not None and cell.name == header:
            return column
    return None


def journey_trends_compare_previous(j):
    """View trends (Ctrl+4), last 30 days; Compare with › vs previous period from the keyboard:
    the totals table gains a Compared column, on screen, whose first row is PostgreSQL's Aries
    views of the 30 days before, and the chart keeps running."""
    db = j.database()
    j.cluster.psql("INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) "
                   "SELECT s, d::date, 1 + (abs(hashtext(s || d::text)) % 50) "
                   "FROM unnest(ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra',"
                   "'scorpio','sagittarius','capricorn','aquarius','pisces']) s, "
                   "generate_series(current_date - 70, current_date, interval '1 day') d", db)
    before = int(j.cluster.psql(
        "SELECT sum(view_count) FROM horoscope_views WHERE zodiac_sign = 'aries' "
        "AND view_date BETWEEN current_date - 59 AND current_date - 30", db)[0][0])
    app = j.start("--database-url", j.cluster.url(db))
    main_window(app)
    focus_window(app)
    keys("ctrl+4")
    chart = app.find("filler", contains="Chart of views")
    wait_for("the chart on screen", lambda: min(size_of(chart)) > 100, 10)
    grid = app.find("table", TOTALS)
    table = grid.queryTable()
    wait_for("the totals", lambda: table.nRows >= 12, 10)
    if _column(table, "Compared") is not None:
        raise JourneyFailed("a Compared column before any comparison was chosen")

    # On Linux a combo box's accessible name is its current text.
    combo = app.find("combo box", "No comparison")
    press(combo)  # opens its list, as a click or Alt+Down does
    wait_for("its list open", lambda: app.find_all("list"), 10)
    keys("Down", "Return")  # No comparison › vs previous period
    app.find("combo box", "vs previous period")
    column = wait_for("the Compared column", lambda: _column(grid.queryTable(), "Compared"), 10)
    table = grid.queryTable()
    cell = wait_for("Aries's compared views", lambda: (
        lambda c: c if c is not None and c.name else None)(table.getAccessibleAt(0, column)), 10)
    if _digits(cell.name) != before:
        raise JourneyFailed(f'Aries compared: "{cell.name}"; PostgreSQL has {before} views in '
                            "the 30 days before")
    print(f"Aries compared with the 30 days before: {cell.name} (PostgreSQL {before})")
    j.shot("compared")
    assert_lives(app, 0.2)
