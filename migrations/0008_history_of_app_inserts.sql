-- Description: History keeps the horoscopes this app inserts (Generate missing): who generated each one
-- Destroys: nothing
--
-- The history triggers of 0002 fire on UPDATE and DELETE only, so a horoscope that Horoscope
-- Admin inserted (Generate missing writes the days that have no row) left no trace: who
-- generated it was lost, and after a deletion the editor could only say "generated again after
-- a deletion". An AFTER INSERT trigger now records such an insert as a history row with
-- operation INSERT and the new text, labelled by 0006/0007's defaults (person, kind
-- "generated"). It fires only WHEN horoscope_admin.xact names the inserting transaction, which
-- only the app sets (ChangeNote) in the transaction of its own change: the bot's inserts (and
-- psql's) fire nothing, write nothing and are exactly as before. The trigger returns NULL
-- after the row is written, so it never changes what is inserted, and it takes no lock beyond
-- the history row it adds (the history table has no unique key but its serial id).
-- Locks: the migration adds a trigger to horoscope_cache and widens the CHECK of
-- horoscope_cache_revisions.operation; both are brief (under the runner's lock_timeout, with
-- its retries), and the new CHECK is added NOT VALID, so no row is read while the lock is held
-- (every existing row passed the narrower check already).
-- Rolling back drops the trigger and its function and puts the narrower CHECK back, NOT VALID:
-- the INSERT rows already recorded stay in the history (nothing is destroyed); new ones can no
-- longer be written.

-- +up
DO $migration$
DECLARE
    s text := pg_catalog.current_schema();
    writer text := 'horoscope_history_writer';
    revisions regclass;
    cache regclass;
    fn regprocedure;
    c record;
    may_create_roles boolean;
BEGIN
    revisions := pg_catalog.format('%I.horoscope_cache_revisions', s)::regclass;
    cache := pg_catalog.format('%I.horoscope_cache', s)::regclass;
    -- Whatever the CHECK on operation is named (0002 left it to PostgreSQL).
    FOR c IN
        SELECT k.conname FROM pg_catalog.pg_constraint k
        JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attname = 'operation'
        WHERE k.conrelid = revisions AND k.contype = 'c' AND k.conkey = ARRAY[a.attnum]
    LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', revisions, c.conname);
    END LOOP;
    EXECUTE pg_catalog.format(
        'ALTER TABLE %s ADD CONSTRAINT horoscope_cache_revisions_operation_check '
        'CHECK (operation IN (''UPDATE'', ''DELETE'', ''INSERT'')) NOT VALID', revisions);

    EXECUTE pg_catalog.format($sql$
        CREATE FUNCTION %1$I.horoscope_cache_keep_insert() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, %1$I, pg_temp
        AS $body$
        BEGIN
            INSERT INTO %1$I.horoscope_cache_revisions
                (cache_id, zodiac_sign, horoscope_date, content, generated_at, operation,
                 regenerated)
            VALUES (NEW.id, NEW.zodiac_sign, NEW.horoscope_date, NEW.content, NEW.generated_at,
                    'INSERT', false);
            RETURN NULL;
        END
        $body$ $sql$, s);
    fn := pg_catalog.format('%I.horoscope_cache_keep_insert()', s)::regprocedure;
    EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);
    EXECUTE pg_catalog.format(
        'CREATE TRIGGER horoscope_cache_revision_on_app_insert AFTER INSERT ON %s '
        'FOR EACH ROW WHEN (pg_catalog.current_setting(''horoscope_admin.xact'', true) '
        '= pg_catalog.pg_current_xact_id()::text) EXECUTE FUNCTION %s', cache, fn);

    -- Owned like the other history function (0004, 0007): by a role that may only add history,
    -- when the migrating role may hand it over; otherwise it stays with that role, protected
    -- by its fixed search_path.
    SELECT r.rolsuper OR r.rolcreaterole INTO may_create_roles
        FROM pg_catalog.pg_roles r WHERE r.rolname = current_user;
    IF may_create_roles AND EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = writer)
       AND pg_catalog.pg_has_role(current_user, writer, 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT CREATE ON SCHEMA %I TO %I', s, writer);
        EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO %I', fn, writer);
        EXECUTE pg_catalog.format('REVOKE CREATE ON SCHEMA %I FROM %I', s, writer);
    END IF;
END
$migration$;

-- +down
DROP TRIGGER horoscope_cache_revision_on_app_insert ON horoscope_cache;
DROP FUNCTION horoscope_cache_keep_insert();
ALTER TABLE horoscope_cache_revisions
    DROP CONSTRAINT horoscope_cache_revisions_operation_check,
    ADD CONSTRAINT horoscope_cache_revisions_operation_check
        CHECK (operation IN ('UPDATE', 'DELETE')) NOT VALID;
