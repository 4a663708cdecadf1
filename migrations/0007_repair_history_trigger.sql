-- Description: History trigger secured where it really is; history labels only from the transaction that made the change
-- Destroys: nothing
--
-- 1. Migrations used to run with the connecting role's search_path ("$user", public). Where
--    the migrating role had a schema of its own name (its scratch schema, or one made by anyone
--    with CREATE on the database), current_schema() was that schema, and 0004 secured a second
--    copy of horoscope_cache_keep_revision() there, while both history triggers kept calling
--    0002's function in the bot's schema: SECURITY DEFINER, search_path "$user", public,
--    EXECUTE for PUBLIC. A role with UPDATE on horoscope_cache could then run its own code
--    with the owner's rights. The runner now pins search_path to the bot's schema and pg_temp,
--    so current_schema() below is the bot's schema whoever migrates. This migration secures
--    the function in that schema, points both triggers at it (they may call another one), hands
--    it to horoscope_history_writer as 0004 does, and ends by checking what the triggers call
--    (by tgfoid): it fails, and is not recorded, unless both call a SECURITY DEFINER function
--    with a pinned search_path that PUBLIC may not execute.
-- 2. 0006's defaults read the labels from settings any session may set: a session-level SET
--    left behind on a pooled server session labelled the bot's changes, and a malformed
--    restored_from ('x'::bigint) made the bot's UPDATE and DELETE fail. The defaults now take
--    a label only when horoscope_admin.xact names the current transaction (the app sets it in
--    the transaction of each change), and never cast anything that is not a number.
-- Everything here takes at most brief locks (under the runner's lock_timeout): the triggers
-- are re-created only where they call another function.

-- +up
DO $migration$
DECLARE
    s text := pg_catalog.current_schema();
    writer text := 'horoscope_history_writer';
    cache regclass;
    fn regprocedure;
    trig record;
    may_create_roles boolean;
    problems text;
BEGIN
    IF s IS NULL OR pg_catalog.to_regclass(pg_catalog.format('%I.horoscope_cache', s)) IS NULL
       OR pg_catalog.to_regclass(pg_catalog.format('%I.horoscope_cache_revisions', s)) IS NULL
    THEN
        RAISE EXCEPTION 'Schema % has no horoscope_cache or horoscope_cache_revisions.', s
            USING HINT = 'Set HOROSCOPE_SCHEMA to the schema of the bot''s tables.';
    END IF;
    cache := pg_catalog.format('%I.horoscope_cache', s)::regclass;

    EXECUTE pg_catalog.format($sql$
        CREATE OR REPLACE FUNCTION %1$I.horoscope_cache_keep_revision() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, %1$I, pg_temp
        AS $body$
        BEGIN
            INSERT INTO %1$I.horoscope_cache_revisions
                (cache_id, zodiac_sign, horoscope_date, content, generated_at, operation,
                 regenerated)
            VALUES (OLD.id, OLD.zodiac_sign, OLD.horoscope_date, OLD.content, OLD.generated_at,
                    TG_OP,
                    TG_OP = 'UPDATE' AND NEW.generated_at IS DISTINCT FROM OLD.generated_at);
            RETURN NULL;
        END
        $body$ $sql$, s);
    fn := pg_catalog.format('%I.horoscope_cache_keep_revision()', s)::regprocedure;
    EXECUTE pg_catalog.format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', fn);

    FOR trig IN
        SELECT t.tgname, t.tgfoid::regprocedure AS called
        FROM pg_catalog.pg_trigger t
        WHERE t.tgrelid = cache
          AND t.tgname IN ('horoscope_cache_revision_on_update',
                           'horoscope_cache_revision_on_delete')
          AND t.tgfoid <> fn
    LOOP
        RAISE NOTICE 'Trigger % called %; it now calls %.', trig.tgname, trig.called, fn;
        EXECUTE pg_catalog.format('DROP TRIGGER %I ON %s', trig.tgname, cache);
        IF trig.tgname = 'horoscope_cache_revision_on_update' THEN
            EXECUTE pg_catalog.format(
                'CREATE TRIGGER horoscope_cache_revision_on_update AFTER UPDATE ON %s '
                'FOR EACH ROW WHEN (OLD.content IS DISTINCT FROM NEW.content) '
                'EXECUTE FUNCTION %s', cache, fn);
        ELSE
            EXECUTE pg_catalog.format(
                'CREATE TRIGGER horoscope_cache_revision_on_delete AFTER DELETE ON %s '
                'FOR EACH ROW EXECUTE FUNCTION %s', cache, fn);
        END IF;
    END LOOP;

    SELECT r.rolsuper OR r.rolcreaterole INTO may_create_roles
        FROM pg_catalog.pg_roles r WHERE r.rolname = current_user;
    IF may_create_roles THEN
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = writer) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN NOINHERIT', writer);
        END IF;
        IF NOT pg_catalog.pg_has_role(current_user, writer, 'MEMBER') THEN
            EXECUTE pg_catalog.format('GRANT %I TO %I', writer, current_user);
        END IF;
        EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA %I TO %I', s, writer);
        EXECUTE pg_catalog.format('GRANT INSERT ON %I.horoscope_cache_revisions TO %I', s,
                                  writer);
        EXECUTE pg_catalog.format('GRANT USAGE ON SEQUENCE %s TO %I',
                                  pg_catalog.pg_get_serial_sequence(
                                      pg_catalog.format('%I.horoscope_cache_revisions', s),
                                      'revision_id'),
                                  writer);
        IF (SELECT p.proowner FROM pg_catalog.pg_proc p WHERE p.oid = fn)
           <> (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = writer) THEN
            EXECUTE pg_catalog.format('GRANT CREATE ON SCHEMA %I TO %I', s, writer);
            EXECUTE pg_catalog.format('ALTER FUNCTION %s OWNER TO %I', fn, writer);
            EXECUTE pg_catalog.format('REVOKE CREATE ON SCHEMA %I FROM %I', s, writer);
        END IF;
    END IF;

    EXECUTE pg_catalog.format($sql$
        ALTER TABLE %1$I.horoscope_cache_revisions
            ALTER COLUMN changed_by_person SET DEFAULT
                CASE WHEN pg_catalog.current_setting('horoscope_admin.xact', true)
                          = pg_catalog.pg_current_xact_id()::text
                     THEN nullif(pg_catalog.current_setting('horoscope_admin.person', true), '')
                END,
            ALTER COLUMN change_kind SET DEFAULT
                CASE WHEN pg_catalog.current_setting('horoscope_admin.xact', true)
                          = pg_catalog.pg_current_xact_id()::text
                     THEN nullif(pg_catalog.current_setting('horoscope_admin.action', true), '')
                END,
            ALTER COLUMN restored_from SET DEFAULT
                CASE WHEN pg_catalog.current_setting('horoscope_admin.xact', true)
                          = pg_catalog.pg_current_xact_id()::text
                      AND pg_catalog.current_setting('horoscope_admin.restored_from', true)
                          ~ '^[0-9]{1,18}$'
                     THEN pg_catalog.current_setting('horoscope_admin.restored_from', true)::bigint
                END
        $sql$, s);

    -- The check: what the triggers really call.
    SELECT pg_catalog.string_agg(pg_catalog.format('%s calls %s', t.tgname,
                                                   t.tgfoid::regprocedure), '; ')
        INTO problems
        FROM pg_catalog.pg_trigger t
        JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = cache
          AND t.tgname IN ('horoscope_cache_revision_on_update',
                           'horoscope_cache_revision_on_delete')
          AND NOT (p.oid = fn AND p.prosecdef
                   AND p.proconfig = ARRAY['search_path=pg_catalog, ' || quote_ident(s)
                                           || ', pg_temp']
                   AND p.proacl IS NOT NULL
                   AND NOT EXISTS (SELECT FROM pg_catalog.aclexplode(p.proacl) a
                                   WHERE a.grantee = 0)
                   AND (NOT may_create_roles
                        OR NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r
                                WHERE r.oid = p.proowner)));
    IF problems IS NOT NULL THEN
        RAISE EXCEPTION 'The history triggers are not secured: %.', problems;
    END IF;
    IF (SELECT count(*) FROM pg_catalog.pg_trigger t WHERE t.tgrelid = cache
          AND t.tgname IN ('horoscope_cache_revision_on_update',
                           'horoscope_cache_revision_on_delete')) <> 2 THEN
        RAISE EXCEPTION 'A history trigger of %.horoscope_cache is missing.', s;
    END IF;
END
$migration$;

-- +down
-- The function, its triggers and their owner stay secured (rolling back must not reopen the
-- hole). The labels go back to 0006's meaning, read from the settings without the
-- transaction check, and a restored_from that is not a number is still never cast.
ALTER TABLE horoscope_cache_revisions
    ALTER COLUMN changed_by_person SET DEFAULT
        nullif(current_setting('horoscope_admin.person', true), ''),
    ALTER COLUMN change_kind SET DEFAULT
        nullif(current_setting('horoscope_admin.action', true), ''),
    ALTER COLUMN restored_from SET DEFAULT
        CASE WHEN current_setting('horoscope_admin.restored_from', true) ~ '^[0-9]{1,18}$'
             THEN current_setting('horoscope_admin.restored_from', true)::bigint
        END;
