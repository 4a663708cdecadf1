-- Description: Indexes for the activity log: every change, newest first, by person, kind or sign
-- Destroys: nothing
-- Transaction: none
--
-- The activity log (the Activity page, `history list`) pages through horoscope_cache_revisions
-- newest first with keyset queries: ORDER BY changed_at DESC, revision_id DESC, after the last
-- row seen, optionally for one person (changed_by_person), one kind (change_kind; NULL for the
-- bot's and psql's changes) or one sign, and between two times. Each index is exactly such a
-- filter's equality column then the order's key, so the first page reads only its own rows
-- (models/horoscopes/ActivityLog.cpp must use the same expressions). Without them the first
-- page sorted the whole table (seconds at a million revisions).
-- Why CONCURRENTLY: a plain CREATE INDEX holds a SHARE lock on the revisions table for the
-- whole build, and the history trigger on horoscope_cache inserts into that table inside the
-- bot's UPDATE and DELETE, so the bot would wait for the build. CONCURRENTLY takes a lock that
-- inserts do not wait for; IF [NOT] EXISTS makes a re-run after a failure safe.

-- +up
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_horoscope_cache_revisions_activity
    ON horoscope_cache_revisions (changed_at, revision_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_horoscope_cache_revisions_activity_person
    ON horoscope_cache_revisions (changed_by_person, changed_at, revision_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_horoscope_cache_revisions_activity_kind
    ON horoscope_cache_revisions (change_kind, changed_at, revision_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_horoscope_cache_revisions_activity_sign
    ON horoscope_cache_revisions (zodiac_sign, changed_at, revision_id);

-- +down
DROP INDEX CONCURRENTLY IF EXISTS ix_horoscope_cache_revisions_activity_sign;
DROP INDEX CONCURRENTLY IF EXISTS ix_horoscope_cache_revisions_activity_kind;
DROP INDEX CONCURRENTLY IF EXISTS ix_horoscope_cache_revisions_activity_person;
DROP INDEX CONCURRENTLY IF EXISTS ix_horoscope_cache_revisions_activity;
