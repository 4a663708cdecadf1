-- What the bot's `alembic upgrade head` leaves behind, as SQLAlchemy 2 / Alembic emit it
-- (`alembic upgrade g7b8c9d0e1f2:h8c9d0e1f2g3 --sql`), after an earlier phase's table.
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE users (
    id BIGSERIAL NOT NULL, 
    telegram_id BIGINT NOT NULL, 
    zodiac_sign VARCHAR(20), 
    PRIMARY KEY (id), 
    UNIQUE (telegram_id)
);

INSERT INTO alembic_version (version_num) VALUES ('g7b8c9d0e1f2') RETURNING alembic_version.version_num;

-- Running upgrade g7b8c9d0e1f2 -> h8c9d0e1f2g3

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

UPDATE alembic_version SET version_num='h8c9d0e1f2g3' WHERE alembic_version.version_num = 'g7b8c9d0e1f2';
