-- Description: History trigger: fixed trusted search_path, qualified names, owned by a role that may only write history
-- Destroys: nothing
--
-- Migration 0002 made horoscope_cache_keep_revision() SECURITY DEFINER with
-- SET search_path FROM CURRENT, which stored "$user", public. pg_temp was then searched first
-- and a schema named like the function's owner before public, so any role that may update a
-- horoscope could shadow horoscope_cache_revisions with a table of its own (a temporary one, or
-- one in a schema named like the owner) whose trigger then ran with the owner's rights: an
-- editor or the bot's role could make itself superuser, and the real history got no row.
--
-- Following PostgreSQL's advice for SECURITY DEFINER functions, this migration:
--   - names every table with its schema and fixes search_path to that schema, pg_temp last;
--   - hands the function to horoscope_history_writer, a NOLOGIN role whose only rights are
--     INSERT on the history table and USAGE on its sequence (when the role running the
--     migration may create roles; otherwise the function stays with that role, and the fixed
--     search_path alone closes the hole);
--   - revokes EXECUTE from PUBLIC (a trigger needs no EXECUTE right to fire).
-- The migration takes no lock on horoscope_cache: the bot's writes never wait for it.
-- Rolling it back hands the function back to the role running the rollback but keeps the safe
-- body and search_path: going back must not reopen the hole.

-- +up
DO $migration$
DECLARE
    s text := current_schema();
    writer text := 'horoscope_history_writer';
    may_create_roles boolean;
BEGIN
    EXECUTE format($sql$
        CREATE OR REPLACE FUNCTION %1$I.horoscope_cache_keep_revision() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = %1$I, pg_temp AS $body$
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
    EXECUTE format('REVOKE ALL ON FUNCTION %I.horoscope_cache_keep_revision() FROM PUBLIC', s);

    SELECT rolsuper OR rolcreaterole INTO may_create_roles
        FROM pg_catalog.pg_roles WHERE rolname = current_user;
    IF NOT may_create_roles THEN
        RAISE NOTICE 'Role % may not create roles: horoscope_cache_keep_revision() stays owned '
                     'by it, protected by its fixed search_path.', current_user;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = writer) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', writer);
    END IF;
    -- PostgreSQL lets only a member of the new owner hand a function over to it.
    IF NOT pg_catalog.pg_has_role(current_user, writer, 'MEMBER') THEN
        EXECUTE format('GRANT %I TO %I', writer, current_user);
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', s, writer);
    EXECUTE format('GRANT INSERT ON %I.horoscope_cache_revisions TO %I', s, writer);
    EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %I',
                   pg_catalog.pg_get_serial_sequence(
                       format('%I.horoscope_cache_revisions', s), 'revision_id'),
                   writer);
    -- An owner needs CREATE on the schema only at the moment it takes the function over.
    EXECUTE format('GRANT CREATE ON SCHEMA %I TO %I', s, writer);
    EXECUTE format('ALTER FUNCTION %I.horoscope_cache_keep_revision() OWNER TO %I', s, writer);
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', s, writer);
END
$migration$;

-- +down
DO $migration$
DECLARE
    s text := current_schema();
    writer text := 'horoscope_history_writer';
BEGIN
    EXECUTE format('ALTER FUNCTION %I.horoscope_cache_keep_revision() OWNER TO %I', s,
                   current_user);
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = writer) THEN
        EXECUTE format('REVOKE ALL ON %I.horoscope_cache_revisions FROM %I', s, writer);
        EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM %I',
                       pg_catalog.pg_get_serial_sequence(
                           format('%I.horoscope_cache_revisions', s), 'revision_id'),
                       writer);
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM %I', s, writer);
        -- The role is cluster-wide: another database may still use it, and only a role that
        -- may create roles may drop one.
        BEGIN
            EXECUTE format('DROP ROLE %I', writer);
        EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
            NULL;
        END;
    END IF;
END
$migration$;
