-- Description: Keep every previous text of a horoscope: a revisions table filled by a trigger
-- Destroys: table horoscope_cache_revisions
--
-- Every change of a horoscope's text and every deletion, by anyone (this app, the bot, psql),
-- leaves the previous text here with when, which role and which application did it.
-- The triggers run AFTER the row is written and return NULL, so they never change what the
-- bot's statement does; INSERTs (what the bot mostly does) fire nothing. The function is
-- SECURITY DEFINER so a bot role without rights on the revisions table is never refused; its
-- search_path is the one the migration ran with, where the tables are.

-- +up
CREATE TABLE horoscope_cache_revisions (
    revision_id BIGSERIAL PRIMARY KEY,
    cache_id INTEGER NOT NULL,
    zodiac_sign VARCHAR(20) NOT NULL,
    horoscope_date DATE NOT NULL,
    content TEXT NOT NULL,
    generated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    operation TEXT NOT NULL CHECK (operation IN ('UPDATE', 'DELETE')),
    regenerated BOOLEAN NOT NULL DEFAULT false,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    changed_by TEXT NOT NULL DEFAULT session_user,
    application_name TEXT NOT NULL DEFAULT coalesce(current_setting('application_name', true), '')
);
CREATE INDEX ix_horoscope_cache_revisions_sign_date
    ON horoscope_cache_revisions (zodiac_sign, horoscope_date, revision_id);

CREATE FUNCTION horoscope_cache_keep_revision() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO horoscope_cache_revisions
        (cache_id, zodiac_sign, horoscope_date, content, generated_at, operation, regenerated)
    VALUES (OLD.id, OLD.zodiac_sign, OLD.horoscope_date, OLD.content, OLD.generated_at, TG_OP,
            TG_OP = 'UPDATE' AND NEW.generated_at IS DISTINCT FROM OLD.generated_at);
    RETURN NULL;
END
$$;

CREATE TRIGGER horoscope_cache_revision_on_update
    AFTER UPDATE ON horoscope_cache
    FOR EACH ROW WHEN (OLD.content IS DISTINCT FROM NEW.content)
    EXECUTE FUNCTION horoscope_cache_keep_revision();

CREATE TRIGGER horoscope_cache_revision_on_delete
    AFTER DELETE ON horoscope_cache
    FOR EACH ROW
    EXECUTE FUNCTION horoscope_cache_keep_revision();

-- +down
DROP TRIGGER horoscope_cache_revision_on_delete ON horoscope_cache;
DROP TRIGGER horoscope_cache_revision_on_update ON horoscope_cache;
DROP FUNCTION horoscope_cache_keep_revision();
DROP TABLE horoscope_cache_revisions;
