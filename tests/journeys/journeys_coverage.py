"""Journeys of the Coverage page (issue 21): the grid on first display, Generate missing."""

import pyatspi

from journey import JourneyFailed, find_node, focus, focus_window, keys, press, type_text, wait_for
from journeys import main_window

GRID = "Coverage by sign and day"



def tab_into(node, presses=12):
    """Tab until `node` has the keyboard (Tab goes through the date fields' parts first)."""
    for _ in range(presses):
        if node.getState().contains(pyatspi.STATE_FOCUSED):
            return
        keys("Tab")
        try:
            wait_for("the focus to move", lambda: node.getState().contains(
                pyatspi.STATE_FOCUSED), 0.5)
        except JourneyFailed:
            pass

def _extents(node):
    return node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)


def shown_days(grid):
    """The columns (days) whose cells a person sees between the sign names and the grid's
    right edge, and how many pixels of that width they cover."""
    table = grid.queryTable()
    box = _extents(grid)
    left = _extents(table.getRowHeader(0)).x + _extents(table.getRowHeader(0)).width
    right = box.x + box.width - 2  # the frame
    columns, covered = [], 0
    for column in range(table.nColumns):
        cell = table.getAccessibleAt(0, column)
        b = _extents(cell)
        seen = min(b.x + b.width, right) - max(b.x, left)
        if seen > 0 and cell.getState().contains(pyatspi.STATE_SHOWING) and cell.name:
            columns.append(column)
            covered += seen
    return columns, covered, right - left


def assert_filled(grid, when):
    columns, covered, width = shown_days(grid)
    # All but the part of one day's column that may stay over at the right.
    if covered < width - 45:
        raise JourneyFailed(f"{when}: the grid's cells cover {covered} of its {width} px "
                            f"(days shown: {columns}); the rest is blank")
    return columns


def journey_coverage_first_display(j):
    """Go › Coverage (Ctrl+3) on a month of horoscopes: the grid's cells fill it, today in view;
    to the first day and the last, the grid and its scroll bar move together."""
    db = j.database(days=40)
    app = j.start("--database-url", j.cluster.url(db))
    main_window(app)
    days = 29  # the page opens on the last four weeks and tomorrow
    # As on every start, the page loads while another is shown.
    hidden = app.find("table", GRID, showing=False)
    wait_for("the days in the grid", lambda: hidden.queryTable().nColumns == days
             and hidden.queryTable().getAccessibleAt(0, days - 2).name == "✓")
    focus_window(app)
    keys("ctrl+3")  # Go › Coverage
    grid = app.find("table", GRID)
    today = days - 2
    wait_for("today's column in view", lambda: today in shown_days(grid)[0], 10)
    j.shot("first")
    assert_filled(grid, "first display")

    # Into the grid from the keyboard (Tab goes through the date fields' parts first).
    tab_into(grid)
    if not grid.getState().contains(pyatspi.STATE_FOCUSED):
        raise JourneyFailed("Tab never reached the grid")
    # The focus lands on the first day's cell without scrolling there (Qt's way); End and Home
    # move along the row, and the scroll bar and the grid follow together.
    for key, day, other in (("End", days - 1, 0), ("Home", 0, days - 1), ("End", days - 1, 0)):
        keys(key)
        wait_for(f"day {day + 1} of {days} in view after {key}",
                 lambda: day in shown_days(grid)[0], 5)
        shown = assert_filled(grid, f"after {key}")
        if other in shown:
            raise JourneyFailed(f"after {key} day {other + 1} is still shown: {shown}")
        j.shot(key.lower())
    app.assert_alive()


def items(node):
    return [node.getChildAtIndex(i) for i in range(node.childCount)]


def journey_generate_missing_days(j):
    """Two days deleted with psql; Coverage › Generate missing, confirm, accept, write: the rows
    are back, and the history (PostgreSQL, the editor's header and History tab) says who
    generated them."""
    db = j.database(days=28)  # the page shows four weeks: only the two are missing
    j.cluster.psql("DELETE FROM horoscope_cache WHERE zodiac_sign IN ('leo', 'virgo') "
                   "AND horoscope_date = current_date - 1", db)
    person = "Anna Petrova"
    app = j.start("--database-url", j.cluster.url(db))
    main_window(app)
    # Settings › Your Name in the History…: the team shares one database role.
    press(app.find("menu item", "Your Name in the History…", showing=False))
    dialog = app.find("dialog", "Your Name in the History")
    focus_window(app)
    focus(app, wait_for("the name field", lambda: find_node(dialog, "text")))
    type_text(person)
    keys("Return")
    app.find("label", f"Your changes are recorded as made by {person}.")
    focus_window(app)
    keys("ctrl+3")  # Go › Coverage
    generate = app.find("push button", "Generate missing…")
    wait_for("Generate missing enabled",
             lambda: generate.getState().contains(pyatspi.STATE_ENABLED), 10)
    focus(app, generate)
    keys("space")  # the question is modal: a key, not an accessibility action, answers
    press(app.find("push button", "Generate 2"))  # the confirmation names how many
    app.find("dialog", "Regenerate horoscopes")
    accept_all = app.find("push button", "Accept all ready")
    review = app.find("list", "Horoscopes to review")
    wait_for("both demo texts ready for review", lambda: len(
        [i for i in items(review) if "ready for review" in i.name]) == 2, 20)
    press(accept_all)
    press(app.find("push button", "Write 2 accepted"))
    wait_for("the two rows in PostgreSQL", lambda: j.cluster.psql(
        "SELECT count(*) FROM horoscope_cache WHERE horoscope_date = current_date - 1",
        db) == [["12"]], 20)
    j.shot("written")
    keys("Escape")  # close the dialog, back to the grid
    app.missing("dialog", "Regenerate horoscopes")
    # Leo (the fifth sign) yesterday, from the keyboard: into the grid, to the row and day.
    grid = app.find("table", GRID)
    focus_window(app)
    tab_into(grid)
    keys("End", "Left", "Left", "Down", "Down", "Down", "Down", "Return")
    header = app.find("label", contains="last change:", timeout=10)
    j.shot("editor")
    said = header.name
    print(f'header: "{said}"')
    if f"Generated by {person}" not in said or "Generated again" in said:
        raise JourneyFailed(f'the editor\'s header says "{said}"')
    press(app.find("page tab", contains="History"))
    versions = app.find("list", "Versions")
    wait_for("the history naming who generated it", lambda: any(
        f"Generated by {person}" in item.name for item in items(versions)), 10)
    j.shot("history")
    # And in PostgreSQL: one INSERT row each, with the person and the kind.
    recorded = j.cluster.psql(
        "SELECT zodiac_sign, operation, coalesce(changed_by_person, ''), "
        "coalesce(change_kind, '') FROM horoscope_cache_revisions "
        "WHERE horoscope_date = current_date - 1 AND operation <> 'DELETE' ORDER BY 1", db)
    if recorded != [["leo", "INSERT", person, "generated"], ["virgo", "INSERT", person,
                                                             "generated"]]:
        raise JourneyFailed(f"the history of the generated days holds {recorded}")
