-- Description: History names the person: who made each change and what it was (edited, restored, regenerated, invalidated)
-- Destroys: column horoscope_cache_revisions.changed_by_person, column horoscope_cache_revisions.change_kind, column horoscope_cache_revisions.restored_from
--
-- The whole team often shares one database role, so changed_by (the role) cannot say who
-- changed a horoscope. Horoscope Admin sets three transaction-local settings in the same
-- transaction as each change it makes (set_config(name, value, true), so they work through a
-- transaction-mode pooler and never leak into a later transaction):
--   horoscope_admin.person         the name the editor gave in the app (default: login name)
--   horoscope_admin.action         edited, restored, regenerated or invalidated
--   horoscope_admin.restored_from  the revision_id of the version that was restored
-- The new columns take them as defaults, so the revision trigger (owned by
-- horoscope_history_writer since 0004) stays as it is. Changes by the bot or psql set nothing
-- and leave the columns NULL. The names are labels the app reports, not authentication.
-- Adding nullable columns with stable defaults rewrites nothing; the runner's lock_timeout
-- keeps the short lock on the revisions table from stalling the bot's updates.

-- +up
ALTER TABLE horoscope_cache_revisions
    ADD COLUMN changed_by_person TEXT
        DEFAULT nullif(current_setting('horoscope_admin.person', true), ''),
    ADD COLUMN change_kind TEXT
        DEFAULT nullif(current_setting('horoscope_admin.action', true), ''),
    ADD COLUMN restored_from BIGINT
        DEFAULT nullif(current_setting('horoscope_admin.restored_from', true), '')::bigint;

-- +down
ALTER TABLE horoscope_cache_revisions
    DROP COLUMN restored_from,
    DROP COLUMN change_kind,
    DROP COLUMN changed_by_person;
