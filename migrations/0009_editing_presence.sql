-- Description: Who is editing: a small table of the app's own where each open editor says which horoscope it shows
-- Destroys: table horoscope_admin_presence
--
-- Each window of Horoscope Admin keeps one row here while it shows a horoscope (issue 24, after
-- WordPress's post locks): it inserts the row on opening, renews heartbeat_at every 10 s
-- (with has_unsaved), and deletes it on closing. Others count only while heartbeat_at is within
-- the last 150 s by the server's clock, so a window that crashed or lost its network stops
-- counting by itself. taken_over_by/_at say that someone else took the horoscope over; the
-- window whose row it is sees that on its next heartbeat, keeps its text as a draft and stops
-- editing.
-- Every statement of the app on this table stands alone (no LISTEN, no advisory lock, no
-- session state), so it works through a transaction-mode pooler.
-- The table names a horoscope by sign and date and has no foreign key to horoscope_cache and
-- no trigger on it: a foreign key would take KEY SHARE locks on the bot's rows, and nothing
-- here may make the bot wait. Creating the table takes no lock on the bot's tables.
-- The roles that may correct horoscopes (UPDATE on horoscope_cache) now may keep their rows
-- here; a role given that right later needs
--   GRANT SELECT, INSERT, UPDATE, DELETE ON horoscope_admin_presence TO role;
-- (without it the editor works as before and only shows no one).

-- +up
CREATE TABLE horoscope_admin_presence (
    session_id     TEXT PRIMARY KEY,
    zodiac_sign    TEXT NOT NULL,
    horoscope_date DATE NOT NULL,
    person         TEXT NOT NULL,
    since          TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    has_unsaved    BOOLEAN NOT NULL DEFAULT false,
    taken_over_by  TEXT,
    taken_over_at  TIMESTAMPTZ
);
CREATE INDEX horoscope_admin_presence_horoscope
    ON horoscope_admin_presence (zodiac_sign, horoscope_date);

DO $migration$
DECLARE
    s text := pg_catalog.current_schema();
    cache regclass := pg_catalog.to_regclass(pg_catalog.format('%I.horoscope_cache', s));
    presence regclass := pg_catalog.format('%I.horoscope_admin_presence', s)::regclass;
    r record;
BEGIN
    IF cache IS NULL THEN
        RETURN;
    END IF;
    FOR r IN
        SELECT rolname FROM pg_catalog.pg_roles
        WHERE NOT rolsuper AND rolname <> current_user AND rolname NOT LIKE 'pg\_%'
          AND pg_catalog.has_table_privilege(oid, cache, 'UPDATE')
    LOOP
        EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO %I', presence,
                                  r.rolname);
    END LOOP;
END
$migration$;

-- +down
DROP TABLE horoscope_admin_presence;
