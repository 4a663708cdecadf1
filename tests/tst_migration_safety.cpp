// Issue 9: the migrations are safe on the bot's production database. The history trigger cannot
// be hijacked into a privilege escalation, a rollback never destroys rows without an explicit
// yes, the bot's own tables stay the bot's whatever order the two tools run in, and DDL never
// makes the bot's writes wait.
#include "Migration.h"
#include "MigrationFixtures.h"
#include "MigrationRunner.h"
#include "RoleFixtures.h"
#include "TestCluster.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <atomic>
#include <thread>

using namespace Qt::Literals::StringLiterals;

namespace {

QList<Migration> load(const QString& dir = u":/migrations"_s)
{
    QList<Migration> list;
    QString error;
    if (!Migration::loadAll(dir, &list, &error))
        qWarning("%s", qPrintable(error));
    return list;
}

bool run(const ConnectionSpec& spec, bool upward, const QString& to, DbError* error,
         MigrationRunner::Options options, const QList<Migration>& migrations = load(),
         QStringList* progress = nullptr, QString* output = nullptr)
{
    QSqlDatabase db = TestCluster::open(spec);
    bool ok = false;
    {
        MigrationRunner runner(db, migrations, options);
        if (progress)
            runner.setProgress(
                [progress](const QString& message, int, int) { *progress << message; });
        if (output)
            runner.setOutput([output](const QString& text) { *output += text; });
        ok = upward ? runner.up(to, error) : runner.down(to, error);
    }
    TestCluster::close(db);
    return ok;
}

bool exists(const ConnectionSpec& spec, const QString& relation)
{
    return TestCluster::scalar(spec, u"SELECT to_regclass('%1') IS NOT NULL"_s.arg(relation))
        .toBool();
}

qint64 count(const ConnectionSpec& spec, const QString& table)
{
    return TestCluster::scalar(spec, u"SELECT count(*) FROM "_s + table).toLongLong();
}

// A migrated database with one horoscope, and a role that may do nothing but read and update
// horoscope_cache: the bot's own role, or an editor's.
struct Target
{
    ConnectionSpec spec;
    QString attacker;
};

Target migratedWithAttacker()
{
    Target t{TestCluster::instance().freshDatabase(u"safety"_s), uniqueRole(u"editor"_s)};
    DbError error;
    if (!run(t.spec, true, {}, &error, {.createSeedTables = true}))
        qWarning("%s", qPrintable(error.message));
    TestCluster::execute(t.spec, u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, "
                                 "content) VALUES ('leo', '2026-11-28', 'original')"_s);
    TestCluster::execute(t.spec, u"CREATE ROLE %1 LOGIN; GRANT SELECT, UPDATE ON "
                                 "horoscope_cache TO %1"_s.arg(t.attacker));
    return t;
}

// The shadow table and its trigger, which tries to make the attacker superuser when it runs
// with the history function's rights.
QString shadowSql(const QString& schema, const QString& attacker)
{
    return uR"sql(
        CREATE TABLE %1.horoscope_cache_revisions (
            cache_id int, zodiac_sign text, horoscope_date date, content text,
            generated_at timestamptz, operation text, regenerated boolean);
        CREATE FUNCTION %1.escalate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE 'ALTER ROLE %2 SUPERUSER';
            RETURN NEW;
        END $$;
        CREATE TRIGGER escalate BEFORE INSERT ON %1.horoscope_cache_revisions
            FOR EACH ROW EXECUTE FUNCTION %1.escalate();)sql"_s.arg(schema, attacker);
}

} // namespace

class TestMigrationSafety : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { REQUIRE_CLUSTER(); }
    void appliedMigrationsKeepTheirChecksums();
    void temporaryTableCannotHijackTheHistoryTrigger();
    void schemaNamedLikeTheOwnerCannotHijackTheHistoryTrigger();
    void historyFunctionRunsWithLeastRights();
    void rollbackThatDeletesRowsIsRefusedUnlessAccepted();
    void dryRunOfADestructiveRollbackShowsTheSqlAndTheLoss();
    void appBeforeTheBotCreatesNothingAndLetsTheBotDeploy();
    void botTablesAreNotCreatedWhereAlembicManagesTheDatabase();
    void tablesTheAppCreatedAreTheBotsOnceAlembicManages();
    void refusedAdoptionLeavesNoHistoryTable();
    void busyTableIsRetriedWhileTheBotKeepsWriting();
    void busyTableGivesUpWithinTheWaitBudget();
    void dryRunSaysWhatItWouldDo();
};

// A migration that was applied somewhere must never change: the runner would call it drift.
void TestMigrationSafety::appliedMigrationsKeepTheirChecksums()
{
    const QList<Migration> migrations = load();
    const QHash<QString, QString> applied{
        {u"0001"_s, u"952e52298f8aec10fa3b3d2313e68200121ea08ded8f654ec86765b1bb437909"_s},
        {u"0002"_s, u"3dc2a0a3e12b5baf4d008c9598f6d9321f13ab5967ff52d5d06ce4dbc2400c76"_s},
        {u"0003"_s, u"a761c2d7ba40961018ae80039b8258e2ebc083ff4f672d09adc2c195f65bcb1f"_s},
    };
    for (const Migration& m : migrations) {
        if (applied.contains(m.id))
            QCOMPARE(m.checksum, applied.value(m.id));
    }
}

void TestMigrationSafety::temporaryTableCannotHijackTheHistoryTrigger()
{
    const Target t = migratedWithAttacker();
    const ConnectionSpec attacker = as(t.spec, t.attacker);
    // One session: the temporary objects exist only in it.
    QSqlDatabase db = TestCluster::open(attacker);
    {
        QSqlQuery q(db);
        QVERIFY_SQL(q, exec(u"CREATE TEMPORARY TABLE horoscope_cache_revisions (cache_id int, "
                            "zodiac_sign text, horoscope_date date, content text, generated_at "
                            "timestamptz, operation text, regenerated boolean)"_s));
        QVERIFY_SQL(q, exec(uR"sql(CREATE FUNCTION pg_temp.escalate() RETURNS trigger
                LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'ALTER ROLE %1 SUPERUSER'; RETURN NEW; END $$)sql"_s
                                .arg(t.attacker)));
        QVERIFY_SQL(q, exec(u"CREATE TRIGGER escalate BEFORE INSERT ON pg_temp."
                            "horoscope_cache_revisions FOR EACH ROW EXECUTE FUNCTION "
                            "pg_temp.escalate()"_s));
        QVERIFY_SQL(q, exec(u"UPDATE horoscope_cache SET content = 'edited'"_s));
    }
    TestCluster::close(db);
    QVERIFY2(!isSuperuser(t.spec, t.attacker), "the trigger ran the attacker's code as owner");
    QCOMPARE(
        TestCluster::scalar(t.spec, u"SELECT content FROM horoscope_cache_revisions"_s).toString(),
        u"original"_s);
}

void TestMigrationSafety::schemaNamedLikeTheOwnerCannotHijackTheHistoryTrigger()
{
    const Target t = migratedWithAttacker();
    QCOMPARE(TestCluster::execute(
                 t.spec, u"GRANT CREATE ON DATABASE %1 TO %2"_s.arg(t.spec.database, t.attacker)),
             QString());
    // A schema named like the function's owner ("$user" in a path FROM CURRENT), readable and
    // writable by whoever runs the trigger.
    const QString owner =
        TestCluster::scalar(t.spec, u"SELECT pg_get_userbyid(proowner) FROM pg_proc "
                                    "WHERE proname = 'horoscope_cache_keep_revision'"_s)
            .toString();
    QVERIFY(!owner.isEmpty());
    const ConnectionSpec attacker = as(t.spec, t.attacker);
    QCOMPARE(TestCluster::execute(attacker, u"CREATE SCHEMA \"%1\""_s.arg(owner) +
                                                shadowSql(u"\"%1\""_s.arg(owner), t.attacker) +
                                                u"; GRANT USAGE ON SCHEMA \"%1\" TO PUBLIC; "
                                                "GRANT ALL ON ALL TABLES IN SCHEMA \"%1\" TO "
                                                "PUBLIC"_s.arg(owner)),
             QString());
    // Anyone's later update: here the superuser's, as a DBA's psql session would do.
    QCOMPARE(TestCluster::execute(t.spec, u"UPDATE horoscope_cache SET content = 'edited'"_s),
             QString());
    QVERIFY2(!isSuperuser(t.spec, t.attacker), "the trigger ran the attacker's code as owner");
    QCOMPARE(TestCluster::scalar(t.spec, u"SELECT content FROM public.horoscope_cache_revisions"_s)
                 .toString(),
             u"original"_s);
}

void TestMigrationSafety::historyFunctionRunsWithLeastRights()
{
    const Target t = migratedWithAttacker();
    const QString fn = u"'horoscope_cache_keep_revision()'::regprocedure"_s;
    const QString owner =
        TestCluster::scalar(t.spec,
                            u"SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE oid = "_s + fn)
            .toString();
    QCOMPARE(owner, u"horoscope_history_writer"_s);
    QVERIFY(!isSuperuser(t.spec, owner));
    QCOMPARE(TestCluster::scalar(t.spec, u"SELECT array_to_string(proconfig, ';') FROM pg_proc "
                                         "WHERE oid = "_s +
                                             fn)
                 .toString(),
             u"search_path=pg_catalog, public, pg_temp"_s);
    // Its owner may insert history and nothing else.
    for (const QString& check :
         {u"has_table_privilege('%1', 'horoscope_cache', 'UPDATE')"_s,
          u"has_table_privilege('%1', 'horoscope_cache', 'DELETE')"_s,
          u"has_table_privilege('%1', 'horoscope_cache_revisions', 'DELETE')"_s,
          u"has_table_privilege('%1', 'horoscope_cache_revisions', 'UPDATE')"_s,
          u"has_schema_privilege('%1', 'public', 'CREATE')"_s,
          u"has_database_privilege('%1', current_database(), 'CREATE')"_s}) {
        QVERIFY2(!TestCluster::scalar(t.spec, u"SELECT "_s + check.arg(owner)).toBool(),
                 qPrintable(check.arg(owner)));
    }
    QVERIFY(TestCluster::scalar(t.spec, u"SELECT has_table_privilege('%1', "
                                        "'horoscope_cache_revisions', 'INSERT')"_s.arg(owner))
                .toBool());
    // Nobody else may call it directly...
    QVERIFY(
        !TestCluster::scalar(
             t.spec, u"SELECT has_function_privilege('%1', %2, 'EXECUTE')"_s.arg(t.attacker, fn))
             .toBool());
    // ...and a role with no right on the history still gets its changes recorded.
    QCOMPARE(TestCluster::execute(as(t.spec, t.attacker),
                                  u"UPDATE horoscope_cache SET content = 'by the bot'"_s),
             QString());
    QCOMPARE(TestCluster::scalar(t.spec, u"SELECT changed_by FROM horoscope_cache_revisions"_s)
                 .toString(),
             t.attacker);
}

void TestMigrationSafety::rollbackThatDeletesRowsIsRefusedUnlessAccepted()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"loss"_s);
    DbError error;
    QVERIFY2(run(spec, true, {}, &error, {.createSeedTables = true}), qPrintable(error.message));
    QCOMPARE(TestCluster::execute(
                 spec, u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
                       "SELECT 'leo', d::date, 'x' FROM generate_series('2026-01-01'::date, "
                       "'2026-01-03', '1 day') d; INSERT INTO horoscope_views (zodiac_sign, "
                       "view_date, view_count) VALUES ('leo', '2026-01-01', 5), ('aries', "
                       "'2026-01-01', 7); UPDATE horoscope_cache SET content = 'y'"_s),
             QString());
    const qint64 migrationsBefore = count(spec, u"horoscope_admin_schema_history"_s);

    QVERIFY(!run(spec, false, u"0"_s, &error, {}));
    for (const QString& expected :
         {u"horoscope_cache (3 row"_s, u"horoscope_views (2 row"_s,
          u"horoscope_cache_revisions (3 row"_s, u"--accept-data-loss"_s, spec.database})
        QVERIFY2(error.message.contains(expected), qPrintable(expected + u": "_s + error.message));
    // Nothing at all was rolled back, not even the migrations that hold no data.
    QCOMPARE(count(spec, u"horoscope_admin_schema_history"_s), migrationsBefore);
    QVERIFY(exists(spec, u"ix_horoscope_cache_content_trgm"_s));
    QCOMPARE(count(spec, u"horoscope_cache"_s), 3);

    // Migrations that destroy no rows roll back without the flag.
    QVERIFY2(run(spec, false, u"0002"_s, &error, {}), qPrintable(error.message));
    QVERIFY(!exists(spec, u"ix_horoscope_cache_content_trgm"_s));
    QVERIFY(exists(spec, u"horoscope_cache_revisions"_s));

    QVERIFY2(run(spec, false, u"0"_s, &error, {.acceptDataLoss = true}), qPrintable(error.message));
    QVERIFY(!exists(spec, u"horoscope_cache"_s));
}

void TestMigrationSafety::dryRunOfADestructiveRollbackShowsTheSqlAndTheLoss()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"lossdry"_s);
    DbError error;
    QVERIFY(run(spec, true, {}, &error, {.createSeedTables = true}));
    TestCluster::execute(spec, u"INSERT INTO horoscope_views (zodiac_sign, view_date) VALUES "
                               "('leo', '2026-01-01')"_s);
    QString output;
    QStringList progress;
    QVERIFY2(run(spec, false, u"0"_s, &error, {.dryRun = true}, load(), &progress, &output),
             qPrintable(error.message));
    QVERIFY2(output.contains(u"DROP TABLE horoscope_views"_s), qPrintable(output));
    QVERIFY2(output.contains(u"horoscope_views (1 row"_s), qPrintable(output));
    QVERIFY2(progress.last().contains(u"would be rolled back"_s), qPrintable(progress.last()));
    QCOMPARE(count(spec, u"horoscope_views"_s), 1);
}

// The bot's deploy (alembic upgrade) after an app that ran first must not fail on tables the
// app created; the app then adopts what the bot made.
void TestMigrationSafety::appBeforeTheBotCreatesNothingAndLetsTheBotDeploy()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"order"_s);
    DbError error;
    QVERIFY(!run(spec, true, {}, &error, {}));
    QCOMPARE(error.kind, DbError::Kind::TablesMissing);
    QVERIFY2(error.message.contains(u"alembic upgrade head"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"--create-bot-tables"_s), qPrintable(error.message));
    // Exactly as it was: not even an empty history table is left behind.
    QVERIFY(!exists(spec, u"horoscope_cache"_s));
    QVERIFY(!exists(spec, u"horoscope_admin_schema_history"_s));

    QCOMPARE(TestCluster::execute(spec, alembicSchemaSql()), QString());
    QVERIFY2(run(spec, true, {}, &error, {}), qPrintable(error.message));
    QCOMPARE(TestCluster::scalar(spec, u"SELECT adopted FROM horoscope_admin_schema_history "
                                       "WHERE id = '0001'"_s)
                 .toBool(),
             true);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT version_num FROM alembic_version"_s).toString(),
             u"h8c9d0e1f2g3"_s);
}

void TestMigrationSafety::botTablesAreNotCreatedWhereAlembicManagesTheDatabase()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"older"_s);
    // The bot deployed an older revision: its Alembic manages the database, the horoscope
    // tables arrive with h8c9d0e1f2g3.
    QCOMPARE(TestCluster::execute(spec, u"CREATE TABLE alembic_version (version_num varchar(32) "
                                        "NOT NULL PRIMARY KEY); INSERT INTO alembic_version "
                                        "VALUES ('g7b8c9d0e1f2')"_s),
             QString());
    DbError error;
    QVERIFY(!run(spec, true, {}, &error, {.createSeedTables = true}));
    QVERIFY2(error.message.contains(u"g7b8c9d0e1f2"_s), qPrintable(error.message));
    QVERIFY(!exists(spec, u"horoscope_cache"_s));
    QVERIFY(!exists(spec, u"horoscope_admin_schema_history"_s));
}

void TestMigrationSafety::tablesTheAppCreatedAreTheBotsOnceAlembicManages()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"stamped"_s);
    DbError error;
    QVERIFY(run(spec, true, {}, &error, {.createSeedTables = true}));
    // Someone ran `alembic stamp`: from now on the bot's Alembic owns these tables.
    QCOMPARE(TestCluster::execute(spec, u"CREATE TABLE alembic_version (version_num varchar(32) "
                                        "NOT NULL PRIMARY KEY); INSERT INTO alembic_version "
                                        "VALUES ('h8c9d0e1f2g3')"_s),
             QString());
    const qint64 before = count(spec, u"horoscope_admin_schema_history"_s);
    QVERIFY(!run(spec, false, u"0"_s, &error, {.acceptDataLoss = true}));
    QVERIFY2(error.message.contains(u"0001_horoscope_tables.sql"_s), qPrintable(error.message));
    QCOMPARE(count(spec, u"horoscope_admin_schema_history"_s), before);
    QVERIFY(exists(spec, u"horoscope_cache_revisions"_s));
}

void TestMigrationSafety::refusedAdoptionLeavesNoHistoryTable()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"refused"_s);
    QCOMPARE(TestCluster::execute(spec, alembicSchemaSql() +
                                            u"ALTER TABLE horoscope_views ALTER view_count DROP "
                                            "DEFAULT;"_s),
             QString());
    DbError error;
    QVERIFY(!run(spec, true, {}, &error, {}));
    QVERIFY2(error.message.contains(u"nothing was changed"_s), qPrintable(error.message));
    QVERIFY(!exists(spec, u"horoscope_admin_schema_history"_s));
}

// A migration that needs a strong lock on a table the bot writes must never make the bot's
// writes wait behind its lock request for long.
void TestMigrationSafety::busyTableIsRetriedWhileTheBotKeepsWriting()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"busy"_s);
    MigrationDir dir;
    dir.write(u"0002_note.sql", "-- +up\nALTER TABLE horoscope_cache ADD COLUMN note text;\n"
                                "-- +down\nALTER TABLE horoscope_cache DROP COLUMN note;\n");
    DbError error;
    QVERIFY(run(spec, true, u"0001"_s, &error, {.createSeedTables = true}, load(dir.path())));

    // A long report holds a share lock; the migration's ALTER TABLE cannot get its lock.
    QSqlDatabase report = TestCluster::open(spec);
    QSqlQuery hold(report);
    QVERIFY_SQL(hold, exec(u"BEGIN"_s));
    QVERIFY_SQL(hold, exec(u"SELECT count(*) FROM horoscope_cache"_s));

    std::atomic_int retries = 0;
    std::atomic_bool migrated = false;
    std::atomic_bool finished = false;
    DbError migrationError;
    std::thread migration([&] {
        QStringList unused;
        QSqlDatabase db = TestCluster::open(spec);
        {
            MigrationRunner runner(db, load(dir.path()),
                                   {.lockWaitMs = 60'000, .createSeedTables = true});
            runner.setProgress([&](const QString& message, int, int) {
                if (message.contains(u"waiting for"_s))
                    ++retries;
            });
            migrated = runner.up({}, &migrationError);
        }
        TestCluster::close(db);
        finished = true;
    });

    // The bot inserts meanwhile; each insert may wait at most 1 s.
    std::atomic_int inserted = 0;
    std::atomic_int failures = 0;
    QString botError;
    std::thread bot([&] {
        QSqlDatabase db = TestCluster::open(spec);
        {
            QSqlQuery q(db);
            q.exec(u"SET statement_timeout = '1s'"_s);
            for (int i = 0; !finished && i < 2000; ++i) {
                if (q.exec(u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
                           "VALUES ('leo', date '2000-01-01' + %1, 'bot')"_s.arg(i)))
                    ++inserted;
                else if (++failures == 1)
                    botError = q.lastError().text();
            }
        }
        TestCluster::close(db);
    });

    // The migration waits for the report (a progress line a second) while the bot writes.
    QTRY_VERIFY_WITH_TIMEOUT(retries >= 2 && inserted >= 20, 30'000);
    QVERIFY_SQL(hold, exec(u"COMMIT"_s));
    QTRY_VERIFY_WITH_TIMEOUT(finished.load(), 30'000);
    migration.join();
    bot.join();
    TestCluster::close(report);
    QVERIFY2(migrated, qPrintable(migrationError.message));
    QVERIFY2(failures == 0, qPrintable(botError));
    QVERIFY(TestCluster::scalar(spec, u"SELECT count(*) FROM information_schema.columns WHERE "
                                      "table_name = 'horoscope_cache' AND column_name = 'note'"_s)
                .toInt() == 1);
}

void TestMigrationSafety::busyTableGivesUpWithinTheWaitBudget()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"budget"_s);
    MigrationDir dir;
    dir.write(u"0002_note.sql", "-- +up\nALTER TABLE horoscope_cache ADD COLUMN note text;\n"
                                "-- +down\nALTER TABLE horoscope_cache DROP COLUMN note;\n");
    DbError error;
    QVERIFY(run(spec, true, u"0001"_s, &error, {.createSeedTables = true}, load(dir.path())));
    QSqlDatabase report = TestCluster::open(spec);
    QSqlQuery hold(report);
    QVERIFY_SQL(hold, exec(u"BEGIN"_s));
    QVERIFY_SQL(hold, exec(u"SELECT count(*) FROM horoscope_cache"_s));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!run(spec, true, {}, &error,
                 {.lockWaitMs = 1500, .lockTimeoutMs = 100, .createSeedTables = true},
                 load(dir.path())));
    const qint64 took = timer.elapsed();
    QVERIFY_SQL(hold, exec(u"ROLLBACK"_s));
    TestCluster::close(report);
    QVERIFY2(took < 10'000, qPrintable(QString::number(took)));
    for (const QString& expected : {u"0002_note.sql"_s, u"--lock-wait"_s, u"Nothing was changed"_s})
        QVERIFY2(error.message.contains(expected), qPrintable(expected + u": "_s + error.message));
    QCOMPARE(count(spec, u"horoscope_admin_schema_history"_s), 1);
}

void TestMigrationSafety::dryRunSaysWhatItWouldDo()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"dry"_s);
    DbError error;
    QStringList progress;
    QVERIFY(
        run(spec, true, {}, &error, {.dryRun = true, .createSeedTables = true}, load(), &progress));
    QVERIFY2(progress.last().contains(u"would be applied"_s), qPrintable(progress.last()));
    for (const QString& line : std::as_const(progress))
        QVERIFY2(!line.contains(u"applied."_s) || line.contains(u"would"_s), qPrintable(line));
    QVERIFY(!exists(spec, u"horoscope_cache"_s));
}

QTEST_GUILESS_MAIN(TestMigrationSafety)
#include "tst_migration_safety.moc"
