-- Description: Trigram index for case-insensitive text search of horoscopes
-- Destroys: nothing
-- Transaction: none
--
-- The browser searches with ILIKE '%words%'. Without an index that reads every horoscope
-- (about 7 s for a million); a trigram GIN index answers in milliseconds, in Russian and
-- English alike. CONCURRENTLY builds it without blocking the bot's writes, which is why this
-- migration runs outside a transaction; IF [NOT] EXISTS makes a re-run after a failure safe.
-- pg_trgm is a trusted extension: the database owner may create it.

-- +up
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_horoscope_cache_content_trgm
    ON horoscope_cache USING gin (content gin_trgm_ops);

-- +down
DROP INDEX CONCURRENTLY IF EXISTS ix_horoscope_cache_content_trgm;
