"""Leaving while a save waits for a lost connection (issue 22)."""

import time

from journey import JourneyFailed, keys, press, size_of, text_of, wait_for
from journeys import horoscope_text, main_window, open_list, type_into_editor


def journey_close_while_save_waits(j):
    """The server goes away, Ctrl+S queues the save, Ctrl+Q: the window asks, and "Keep as
    draft and close" ends the program at once; the next start offers the text back."""
    db = j.database()
    url = j.cluster.url(db)
    app = j.start("--database-url", url)
    open_list(app)
    j.cluster.stop()
    wait_for("the lost connection said", lambda: app.find(
        "label", contains="connection to the database was lost", timeout=1), timeout=20)
    type_into_editor(app, " Written offline.")
    keys("ctrl+s")
    wait_for("the save said to wait", lambda: app.find(
        "label", contains="Waiting for the database connection to save", timeout=1))
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
    app = j.start("--database-url", url)
    main_window(app)
    press(app.find("push button", "Open"))
    app.find("label", contains="Unsaved text from")
    j.shot("offered")
    press(app.find("push button", "Restore"))
    wait_for("the draft's words in the editor",
             lambda: "Written offline." in text_of(horoscope_text(app)))
    app.assert_alive()
