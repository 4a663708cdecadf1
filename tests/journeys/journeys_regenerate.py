"""Regenerate one horoscope from the list and review it, all from the keyboard (issue 21)."""

import pyatspi

from journey import JourneyFailed, find_node, focus_window, keys, size_of, text_of, type_text, wait_for
from journeys import horoscope_text, open_list, status_label


def _table(app):
    return app.find("table", contains="")


def _selected(app):
    """The list's selected rows, as (row, first cell's text) pairs."""
    table = _table(app).queryTable()
    return [(r, table.getAccessibleAt(r, 0).name) for r in table.getSelectedRows()]


def _on_screen(app, row):
    """Whether the row's first cell is inside the list as drawn (not scrolled away)."""
    table = _table(app)
    cell = table.queryTable().getAccessibleAt(row, 0).queryComponent()
    box = cell.getExtents(pyatspi.DESKTOP_COORDS)
    area = table.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return box.height > 0 and area.y <= box.y and box.y + box.height <= area.y + area.height


def _count_line(app, window):
    """The character count line inside `window` (a dialog), once it is on screen."""
    def look():
        app.assert_alive()
        return find_node(window, "label", contains="character")
    label = wait_for(f'the character count in "{window.name}"', look, 10)
    width, height = size_of(label)
    if width <= 0 or height <= 0:
        raise JourneyFailed(f'the count line "{label.name}" in "{window.name}" is '
                            f"{width}x{height} px on screen")
    return label


def journey_regenerate_and_review(j):
    """Open the list's last horoscope (the list scrolled down), regenerate it with the demo
    provider through the list's context menu, review the new text (its count line on screen,
    in the review and in its editor), Write; then the row, the editor and the list agree with
    it, and a correction typed next saves without a conflict."""
    db = j.database(days=25)  # 300 rows: three pages of 100
    app = j.start("--database-url", j.cluster.url(db))
    open_list(app)  # F6, the first row opened

    # The last row, far down: Ctrl+End goes to the last row loaded, and the list fetches the
    # next page as it scrolls down to it; again until every row is there.
    def all_loaded():
        keys("ctrl+End")
        return app.find_all("label", contains="300 rows loaded of 300")
    wait_for("all 300 rows loaded", all_loaded, 30, interval=1.0)
    keys("ctrl+End")
    wait_for("the last row selected and on screen",
             lambda: [r for r, _ in _selected(app)] == [299] and _on_screen(app, 299))
    row_text = _table(app).queryTable().getAccessibleAt(299, 2).name  # the Text column
    wait_for("its horoscope in the editor", lambda: text_of(horoscope_text(app)) == row_text)
    before = _selected(app)
    old_text = text_of(horoscope_text(app))

    # The list's context menu › Regenerate…: the popup takes the "r" as it opens (X delivers
    # the keys in order; a popup menu is not on the accessibility tree to wait for).
    keys("Menu", "r")
    dialog = app.find("dialog", "Regenerate horoscopes")
    wait_for("the new text ready to accept",
             lambda: app.find("push button", "Accept").getState().contains(
                 pyatspi.STATE_SENSITIVE))
    focus_window(app)  # the review's window gets the keys (no window manager here)
    label = _count_line(app, dialog)
    print(f'review count line: "{label.name}", {size_of(label)[0]} px wide')
    j.shot("review")

    keys("alt+e")  # Edit text…: the same count line (and spell checking) as the main editor
    editor = app.find("dialog", "Edit the new text")
    label = _count_line(app, editor)
    counted = label.name
    type_text(" recieve")  # counted as typed (and underlined: see the screenshot)
    wait_for("the typed characters counted",
             lambda: _count_line(app, editor).name != counted)
    print(f'review editor count line: "{counted}", then "{_count_line(app, editor).name}"')
    j.shot("review-editor")
    keys("Escape")  # Cancel: the generated text stays as it was
    app.missing("dialog", "Edit the new text")
    focus_window(app)

    keys("alt+a")  # Accept
    wait_for("Write offered for 1 text",
             lambda: app.find("push button", contains="Write 1").getState().contains(
                 pyatspi.STATE_SENSITIVE))
    keys("alt+w")
    app.find("label", contains="Written: 1.")
    j.shot("written")
    keys("Escape")  # close the review
    app.missing("dialog", "Regenerate horoscopes")
    focus_window(app)

    # As hex: psql prints a text's newlines as they are.
    rows = j.cluster.psql("SELECT encode(convert_to(content, 'UTF8'), 'hex') FROM "
                          "horoscope_cache ORDER BY generated_at DESC, id LIMIT 1", db)
    new_text = bytes.fromhex(rows[0][0]).decode()
    if new_text == old_text:
        raise JourneyFailed("the row in PostgreSQL still has the old text")
    wait_for("the written text in the editor",
             lambda: text_of(horoscope_text(app)) == new_text, 10)
    if "unsaved" in status_label(app).name:
        raise JourneyFailed(f'the editor says "{status_label(app).name}" after Write')
    after = _selected(app)
    if after != before:
        raise JourneyFailed(f"the list selects {after} after Write, before {before}")
    if not _on_screen(app, before[0][0]):
        raise JourneyFailed("the selected row was scrolled out of sight after Write")
    j.shot("after-write")

    keys("shift+F6")
    app.focused("text")
    keys("ctrl+End")
    type_text(" Reviewed")
    wait_for("the typed word in the editor",
             lambda: text_of(horoscope_text(app)).endswith(" Reviewed"))
    keys("ctrl+s")

    def saved():
        asked = [d.name for d in app.find_all("dialog") if "changed" in (d.name or "")]
        if asked:
            raise JourneyFailed(f'saving after Write asked "{asked[0]}"')
        return j.cluster.psql("SELECT count(*) FROM horoscope_cache WHERE content = "
                              f"convert_from('\\x{(new_text + ' Reviewed').encode().hex()}'"
                              "::bytea, 'UTF8')", db) == [["1"]]
    wait_for("the correction in the row", saved, 10)
