"""The daily work the README promises (issue 21): browse and search, fix a typo with the keyboard
only, a conflict with the bot merged, a version restored from the history, a horoscope
invalidated, a migration rolled back and applied again, the trends seen and exported.

Each journey checks what a person relies on: the rows in PostgreSQL (`j.cluster.psql`), the text
and on-screen size of what is shown, and that the program still runs."""

import csv
import pathlib

import pyatspi

from journey import JourneyFailed, focus, focus_window, keys, size_of, text_of, type_text
from journey import wait_for
from journeys import assert_lives, horoscope_text, main_window, open_list, status_label
from journeys import type_into_editor


# -- Helpers ---------------------------------------------------------------------------------

def sql_one(j, db, sql):
    rows = j.cluster.psql(sql, db)
    return rows[0][0] if rows else None


def seen(node, what):
    """`node` is on screen: wider and taller than 0 px."""
    width, height = size_of(node)
    if width <= 0 or height <= 0:
        raise JourneyFailed(f"{what} is {width}x{height} px on screen")
    return node


def table_cells(app, name, column):
    """The texts of one column of a table, as its accessible cells give them (AT-SPI Table)."""
    table = app.find("table", name).queryTable()
    return [table.getAccessibleAt(row, column).name for row in range(table.nRows)]


def table_column(app, name, title):
    table = app.find("table", name).queryTable()
    titles = [table.getColumnDescription(c) for c in range(table.nColumns)]
    if title not in titles:
        raise JourneyFailed(f'the table "{name}" has no column "{title}": {titles}')
    return titles.index(title)


def rows_loaded(app, count):
    """The list's count says `count` rows, all loaded."""
    want = f"{count} rows loaded of {count}"
    return wait_for(f'"{want}" under the list', lambda: next(
        (label for label in app.find_all("label", contains=" rows loaded")
         if label.name == want), None), 15)


def list_shows(app, texts):
    """The list's Text column holds exactly `texts` (in any order), and its count says so."""
    seen(rows_loaded(app, len(texts)), "the row count")
    column = table_column(app, "Horoscopes", "Text")
    wait_for(f"the list to show exactly {len(texts)} rows",
             lambda: sorted(table_cells(app, "Horoscopes", column)) == sorted(texts), 10)


def tab_to(app, name, limit=8):
    """Tab (within the window that has the focus) until the button `name` has the focus."""
    for _ in range(limit):
        try:
            node = app.focused("push button", timeout=2)
            if node.name == name:
                return node
        except JourneyFailed:
            pass
        keys("Tab")
    raise JourneyFailed(f'Tab never reached the button "{name}"')


def activate(app, node):
    """The keyboard way to press a button: give it the focus, then Space."""
    focus(app, node)
    keys("space")


def windows_titled(app, title):
    """Dialogs and message boxes (role "alert") with this title."""
    return [d for d in app.find_all("dialog") + app.find_all("alert") if d.name == title]


def dialog(app, title, timeout=15):
    node = wait_for(f'the dialog "{title}"', lambda: next(iter(windows_titled(app, title)), None),
                    timeout)
    wait_for(f'the dialog "{title}" on screen', lambda: size_of(node)[0] > 0)
    focus_window(app)  # no window manager: the new window gets X's input focus
    return node


def no_dialog(app, title):
    wait_for(f'the dialog "{title}" closed',
             lambda: not windows_titled(app, title), 15)
    focus_window(app)  # no window manager: X's input focus goes back to the main window


def message_said(app, contains):
    """A message on screen (the window's message bar) containing `contains`."""
    def look():
        for node in app.find_all("label", contains=contains):
            if size_of(node)[0] > 0:
                return node
        return None
    return wait_for(f'a message "…{contains}…" on screen', look, 15)


def open_text(app, j, db):
    """Opens the first horoscope (F6, Ctrl+Home); returns its id and text from the database."""
    open_list(app)
    shown = text_of(horoscope_text(app))
    rows = j.cluster.psql(f"SELECT id FROM horoscope_cache WHERE content = '{shown}'", db)
    if len(rows) != 1:
        raise JourneyFailed(f'the text shown "{shown}" is in {len(rows)} rows')
    return int(rows[0][0]), shown


def content(j, db, row_id):
    return sql_one(j, db, f"SELECT content FROM horoscope_cache WHERE id = {row_id}")


# -- Browse and search -----------------------------------------------------------------------

def journey_browse_and_search(j):
    """Ctrl+F, a word in another case, then the Leo sign: the list shows only what PostgreSQL
    finds for the same conditions (texts, count), and clearing each brings the rest back."""
    db = j.database()
    j.cluster.psql("UPDATE horoscope_cache SET content = content || ' Mercury turns back.' "
                   "WHERE (zodiac_sign, horoscope_date) IN (('aries', current_date), "
                   "('leo', current_date), ('leo', current_date - 1))", db)

    def texts(where):
        return [r[0] for r in j.cluster.psql(f"SELECT content FROM horoscope_cache WHERE {where}",
                                             db)]
    app = j.start("--database-url", j.cluster.url(db))
    main_window(app)
    focus_window(app)
    keys("ctrl+2")  # the Horoscopes page
    list_shows(app, texts("true"))

    keys("ctrl+f")
    search = app.focused("text")
    if search.name != "Search the text":
        raise JourneyFailed(f'Ctrl+F put the focus on "{search.name}", not the search field')
    type_text("MERCURY")
    list_shows(app, texts("content ILIKE '%mercury%'"))  # 3: Aries and two Leos
    j.shot("searched")

    keys("shift+Tab", "shift+Tab")  # back past the dates to the signs
    if app.focused("push button").name != "All signs":
        raise JourneyFailed("Shift+Tab twice from the search did not reach the signs")
    # Space opens the signs' menu, Down goes to Aries, four more to Leo, Return checks it.
    # (A button's popup menu is not in the AT-SPI tree, Qt leaves popups out: the button's
    # name says what was checked.)
    keys("space", *["Down"] * 5, "Return")
    seen(app.find("push button", "Leo", timeout=10), "the signs button naming Leo")
    list_shows(app, texts("content ILIKE '%mercury%' AND zodiac_sign = 'leo'"))
    j.shot("search-and-sign")

    keys("ctrl+f", "ctrl+a", "BackSpace")  # clear the search: every Leo
    list_shows(app, texts("zodiac_sign = 'leo'"))
    keys("shift+Tab", "shift+Tab", "space", *["Down"] * 5, "Return")  # Leo unchecked
    app.find("push button", "All signs", timeout=10)
    list_shows(app, texts("true"))
    assert_lives(app, 0.2)


# -- Fix a typo with the keyboard only -------------------------------------------------------

def journey_fix_typo_keyboard_only(j):
    """F6, Ctrl+Home opens the text; Shift+F6, arrows and Shift+arrows select the misspelt word,
    typing replaces it, Ctrl+S saves: the row has the word right, the history keeps the typo
    as an edit, and the History tab (reached with Ctrl+Tab) lists it. No press() at all."""
    db = j.database()
    j.cluster.psql("UPDATE horoscope_cache SET content = replace(content, 'the stars', "
                   "'teh stars') WHERE horoscope_date = current_date", db)
    app = j.start("--database-url", j.cluster.url(db))
    row_id, typo = open_text(app, j, db)
    if "teh stars" not in typo:
        raise JourneyFailed(f'the first horoscope has no typo: "{typo}"')
    keys("shift+F6")  # Go › Horoscope Text
    app.focused("text")
    keys("ctrl+Home", *["Right"] * typo.index("teh"), "shift+Right", "shift+Right",
         "shift+Right")
    type_text("the")
    fixed = typo.replace("teh", "the")
    wait_for("the word fixed in the editor", lambda: text_of(horoscope_text(app)) == fixed, 10)
    wait_for('"unsaved changes" on screen', lambda: "unsaved changes" in status_label(app).name)
    j.shot("fixed")
    keys("ctrl+s")
    wait_for("the fixed text in the row", lambda: content(j, db, row_id) == fixed, 15)
    wait_for("no unsaved changes said", lambda: "unsaved" not in status_label(app).name)
    edits = j.cluster.psql("SELECT content FROM horoscope_cache_revisions WHERE cache_id = "
                           f"{row_id} AND change_kind = 'edited'", db)
    if edits != [[typo]]:
        raise JourneyFailed(f"the history keeps {edits} as this app's edits, not the typo")
    keys("ctrl+Tab")  # from the text to the History tab
    tab = app.find("page tab", contains="History (2)")
    versions = wait_for("the versions on screen", lambda: next(
        (n for n in app.find_all("list", contains="Versions") if size_of(n)[1] > 0), None), 10)
    wait_for("three versions listed (the current text, the edit, the bot's)",
             lambda: versions.childCount >= 3, 10)
    seen(tab, "the History tab")
    current = versions.getChildAtIndex(0).name
    if not current.startswith("Current text: Edited by"):
        raise JourneyFailed(f'the newest version says "{current}", not who edited it')
    j.shot("history")
    assert_lives(app, 0.2)


# -- A conflict with the bot, merged ---------------------------------------------------------

def journey_conflict_merge(j):
    """The bot changes the open text behind the app's back (psql) while the editor adds words:
    Ctrl+S shows the conflict dialog, which says the changes touch different words; Save Merged
    Text (Alt+S) stores both changes in the row."""
    db = j.database()
    app = j.start("--database-url", j.cluster.url(db))
    row_id, original = open_text(app, j, db)
    theirs = original.replace("the stars smile", "the stars shine")
    j.cluster.psql(f"UPDATE horoscope_cache SET content = '{theirs}' WHERE id = {row_id}", db)
    type_into_editor(app, " Typed words.")
    keys("ctrl+s")
    conflict = dialog(app, "Someone else changed this horoscope")
    intro = seen(wait_for("the dialog's explanation", lambda: next(
        (n for n in app.find_all("label", contains="While you were editing")), None)),
        "the conflict's explanation")
    print(f'said: "{intro.name}"')
    if "different words" not in intro.name:
        raise JourneyFailed(f'the dialog does not say the changes merge: "{intro.name}"')
    if content(j, db, row_id) != theirs:
        raise JourneyFailed("the bot's text was overwritten before anyone decided")
    j.shot("conflict")
    keys("alt+s")  # &Save Merged Text
    no_dialog(app, conflict.name)
    merged = theirs + " Typed words."
    wait_for("the merged text in the row", lambda: content(j, db, row_id) == merged, 15)
    wait_for("the merged text in the editor", lambda: text_of(horoscope_text(app)) == merged)
    wait_for("no unsaved changes said", lambda: "unsaved" not in status_label(app).name)
    assert_lives(app, 0.2)


# -- Restore a version from the history ------------------------------------------------------

def journey_restore_from_history(j):
    """Two saves (" One.", then " Two."); on the History tab the version after the first save
    is selected with the keyboard and restored: the row has that text again, and the history
    says it was restored from that version."""
    db = j.database()
    app = j.start("--database-url", j.cluster.url(db))
    row_id, original = open_text(app, j, db)
    for words in (" One.", " Two."):
        type_into_editor(app, words)
        keys("ctrl+s")
        wait_for(f'"{words}" in the row', lambda: content(j, db, row_id).endswith(words), 15)
    first_save = original + " One."
    keys("ctrl+Tab")  # the History tab
    app.find("page tab", contains="History (2)")
    versions = wait_for("the versions on screen", lambda: next(
        (n for n in app.find_all("list", contains="Versions") if size_of(n)[1] > 0), None), 10)
    wait_for("three versions", lambda: versions.childCount >= 3, 10)
    focus(app, versions)
    keys("Home", "Down")  # the newest earlier version: the text after the first save
    diff = wait_for("the selected version's changes", lambda: next(
        (n for n in app.find_all("label", contains="Changes in the selected version")
         if size_of(n)[1] > 0), None))
    seen(diff, "the changes of the selected version")
    restore = app.find("push button", "Restore this version")
    wait_for("Restore this version enabled",
             lambda: restore.getState().contains(pyatspi.STATE_ENABLED), 5)
    j.shot("version-selected")
    activate(app, restore)
    dialog(app, "Restore this version")
    keys("Return")  # Restore and save is the default: nothing is destroyed
    wait_for("the first saved version in the row", lambda: content(j, db, row_id) == first_save,
             15)
    wait_for("the restored text in the editor",
             lambda: text_of(horoscope_text(app)) == first_save)
    restored = j.cluster.psql(
        "SELECT r.change_kind, v.content FROM horoscope_cache_revisions r JOIN "
        "horoscope_cache_revisions v ON v.revision_id = r.restored_from "
        f"WHERE r.cache_id = {row_id} AND r.restored_from IS NOT NULL", db)
    if restored != [["restored", first_save]]:
        raise JourneyFailed(f"the history says {restored} about the restore")
    assert_lives(app, 0.2)


# -- Invalidate a horoscope ------------------------------------------------------------------

def journey_invalidate(j):
    """Del on a row of the list asks first (Return keeps it: the default is Cancel); Del again,
    Tab to Invalidate, Space: the row is gone from horoscope_cache and from the list, the
    deleted text is in the history, and the window says so."""
    db = j.database()
    app = j.start("--database-url", j.cluster.url(db))
    open_list(app)
    keys("F6", "Down")  # the second row
    second = wait_for("the second horoscope open", lambda: next(
        (t for t in [text_of(horoscope_text(app))] if "stars smile" in t and not t.startswith(
            "Pisces on")), None))
    row_id = int(sql_one(j, db, f"SELECT id FROM horoscope_cache WHERE content = '{second}'"))
    keys("F6", "Delete")
    question = dialog(app, "Invalidate horoscopes")
    keys("Return")  # the default answer keeps it
    no_dialog(app, question.name)
    if content(j, db, row_id) != second:
        raise JourneyFailed("Return on the question deleted the horoscope")
    keys("F6", "Delete")
    question = dialog(app, "Invalidate horoscopes")
    said = wait_for("the question", lambda: next(
        (n for n in app.find_all("label", contains="Delete 1 horoscope")), None))
    print(f'asked: "{said.name}"')
    j.shot("question")
    tab_to(app, "Invalidate")
    keys("space")
    no_dialog(app, question.name)
    wait_for("the row gone from horoscope_cache", lambda: sql_one(
        j, db, f"SELECT count(*) FROM horoscope_cache WHERE id = {row_id}") == "0", 15)
    column = table_column(app, "Horoscopes", "Text")
    seen(rows_loaded(app, 35), "the row count")
    wait_for("the row gone from the list",
             lambda: second not in table_cells(app, "Horoscopes", column), 10)
    message_said(app, "1 horoscope invalidated")
    kept = j.cluster.psql("SELECT operation, change_kind FROM horoscope_cache_revisions "
                          f"WHERE cache_id = {row_id} AND content = '{second}'", db)
    if kept != [["DELETE", "invalidated"]]:
        raise JourneyFailed(f"the history keeps {kept} for the invalidated text")
    j.shot("invalidated")
    assert_lives(app, 0.2)


# -- Roll back a migration and apply it again ------------------------------------------------

def migration_ids(j, db):
    return [r[0] for r in j.cluster.psql(
        "SELECT id FROM horoscope_admin_schema_history ORDER BY id", db)]


def has_column(j, db, table, column):
    return sql_one(j, db, "SELECT count(*) FROM information_schema.columns WHERE "
                          f"table_name = '{table}' AND column_name = '{column}'") == "1"


def select_migration(app, migration):
    """Puts the Migrations table's current row on `migration` with the arrow keys."""
    table = app.find("table", "Migrations")
    cells = table_cells(app, "Migrations", 0)
    row = next((i for i, c in enumerate(cells) if c == migration), None)
    if row is None:
        raise JourneyFailed(f"{migration} is not in the Migrations table: {cells}")
    focus_window(app)
    keys("ctrl+5")  # the page again: the keyboard focus goes to its first control, the table
    keys("ctrl+Home", *["Down"] * row)
    wait_for(f"{migration} selected in the table",
             lambda: table.queryTable().isRowSelected(row), 5)


def migration_done(app):
    """The migration log (on its tab, shown or not) ends with "Done."."""
    log = app.find("text", "Migration log", showing=False)
    wait_for('"Done." in the migration log', lambda: text_of(log).strip().endswith("Done."), 20)


def journey_rollback_migration(j):
    """Migrations page (Ctrl+5): roll back the last migration (it drops no data): the
    question's default (Return) changes nothing, Tab to Roll back does it. Then 0006 (and what
    came after it), whose rollback drops history labels: Delete and roll back stays disabled
    until the database name is typed. Apply pending brings them all back."""
    db = j.database()
    j.cluster.psql("UPDATE horoscope_cache SET content = content || ' Edited.' "
                   "WHERE zodiac_sign = 'leo'", db)
    j.cluster.psql("UPDATE horoscope_cache_revisions SET changed_by_person = 'Journey'", db)
    all_ids = migration_ids(j, db)
    if "0006" not in all_ids or all_ids[-1] == "0006":
        raise JourneyFailed(f"the migrations applied are {all_ids}")
    last, from_0006 = all_ids[-1], all_ids.index("0006")
    app = j.start("--database-url", j.cluster.url(db))
    main_window(app)
    focus_window(app)
    keys("ctrl+5")
    app.find("label", "The database is up to date.")

    select_migration(app, last)
    activate(app, app.find("push button", "Roll back selected…"))
    question = dialog(app, "Roll back migrations")
    keys("Return")  # the default is Cancel
    no_dialog(app, question.name)
    if migration_ids(j, db) != all_ids:
        raise JourneyFailed("Return on the question rolled back")
    activate(app, app.find("push button", "Roll back selected…"))
    dialog(app, "Roll back migrations")
    tab_to(app, "Roll back")
    keys("space")
    no_dialog(app, question.name)
    wait_for(f"{last} rolled back", lambda: migration_ids(j, db) == all_ids[:-1], 20)
    migration_done(app)
    seen(app.find("label", "1 migration pending."), "the pending count")

    select_migration(app, "0006")
    activate(app, app.find("push button", "Roll back selected…"))
    typed = dialog(app, "Roll back migrations and delete data")
    loss = wait_for("the data that would be lost, named", lambda: next(
        (n for n in app.find_all("label", contains="changed_by_person")), None))
    print(f'asked: "{loss.name}"')
    seen(loss, "the loss")
    delete = app.find("push button", "Delete and roll back")
    if delete.getState().contains(pyatspi.STATE_ENABLED):
        raise JourneyFailed("Delete and roll back is enabled before the name is typed")
    app.focused("text")  # the name field has the keyboard
    type_text(db[:-1])
    if delete.getState().contains(pyatspi.STATE_ENABLED):
        raise JourneyFailed("Delete and roll back is enabled with a part of the name")
    type_text(db[-1])
    wait_for("Delete and roll back enabled",
             lambda: delete.getState().contains(pyatspi.STATE_ENABLED), 5)
    j.shot("typed-confirmation")
    tab_to(app, "Delete and roll back")
    keys("space")
    no_dialog(app, typed.name)
    wait_for("0006 rolled back", lambda: migration_ids(j, db) == all_ids[:from_0006], 20)
    migration_done(app)
    if has_column(j, db, "horoscope_cache_revisions", "changed_by_person"):
        raise JourneyFailed("changed_by_person is still there after rolling 0006 back")
    pending = len(all_ids) - from_0006
    seen(app.find("label", f"{pending} migrations pending."), "the pending count")

    activate(app, app.find("push button", "Apply pending"))
    dialog(app, "Apply migrations")
    keys("Return")  # Apply is the default: it destroys nothing
    wait_for("every migration applied again", lambda: migration_ids(j, db) == all_ids, 20)
    if not has_column(j, db, "horoscope_cache_revisions", "changed_by_person"):
        raise JourneyFailed("changed_by_person did not come back")
    seen(app.find("label", "The database is up to date."), "the summary")
    # The window's bar said "2 migrations pending" after the rollback; now it must not.
    wait_for('no "The database is behind" on screen once it is up to date', lambda: not [
        n for n in app.find_all("label", contains="The database is behind")
        if size_of(n)[0] > 0], 5)
    j.shot("up-again")
    assert_lives(app, 0.2)


# -- Trends on screen, exported --------------------------------------------------------------

def journey_trends_and_export(j):
    """View trends (Ctrl+4): the chart is on screen and the status counts the views PostgreSQL
    has; Save CSV… with a path typed into the file dialog writes a file in HOME whose header
    and rows (30 days x 12 signs) are the database's numbers."""
    db = j.database()
    j.cluster.psql("INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) "
                   "SELECT s, d::date, (abs(hashtext(s || d::text)) % 50) "
                   "FROM unnest(ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra',"
                   "'scorpio','sagittarius','capricorn','aquarius','pisces']) s, "
                   "generate_series(current_date - 40, current_date, interval '1 day') d", db)
    total = int(sql_one(j, db, "SELECT sum(view_count) FROM horoscope_views "
                               "WHERE view_date > current_date - 30"))
    app = j.start("--database-url", j.cluster.url(db))
    main_window(app)
    focus_window(app)
    keys("ctrl+4")
    chart = app.find("filler", contains="Chart of views")
    wait_for("the chart on screen", lambda: min(size_of(chart)) > 100, 10)
    print(f"chart {size_of(chart)[0]}x{size_of(chart)[1]} px")
    status = wait_for("the views counted", lambda: next(
        (n for n in app.find_all("label", contains=" views, ") if size_of(n)[0] > 0), None))
    if f": {total:,} views".replace(",", "\u00a0") not in status.name and \
            f": {total:,} views" not in status.name and f": {total} views" not in status.name:
        raise JourneyFailed(f'the trends say "{status.name}"; PostgreSQL has {total} views')
    j.shot("chart")

    path = pathlib.Path(j.home) / "trends-export.csv"
    activate(app, app.find("push button", "Save CSV…"))
    dialog(app, "Save the numbers")
    name = app.focused("text")
    keys("ctrl+a")
    type_text(str(path))
    wait_for("the path in the file name field", lambda: text_of(name) == str(path), 5)
    j.shot("file-dialog")
    keys("Return")
    no_dialog(app, "Save the numbers")
    wait_for("the CSV file", path.exists, 10)
    message_said(app, "Saved the numbers to")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["bucket", "sign", "views", "first_day", "last_day", "days", "complete"]:
        raise JourneyFailed(f"the CSV header is {rows[0]}")
    rows = [row[:3] for row in rows]
    expected = j.cluster.psql(
        "SELECT d::date, s, coalesce(v.view_count, 0) FROM generate_series(current_date - 29, "
        "current_date, interval '1 day') d CROSS JOIN unnest(ARRAY['aries','taurus','gemini',"
        "'cancer','leo','virgo','libra','scorpio','sagittarius','capricorn','aquarius',"
        "'pisces']) s LEFT JOIN horoscope_views v ON v.zodiac_sign = s AND v.view_date = d",
        db)
    if len(rows) - 1 != len(expected) or sorted(rows[1:]) != sorted(expected):
        raise JourneyFailed(f"the CSV has {len(rows) - 1} rows, PostgreSQL {len(expected)}; "
                            f"first rows: {rows[1:4]} against {sorted(expected)[:3]}")
    print(f"CSV: {len(rows) - 1} rows, as in PostgreSQL")
    assert_lives(app, 0.2)
