"""The activity log and undoing an invalidation (issue 24, parts 3 and 4): a horoscope invalidated
with Del in the list is found on the Activity page (Ctrl+6), under the Deleted filter, and put
back with Restore, all with the keyboard; the row is back in PostgreSQL with the deleted text,
the history says who restored it, and the program still runs."""

from journey import JourneyFailed, keys, size_of, text_of, wait_for
from journeys import assert_lives, horoscope_text, open_list
from journeys_daily import dialog, message_said, no_dialog, sql_one, tab_to, table_cells
from journeys_daily import table_column


def journey_restore_invalidated(j):
    """Del on the second row and Invalidate; Ctrl+6 opens Activity, whose newest entry says who
    invalidated it; Alt+K, Down chooses "Deleted (invalidated)", which lists only it; Alt+R
    restores it: the same sign and day are in horoscope_cache again with the deleted text, the
    history has an INSERT "restored" from that deletion, and a message says it is back."""
    db = j.database()
    app = j.start("--database-url", j.cluster.url(db))
    open_list(app)
    keys("F6", "Down")  # the second row
    second = wait_for("the second horoscope open", lambda: next(
        (t for t in [text_of(horoscope_text(app))] if "stars smile" in t and not t.startswith(
            "Pisces on")), None))
    sign, day = j.cluster.psql(
        f"SELECT zodiac_sign, horoscope_date FROM horoscope_cache WHERE content = '{second}'",
        db)[0]
    keys("F6", "Delete")
    question = dialog(app, "Invalidate horoscopes")
    tab_to(app, "Invalidate")
    keys("space")
    no_dialog(app, question.name)
    wait_for("the row gone from horoscope_cache", lambda: sql_one(
        j, db, f"SELECT count(*) FROM horoscope_cache WHERE zodiac_sign = '{sign}' "
        f"AND horoscope_date = '{day}'") == "0", 15)

    keys("ctrl+6")  # Go › Activity
    table = app.find("table", "Activity")
    wait_for("the Activity list on screen", lambda: size_of(table)[1] > 0)
    column = table_column(app, "Activity", "What happened")
    newest = wait_for("the invalidation as the newest entry", lambda: next(
        (c for c in table_cells(app, "Activity", column)[:1] if c.startswith("Invalidated by")),
        None), 15)
    print(f'newest entry: "{newest}"')
    keys("alt+k", "Down")  # Kind: Deleted (invalidated)
    wait_for("only the invalidation listed", lambda: [
        c[:14] for c in table_cells(app, "Activity", column)] == ["Invalidated by"], 15)
    j.shot("deleted")
    keys("alt+r")  # Restore
    wait_for("the horoscope back in horoscope_cache", lambda: sql_one(
        j, db, f"SELECT content FROM horoscope_cache WHERE zodiac_sign = '{sign}' "
        f"AND horoscope_date = '{day}'") == second, 15)
    history = j.cluster.psql(
        "SELECT r.operation, r.change_kind, d.change_kind FROM horoscope_cache_revisions r "
        "JOIN horoscope_cache_revisions d ON d.revision_id = r.restored_from "
        f"WHERE r.zodiac_sign = '{sign}' AND r.horoscope_date = '{day}'", db)
    if history != [["INSERT", "restored", "invalidated"]]:
        raise JourneyFailed(f"the history says {history} about the restore")
    message_said(app, "is back")
    j.shot("restored")
    assert_lives(app, 0.5)
