"""Who is editing, and take over (issue 24, part 1): two programs on one database."""

import pathlib
import subprocess

from journey import App, JourneyFailed, focus_window, keys, size_of, text_of, type_text, wait_for
from journeys import horoscope_text, open_list, type_into_editor


def _start_as(j, person, url):
    """The real executable with a HOME of its own, whose settings name the person at the
    keyboard (what Settings › Your Name in the History… writes)."""
    home = pathlib.Path(j.tmp) / ("home-" + person.split()[0].lower())
    config = home / ".config/horoscope-admin"
    config.mkdir(parents=True, exist_ok=True)
    (config / "horoscope-admin.conf").write_text(f"[editor]\npersonName={person}\n")
    app = App(j.executable, home, ("--database-url", url), log_dir=j.tmp)
    j.apps.append(app)
    return app


def _cell_names(app, limit=200):
    """What a screen reader says for the list's first cells (the journey helpers do not look
    inside tables)."""
    names = []
    for table in app.find_all("table"):
        for i in range(min(table.childCount, limit)):
            names.append(table.getChildAtIndex(i).name or "")
    return names


def _raise(app):
    """Brings the program's window to the front (no window manager under Xvfb), for the eye."""
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.pid)],
                         capture_output=True, text=True).stdout.split()
    if out:
        subprocess.run(["xdotool", "windowraise", out[-1]], capture_output=True, timeout=10)
    focus_window(app)


def _seen(node):
    width, height = size_of(node)
    if width <= 0 or height <= 0:
        raise JourneyFailed(f'"{node.name}" is {width}x{height} px on screen')
    return node


def journey_take_over(j):
    """Boris has a horoscope open with unsaved text; Anna opens it: her window says "Boris
    Ivanov is editing this since …" before she types and marks the row; her first keystroke
    changes nothing and takes her to Take over, which she presses with the keyboard. Boris's
    window says "Anna Petrova took over" within a heartbeat (10 s), shows the stored text,
    and keeps his words as a draft."""
    db = j.database()
    url = j.cluster.url(db)
    boris = _start_as(j, "Boris Ivanov", url)
    open_list(boris)
    type_into_editor(boris, " Boris's words.")

    anna = _start_as(j, "Anna Petrova", url)
    open_list(anna)
    _seen(anna.find("label", contains="Boris Ivanov is editing this since"))
    _seen(anna.find("label", contains="Boris Ivanov has unsaved changes"))
    wait_for("the row marked in Anna's list", lambda: any(
        "Boris Ivanov is editing this" in name for name in _cell_names(anna)), timeout=15)
    stored = text_of(horoscope_text(anna))
    j.shot("warned")

    # The first keystroke in the text types nothing and moves the focus to Take over.
    focus_window(anna)
    keys("shift+F6")
    anna.focused("text")
    type_text("x")
    button = anna.focused("push button")
    if button.name != "Take over":
        raise JourneyFailed(f'the keystroke took the focus to "{button.name}", not Take over')
    if text_of(horoscope_text(anna)) != stored:
        raise JourneyFailed("a keystroke changed the text Boris holds")
    _seen(button)
    keys("space")
    anna.missing("push button", "Take over")

    # Boris's window finds out on its next heartbeat.
    _seen(boris.find("label", contains="Anna Petrova took over", timeout=15))
    wait_for("the stored text in Boris's editor",
             lambda: "Boris's words." not in text_of(horoscope_text(boris)))
    _raise(boris)
    j.shot("taken-over")
    drafts = boris.draft_files()
    if not drafts or "Boris's words." not in drafts[0].read_text():
        raise JourneyFailed(f"Boris's words were not kept as a draft: {drafts}")
    if j.cluster.psql("SELECT count(*) FROM horoscope_cache WHERE content LIKE "
                      "'%Boris''s words.'", db) != [["0"]]:
        raise JourneyFailed("Boris's unsaved words reached the database")

    # Anna edits and saves.
    _raise(anna)
    type_into_editor(anna, " Anna's fix.")
    keys("ctrl+s")
    wait_for("Anna's text saved", lambda: j.cluster.psql(
        "SELECT count(*) FROM horoscope_cache WHERE content LIKE '%Anna''s fix.'", db) == [["1"]])
    boris.assert_alive()
    anna.assert_alive()
