-- Description: Indexes for the browser's text, length and generation-time orders
-- Destroys: nothing
-- Transaction: none
--
-- The browser pages with keyset queries (ORDER BY key, id LIMIT 101). Date and sign orders have
-- indexes from 0001; without these three, sorting by text, length or generation time read and
-- sorted the whole table (13 to 17 s at a million rows). Each index is exactly the order's key
-- then id (models/horoscopes/HoroscopeQuery.cpp must use the same expressions), so a page reads
-- only its own rows. Text: the first 200 characters (what the browser shows and sorts by), well
-- under btree's entry limit of about 2,700 bytes even for four-byte characters.
-- CONCURRENTLY builds them without blocking the bot's writes; IF [NOT] EXISTS makes a re-run
-- after a failure safe. Cost to the bot: README, "Browsing horoscopes".

-- +up
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_horoscope_cache_text_order
    ON horoscope_cache (left(content, 200), id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_horoscope_cache_length_order
    ON horoscope_cache (char_length(content), id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_horoscope_cache_generated_order
    ON horoscope_cache (generated_at, id);

-- +down
DROP INDEX CONCURRENTLY IF EXISTS ix_horoscope_cache_generated_order;
DROP INDEX CONCURRENTLY IF EXISTS ix_horoscope_cache_length_order;
DROP INDEX CONCURRENTLY IF EXISTS ix_horoscope_cache_text_order;
