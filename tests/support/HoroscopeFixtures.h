#pragma once

#include "Migration.h"
#include "MigrationRunner.h"
#include "TestCluster.h"

#include <QSqlQuery>

// A fresh database with every built-in migration applied.
inline ConnectionSpec migratedTestDatabase(const QString& prefix)
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(prefix);
    QSqlDatabase db = TestCluster::open(spec);
    {
        QList<Migration> migrations;
        QString error;
        Migration::loadAll(QStringLiteral(":/migrations"), &migrations, &error);
        MigrationRunner runner(db, migrations, {.createSeedTables = true});
        DbError dbError;
        if (!runner.up({}, &dbError))
            qFatal("migrate up failed: %s", qPrintable(dbError.message));
    }
    TestCluster::close(db);
    return spec;
}

// The id of a sign's horoscope of a day (0 when there is none).
inline int idOf(const ConnectionSpec& spec, const QString& sign, const QDate& date)
{
    return TestCluster::scalar(spec, QStringLiteral("SELECT id FROM horoscope_cache WHERE "
                                                    "zodiac_sign = '%1' AND horoscope_date = '%2'")
                                         .arg(sign, date.toString(Qt::ISODate)))
        .toInt();
}

// The stored text of a horoscope.
inline QString contentOf(const ConnectionSpec& spec, int id)
{
    return TestCluster::scalar(
               spec, QStringLiteral("SELECT content FROM horoscope_cache WHERE id = %1").arg(id))
        .toString();
}

// Inserts `days` days of all 12 signs ending at `last`, texts "<sign> <date> …".
inline void insertDays(const ConnectionSpec& spec, const QDate& last, int days)
{
    const QString sql =
        QStringLiteral(
            "INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
            "SELECT s, d::date, s || ' ' || d::date || ' text' FROM unnest(ARRAY['aries','taurus',"
            "'gemini','cancer','leo','virgo','libra','scorpio','sagittarius','capricorn','aquarius'"
            ","
            "'pisces']) s, generate_series('%1'::date - %2, '%1'::date, interval '1 day') d")
            .arg(last.toString(Qt::ISODate))
            .arg(days - 1);
    const QString error = TestCluster::execute(spec, sql);
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));
}

// View counts around a leap day, for the trends tests: aries every day from 2024-02-20 to
// 2024-03-10 with count = day of month, except 2024-02-28 (no row); leo only 2024-02-29 with
// 1000. Returns the error, empty on success.
inline QString insertLeapDayViews(const ConnectionSpec& spec)
{
    return TestCluster::execute(spec, QStringLiteral(R"(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT 'aries', d::date, extract(day FROM d)::int
        FROM generate_series('2024-02-20'::date, '2024-03-10'::date, interval '1 day') d
        WHERE d::date <> '2024-02-28';
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) VALUES ('leo', '2024-02-29', 1000);
    )"));
}
