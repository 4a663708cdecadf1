"""Saving while the connection is lost (issue 21, defect 4)."""

from journey import JourneyFailed, keys, press, size_of, text_of, type_text, wait_for
from journeys import horoscope_text, open_list, status_label, type_into_editor


def _row_ends_with(j, db, words):
    return j.cluster.psql(
        f"SELECT count(*) FROM horoscope_cache WHERE content LIKE '%{words}'", db) == [["1"]]


def journey_typing_while_save_waits(j):
    """The server goes away; the editor saves when it is back; what was typed meanwhile stays,
    unsaved, and "Reconnect now" does not make the person wait for the next retry."""
    db = j.database()
    app = j.start("--database-url", j.cluster.url(db))
    open_list(app)
    j.cluster.stop()
    # The window finds out by itself (its health check) and says so.
    wait_for("the lost connection said", lambda: app.find(
        "label", contains="connection to the database was lost", timeout=1), timeout=20)
    type_into_editor(app, " First.")
    keys("ctrl+s")
    wait_for("the save said to wait", lambda: app.find(
        "label", contains="Waiting for the database connection to save", timeout=1))
    keys("ctrl+End")
    type_text(" Second.")
    wait_for("the words typed while the save waits in the editor",
             lambda: " First. Second." in text_of(horoscope_text(app)), timeout=5)
    j.shot("waiting")
    j.cluster.start()
    reconnect = app.find("push button", "Reconnect now")
    if min(size_of(reconnect)) <= 0:
        raise JourneyFailed(f'"Reconnect now" is {size_of(reconnect)} px on screen')
    press(reconnect)
    wait_for("the waiting save in the row", lambda: _row_ends_with(j, db, "smile. First."))
    wait_for("the words typed meanwhile still in the editor, unsaved",
             lambda: " First. Second." in text_of(horoscope_text(app))
             and "unsaved changes" in status_label(app).name)
    j.shot("saved")
    keys("ctrl+s")
    wait_for("the second save in the row", lambda: _row_ends_with(j, db, "smile. First. Second."))
    wait_for("nothing unsaved said", lambda: "unsaved" not in status_label(app).name)
    app.assert_alive()
