-- Description: Horoscope cache and view counters (the bot's Alembic revision h8c9d0e1f2g3)
-- Adopt: horoscope_cache horoscope_views
-- Destroys: table horoscope_views, table horoscope_cache
--
-- Written the way SQLAlchemy 2 emits the bot's models, so a database created here and one
-- created by the bot's `alembic upgrade h8c9d0e1f2g3` have the same pg_dump --schema-only.

-- +up
CREATE TABLE horoscope_cache (
    id SERIAL NOT NULL,
    zodiac_sign VARCHAR(20) NOT NULL,
    horoscope_date DATE NOT NULL,
    content TEXT NOT NULL,
    generated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_horoscope_cache_sign_date UNIQUE (zodiac_sign, horoscope_date)
);
CREATE INDEX ix_horoscope_cache_horoscope_date ON horoscope_cache (horoscope_date);
CREATE INDEX ix_horoscope_cache_zodiac_sign ON horoscope_cache (zodiac_sign);

CREATE TABLE horoscope_views (
    id SERIAL NOT NULL,
    zodiac_sign VARCHAR(20) NOT NULL,
    view_date DATE NOT NULL,
    view_count INTEGER DEFAULT '0' NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_horoscope_views_sign_date UNIQUE (zodiac_sign, view_date)
);

-- +down
DROP TABLE horoscope_views;
DROP TABLE horoscope_cache;
