"""The journeys: each walks one task through what is on the screen, as a person would.

A journey gets `j` (journey.Journey): its own PostgreSQL, database and HOME; `j.start(...)`
starts the program with those arguments. Controls are found by role and accessible name."""

import signal
import time

import pyatspi

from journey import JourneyFailed, focus, focus_window, keys, press, size_of, text_of, type_text
from journey import wait_for


def connect_in_dialog(app, url, profile=None):
    """Fills the connection dialog as a new user does, and presses Connect."""
    app.find("dialog", "Connect to a database")
    if profile:
        focus(app, profile_field(app))
        type_text(profile)
    focus(app, app.find("text", "Paste a URL:"))
    type_text(url)
    keys("Tab")  # leaving the field reads the URL into the fields below
    wait_for("the URL read into the fields",
             lambda: text_of(app.find("text", "Database:")) != "")
    press(app.find("push button", "Connect"))


def profile_field(app):
    """The profile combo box's text field (named since issue 21, part 3)."""
    return app.find("text", "Profile")


def main_window(app, timeout=20):
    window = app.find("frame", "Horoscope Admin", timeout=timeout)
    wait_for("the main window on screen", lambda: size_of(window)[0] > 0)
    return window


def assert_lives(app, seconds=1.0):
    """Still running a moment later (the defect ended it right after Connect)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.assert_alive()
        app.wait_exit(0.05)
    app.assert_alive()


def open_list(app):
    """F6: the horoscope list gets the focus; once its rows are there, Ctrl+Home opens the first
    (the list opens it by itself when it had rows as it got the focus)."""
    main_window(app)
    focus_window(app)
    keys("F6")
    app.find("label", contains=" rows loaded")
    keys("ctrl+Home")
    wait_for("a horoscope in the editor",
             lambda: "stars smile" in text_of(horoscope_text(app)))


def horoscope_text(app):
    """The editor's text: the wide text field under the Text tab."""
    texts = [t for t in app.find_all("text") if t.name in ("", "Horoscope text")]
    return max(texts, key=lambda t: size_of(t)[0] * size_of(t)[1])


def status_label(app):
    return app.find("label", contains="character")


def type_into_editor(app, words):
    keys("shift+F6")  # Go › Horoscope Text
    app.focused("text")
    keys("ctrl+End")
    type_text(words)
    wait_for("the typed words in the editor", lambda: words in text_of(horoscope_text(app)))


# -- 1. A new user gets in -------------------------------------------------------------------

def journey_first_run(j):
    """No URL, no profile, a fresh HOME: fill the dialog, Connect, and the window is there."""
    db = j.database()
    app = j.start()
    connect_in_dialog(app, j.cluster.url(db), profile="journey")
    main_window(app)
    assert_lives(app)
    j.shot("connected")
    app.stop()
    # Next time with the profile saved by the first: --profile, Connect, the window.
    app = j.start("--profile", "journey")
    app.find("dialog", "Connect to a database")
    wait_for("the saved profile's database in the dialog",
             lambda: text_of(app.find("text", "Database:")) == db)
    press(app.find("push button", "Connect"))
    main_window(app)
    assert_lives(app)
    # File › Connect to Another Database…, the same one again: a new window replaces the old.
    press(app.find("menu item", "Connect to Another Database…", showing=False))
    app.find("dialog", "Connect to a database")
    press(app.find("push button", "Connect"))
    app.missing("dialog", "Connect to a database")
    main_window(app)
    assert_lives(app)


# -- 3. The editor's status line is seen -----------------------------------------------------

def journey_status_line(j):
    db = j.database()
    app = j.start("--database-url", j.cluster.url(db))
    open_list(app)
    label = wait_for("the character count", lambda: status_label(app))
    width, height = size_of(label)
    if width <= 0 or height <= 0:
        raise JourneyFailed(f'the status line "{label.name}" is {width}x{height} px on screen')
    type_into_editor(app, " Typed")
    wait_for('"unsaved changes" on screen', lambda: "unsaved changes" in status_label(app).name
             and size_of(status_label(app))[0] > 0)
    j.shot("typed")
    keys("ctrl+s")  # and saved: the row has it, the line says so
    wait_for("the typed word in the row", lambda: j.cluster.psql(
        "SELECT count(*) FROM horoscope_cache WHERE content LIKE '%smile. Typed'", db) == [["1"]])
    wait_for("no unsaved changes said", lambda: "unsaved" not in status_label(app).name)


# -- 2. A draft recovered after a kill is offered, whatever was opened first -----------------

def journey_draft_after_kill(j):
    db = j.database()
    url = j.cluster.url(db)
    app = j.start("--database-url", url)
    open_list(app)
    first = text_of(horoscope_text(app))
    keys("Down")  # the second horoscope
    wait_for("the second horoscope", lambda: text_of(horoscope_text(app)) not in ("", first)
             and "stars smile" in text_of(horoscope_text(app)))
    type_into_editor(app, " Unsaved words.")
    wait_for("the draft on disk", lambda: app.draft_files(), 10)
    drafts = app.draft_files()
    app.signal(signal.SIGKILL)
    app.wait_exit(10)

    app = j.start("--database-url", url)
    said = app.find("label", "1 unsaved text was recovered: open it to restore or discard it.")
    if size_of(said)[0] <= 0:
        raise JourneyFailed(f"the recovered text is said {size_of(said)} px large")
    j.shot("start")
    open_list(app)  # the first horoscope opens by itself
    if app.draft_files() != drafts:
        raise JourneyFailed(f"the draft went away before it was offered: {app.draft_files()}")
    keys("Down")  # then the one with the draft
    wait_for("the recovered text offered",
             lambda: app.find("label", contains="Unsaved text from", timeout=1))
    app.missing("label", contains="unsaved text was recovered")  # said once: it is open now
    j.shot("offered")
    press(app.find("push button", "Restore"))
    wait_for("the recovered words in the editor",
             lambda: "Unsaved words." in text_of(horoscope_text(app)))
    if app.draft_files() != drafts:
        raise JourneyFailed("the draft is gone while its text is still unsaved")
    assert_lives(app, 0.2)


# -- 5. SIGTERM with unsaved text: keep the draft, quit at once ------------------------------

def journey_sigterm_keeps_draft(j):
    db = j.database()
    url = j.cluster.url(db)
    app = j.start("--database-url", url)
    open_list(app)
    type_into_editor(app, " Words before logout.")
    wait_for("the draft on disk", lambda: app.draft_files(), 10)
    app.signal(signal.SIGTERM)
    started = time.monotonic()
    if app.wait_exit(3) is None:
        raise JourneyFailed("the program did not end within 3 s of SIGTERM")
    took = time.monotonic() - started
    print(f"ended {took:.2f} s after SIGTERM")
    if took > 2:
        raise JourneyFailed(f"the program took {took:.1f} s to end after SIGTERM")
    if not app.draft_files():
        raise JourneyFailed("the draft was not kept")

    # Next start: the window says a text was recovered, and its Open shows it.
    app = j.start("--database-url", url)
    main_window(app)
    press(app.find("push button", "Open"))
    app.find("label", contains="Unsaved text from")
    app.find("push button", "Restore")
    if not app.draft_files():
        raise JourneyFailed("the draft went away before anyone decided")



# -- Part 3. Every interactive control has a name --------------------------------------------

# The roles a person operates; a screen reader reads each one's name before anything else.
_INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box", "text",
                "entry", "password text", "spin button", "slider", "page tab", "menu item",
                "table", "tree", "tree table", "list", "button with menu"}


def _path(node):
    parts = []
    try:
        parent = node.parent
        while parent is not None and len(parts) < 6:
            parts.append(f'{parent.getRoleName()} "{parent.name}"')
            if parent.getRoleName() == "application":
                break
            parent = parent.parent
    except Exception:
        pass
    return " < ".join(parts)


def unnamed_controls(root):
    """Every showing interactive control below `root` with an empty accessible name."""
    found, queue = [], [root]
    while queue:
        node = queue.pop(0)
        try:
            role = node.getRoleName()
            showing = node.getState().contains(pyatspi.STATE_SHOWING)
            name = node.name
        except Exception:
            continue
        if role in _INTERACTIVE and showing and not name.strip():
            found.append(f"{role} in {_path(node)}")
        if role not in ("table", "tree table", "list", "tree"):  # not every row and cell
            queue.extend(node.getChildAtIndex(i) for i in range(node.childCount))
    return found


def collect_unnamed(app, where, found, seen):
    """Adds what is unnamed now and was not already found on an earlier page (the main window
    stays behind a dialog); two alike in one place are two."""
    items = unnamed_controls(app.root())
    found.extend(f"{where}: {item}" for item in items if item not in seen)
    seen.update(items)


def journey_unnamed_controls(j):
    """Every page and every dialog the menus open without changing anything: 0 unnamed."""
    db = j.database()
    found, seen = [], set()
    app = j.start()  # the connection dialog first, as a new user sees it
    app.find("dialog", "Connect to a database")
    wait_for("the dialog's controls", lambda: app.find_all("push button", contains="Connect"))
    collect_unnamed(app, "connection dialog", found, seen)
    connect_in_dialog(app, j.cluster.url(db), profile="journey")
    main_window(app)
    # Each page, and a control that is on screen once the page is (a page tab says nothing
    # about being the current one).
    pages = [("Overview", "label", "Horoscopes and views by sign"),
             ("Horoscopes", "label", " rows loaded"),
             ("Coverage", "push button", "Next gap"),
             ("View trends", "push button", "Save PNG"),
             ("Migrations", "push button", "Preview SQL"),
             ("Activity", "push button", "Restore")]
    # The tabs inside a page, and a control on each once it is on screen.
    inner = {"Horoscopes": [("History", "push button", "Restore this version")],
             "View trends": [("Raw counts", "label", "read-only here")],
             "Migrations": [("Log", "text", "Migration log")]}
    for tab, role, sign in pages:
        press(app.find("menu item", tab, showing=False))  # Go › the page
        app.find(role, contains=sign)
        collect_unnamed(app, f"{tab} page", found, seen)
        for inner_tab, inner_role, inner_sign in inner.get(tab, []):
            press(app.find("page tab", inner_tab))
            app.find(inner_role, contains=inner_sign)
            collect_unnamed(app, f"{tab} page, {inner_tab} tab", found, seen)
        if tab == "Horoscopes":
            # A custom date range shows two more fields; text in the search, its clear button.
            press(app.find("page tab", "Text"))
            focus(app, app.find("text", "Search the text"))
            type_text("zz")
            keys("shift+Tab")  # back to the range of dates
            app.focused("combo box")
            keys("End")  # Custom range, the last
            app.find("combo box", "Custom range")
            wait_for("a clear button", lambda: app.find_all("push button", "Clear"))
            collect_unnamed(app, "Horoscopes page, a custom range and a search", found, seen)
            keys("ctrl+a", "BackSpace")
    dialogs = [("About Horoscope Admin", "dialog", None),
               ("AI Provider…", "dialog", None),
               ("Your Name in the History…", "dialog", None),
               ("Connect to Another Database…", "dialog", "Connect to a database")]
    for item, role, title in dialogs:
        press(app.find("menu item", item, showing=False))
        dialog = wait_for(f"the dialog of {item}", lambda: next(
            (d for d in app.find_all(role) if title is None or d.name == title), None))
        time.sleep(0.3)
        collect_unnamed(app, f"{item} dialog", found, seen)
        focus_window(app)
        keys("Escape")
        wait_for(f"the dialog of {item} closed", lambda: not app.find_all(role))
        del dialog
    print(f"{len(found)} unnamed interactive controls")
    if found:
        raise JourneyFailed(f"{len(found)} interactive controls have no accessible name:\n"
                            + "\n".join(found))


# -- Part 2, defect 9. A read-only role: typing says why, quitting asks nothing, Migrations explains

def journey_read_only_role(j):
    """The Manager role of docs/security.md (SELECT only): typing into the text says it is read-only and
    why, the row is unchanged, Quit ends without asking to save, the Migrations page explains
    in one line what the role may not do instead of a raw permission error."""
    db = j.database()
    role = "journey_manager"
    j.cluster.psql(f"CREATE ROLE {role} LOGIN")
    j.cluster.psql(f'GRANT CONNECT ON DATABASE "{db}" TO {role}', db)
    j.cluster.psql(f"GRANT USAGE ON SCHEMA public TO {role}", db)
    j.cluster.psql("GRANT SELECT ON horoscope_cache, horoscope_views, horoscope_cache_revisions,"
                   f" horoscope_admin_schema_history TO {role}", db)
    url = j.cluster.url(db).replace("postgres@", f"{role}@", 1)
    before = j.cluster.psql("SELECT id, content FROM horoscope_cache ORDER BY id", db)

    app = j.start("--database-url", url)
    open_list(app)
    shown = text_of(horoscope_text(app))
    keys("shift+F6")  # Go › Horoscope Text
    app.focused("text")
    keys("ctrl+End")
    type_text("x")

    def why_read_only():
        for label in app.find_all("label", contains="read-only"):
            if "UPDATE" in label.name and size_of(label)[0] > 0:
                return label
        return None
    label = wait_for("a message on screen that the text is read-only and why", why_read_only, 10)
    print(f'said: "{label.name}"')
    j.shot("typed")
    if text_of(horoscope_text(app)) != shown:
        raise JourneyFailed("the read-only text changed on screen")
    if j.cluster.psql("SELECT id, content FROM horoscope_cache ORDER BY id", db) != before:
        raise JourneyFailed("the text changed in PostgreSQL")

    # Quit (Ctrl+Q): nothing to save, so it ends at once without a question.
    focus_window(app)
    keys("ctrl+q")
    started = time.monotonic()
    deadline = started + 5
    while time.monotonic() < deadline and app.alive():
        asks = [d.name for d in app.find_all("dialog") + app.find_all("alert")]
        if any("unsaved" in (n or "").lower() or "save" in (n or "").lower() for n in asks):
            raise JourneyFailed(f"quitting asks: {asks}")
        app.wait_exit(0.1)
    if app.alive():
        names = [d.name for d in app.find_all("dialog") + app.find_all("alert")]
        raise JourneyFailed(f"the program still runs 5 s after Ctrl+Q (dialogs: {names})")
    print(f"ended {time.monotonic() - started:.2f} s after Ctrl+Q")

    # Started again, the Migrations page: one line on what the role may not do and what to
    # ask for.
    app = j.start("--database-url", url)
    main_window(app)
    press(app.find("menu item", "Migrations", showing=False))
    app.find("push button", contains="Preview SQL")

    def explained():
        texts = [n.name for n in app.find_all("label")]
        texts += [text_of(n) for n in app.find_all("text")]
        raw = [t for t in texts if "permission denied" in t]
        if raw:
            raise JourneyFailed(f'the Migrations page shows a raw permission error: "{raw[0]}"')
        return next((t for t in texts if "may not" in t and "migration" in t.lower()
                     and "ask" in t.lower() and "\n" not in t.strip()), None)
    said = wait_for("a one-line explanation on the Migrations page", explained, 10)
    print(f'Migrations page: "{said}"')
    j.shot("migrations")
