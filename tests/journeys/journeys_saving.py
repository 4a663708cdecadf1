"""Saving while the connection is lost: typing on (issue 21, defect 4), leaving (issue 22)."""

import time

from journey import JourneyFailed, keys, press, size_of, text_of, type_text, wait_for
from journeys import horoscope_text, main_window, open_list, status_label, type_into_editor


def _row_ends_with(j, db, words):
    return j.cluster.psql(
        f"SELECT count(*) FROM horoscope_cache WHERE content LIKE '%{words}'", db) == [["1"]]


def save_while_server_is_down(j, db, words):
    """Opens the first horoscope, stops the server, types `words` and presses Ctrl+S: the save
    waits for the connection. Returns the running program."""
    app = j.start("--database-url", j.cluster.url(db))
    open_list(app)
    j.cluster.stop()
    # The window finds out by itself (its health check) and says so.
    wait_for("the lost connection said", lambda: app.find(
        "label", contains="connection to the database was lost", timeout=1), timeout=20)
    type_into_editor(app, words)
    keys("ctrl+s")
    wait_for("the save said to wait", lambda: app.find(
        "label", contains="Waiting for the database connection to save", timeout=1))
    return app


def journey_typing_while_save_waits(j):
    """The server goes away; the editor saves when it is back; what was typed meanwhile stays,
    unsaved, and "Reconnect now" does not make the person wait for the next retry."""
    db = j.database()
    app = save_while_server_is_down(j, db, " First.")
    keys("ctrl+End")
    type_text(" Second.")
    wait_for("the words typed while the save waits in the editor",
             lambda: " First. Second." in text_of(horoscope_text(app)), timeout=5)
    j.shot("waiting")
    # The retries grow apart; once the next is 15 s away, only "Reconnect now" explains a quick
    # save. (Looking for the button after the server is back raced the automatic retry: it
    # reconnects, and the button is gone.)
    wait_for("the retries 15 s apart", lambda: app.find(
        "label", contains="Retrying in 15 seconds", timeout=1), timeout=40)
    said = time.monotonic()
    reconnect = app.find("push button", "Reconnect now", timeout=2)
    if min(size_of(reconnect)) <= 0:
        raise JourneyFailed(f'"Reconnect now" is {size_of(reconnect)} px on screen')
    j.cluster.start()
    press(reconnect)
    wait_for("the waiting save in the row", lambda: _row_ends_with(j, db, "smile. First."),
             timeout=10)
    waited = time.monotonic() - said
    if waited >= 14:
        raise JourneyFailed(f"saved {waited:.1f} s after the retry was 15 s away: by the retry, "
                            "not by Reconnect now")
    print(f"saved {waited:.1f} s after the next retry was 15 s away")
    wait_for("the words typed meanwhile still in the editor, unsaved",
             lambda: " First. Second." in text_of(horoscope_text(app))
             and "unsaved changes" in status_label(app).name)
    j.shot("saved")
    keys("ctrl+s")
    wait_for("the second save in the row", lambda: _row_ends_with(j, db, "smile. First. Second."))
    wait_for("nothing unsaved said", lambda: "unsaved" not in status_label(app).name)
    app.assert_alive()


def journey_close_while_save_waits(j):
    """The server goes away, Ctrl+S queues the save, Ctrl+Q: the window asks, and "Keep as
    draft and close" ends the program at once; the next start offers the text back."""
    db = j.database()
    app = save_while_server_is_down(j, db, " Written offline.")
    keys("ctrl+q")
    keep = wait_for("the question about the waiting save",
                    lambda: app.find("push button", "Keep as draft and close", timeout=1),
                    timeout=10)
    app.find("label", contains="waiting for the database connection")
    app.find("push button", "Keep waiting")
    if min(size_of(keep)) <= 0:
        raise JourneyFailed(f'"Keep as draft and close" is {size_of(keep)} px on screen')
    j.shot("asked")
    press(keep)
    started = time.monotonic()
    if app.wait_exit(2) is None:
        raise JourneyFailed("the program did not end within 2 s of Keep as draft and close")
    print(f"ended {time.monotonic() - started:.2f} s after Keep as draft and close")
    if not app.draft_files():
        raise JourneyFailed("no draft was kept")

    # The server is back: the next start offers the text, and Restore puts it back.
    j.cluster.start()
    if j.cluster.psql("SELECT count(*) FROM horoscope_cache WHERE content LIKE "
                      "'%Written offline.'", db) != [["0"]]:
        raise JourneyFailed("the text kept as a draft was saved after all")
    app = j.start("--database-url", j.cluster.url(db))
    main_window(app)
    press(app.find("push button", "Open"))
    app.find("label", contains="Unsaved text from")
    j.shot("offered")
    press(app.find("push button", "Restore"))
    wait_for("the draft's words in the editor",
             lambda: "Written offline." in text_of(horoscope_text(app)))
    app.assert_alive()
