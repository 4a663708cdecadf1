#include "Migration.h"
#include "MigrationFixtures.h"
#include "MigrationRunner.h"
#include "MigrationService.h"
#include "TestCluster.h"

#include <QProcess>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace {

QList<Migration> load(const QString& dir)
{
    QList<Migration> list;
    QString error;
    if (!Migration::loadAll(dir, &list, &error))
        qWarning("%s", qPrintable(error));
    return list;
}

bool tableExists(const ConnectionSpec& spec, const QString& table)
{
    return TestCluster::scalar(spec, u"SELECT to_regclass('%1') IS NOT NULL"_s.arg(table)).toBool();
}

int historyRows(const ConnectionSpec& spec)
{
    if (!tableExists(spec, u"horoscope_admin_schema_history"_s))
        return 0;
    return TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_admin_schema_history"_s)
        .toInt();
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void parsesFileFormat();
    void rejectsBrokenFiles_data();
    void rejectsBrokenFiles();
    void freshDatabaseUpDownUp();
    void secondUpDoesNothing();
    void upAndDownToATarget();
    void brokenMigrationLeavesNoTrace();
    void checksumDriftIsCaught();
    void adoptsWhatAlembicLeft();
    void refusesMismatchingTablesListingDifferences();
    void neverRollsBackAnAdoptedMigration();
    void schemaDumpIsIdenticalToAlembics();
    void dryRunChangesNothing();
    void busyTableFailsCleanlyOnLockTimeout();
    void waitsForAnotherRunnerThenFailsClearly();
    void runsNoTransactionMigrationsOutsideATransaction();
    void cancelStopsBeforeTheNextMigration();
    void serviceDeletedWhileItsMigrationReports();

private:
    bool run(const ConnectionSpec& spec, const QList<Migration>& migrations, bool upward,
             const QString& to, DbError* error, MigrationRunner::Options options = {},
             QString* output = nullptr, const std::atomic_bool* cancel = nullptr);
};

void TestMigrations::initTestCase()
{
    REQUIRE_CLUSTER();
}

bool TestMigrations::run(const ConnectionSpec& spec, const QList<Migration>& migrations,
                         bool upward, const QString& to, DbError* error,
                         MigrationRunner::Options options, QString* output,
                         const std::atomic_bool* cancel)
{
    QSqlDatabase db = TestCluster::open(spec);
    bool ok = false;
    {
        options.createSeedTables = true; // these tests are about a database without the bot
        MigrationRunner runner(db, migrations, options);
        if (output)
            runner.setOutput([output](const QString& text) { *output += text; });
        runner.setCancelFlag(cancel);
        ok = upward ? runner.up(to, error) : runner.down(to, error);
    }
    TestCluster::close(db);
    return ok;
}

void TestMigrations::parsesFileFormat()
{
    Migration m;
    QString error;
    QVERIFY2(Migration::parse(u"0042_add_things.sql"_s,
                              "-- Description: Add things\r\n-- Transaction: none\r\n"
                              "-- Adopt: a b\r\n-- +up\r\nCREATE TABLE a();\r\n-- +down\r\n"
                              "DROP TABLE a;\r\n",
                              &m, &error),
             qPrintable(error));
    QCOMPARE(m.id, u"0042"_s);
    QCOMPARE(m.description, u"Add things"_s);
    QVERIFY(!m.transactional);
    QCOMPARE(m.adoptTables, (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(m.upSql, u"CREATE TABLE a();"_s);
    QCOMPARE(m.downSql, u"DROP TABLE a;"_s);
    Migration unix;
    QVERIFY(Migration::parse(u"0042_add_things.sql"_s,
                             "-- Description: Add things\n-- Transaction: none\n-- Adopt: a b\n"
                             "-- +up\nCREATE TABLE a();\n-- +down\nDROP TABLE a;\n",
                             &unix, &error));
    QCOMPARE(unix.checksum, m.checksum); // line endings do not count as drift

    const QList<Migration> builtIn = load(u":/migrations"_s);
    QVERIFY(!builtIn.isEmpty());
    QCOMPARE(builtIn.first().id, u"0001"_s);
    QCOMPARE(builtIn.first().adoptTables,
             (QStringList{u"horoscope_cache"_s, u"horoscope_views"_s}));
}

void TestMigrations::rejectsBrokenFiles_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("bad name") << u"create.sql"_s << QByteArray("-- +up\nx;\n-- +down\n")
                              << u"0001_short_description"_s;
    QTest::newRow("no up") << u"0001_x.sql"_s << QByteArray("CREATE TABLE a();") << u"+up"_s;
    QTest::newRow("no down") << u"0001_x.sql"_s << QByteArray("-- +up\nCREATE TABLE a();")
                             << u"+down"_s;
    QTest::newRow("down first") << u"0001_x.sql"_s
                                << QByteArray("-- +down\nDROP TABLE a;\n-- +up\nCREATE TABLE a();")
                                << u"line 1"_s;
    QTest::newRow("empty up") << u"0001_x.sql"_s << QByteArray("-- +up\n-- +down\nDROP TABLE a;")
                              << u"+up"_s;
}

void TestMigrations::rejectsBrokenFiles()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, mentions);
    Migration m;
    QString error;
    QVERIFY(!Migration::parse(name, content, &m, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QVERIFY2(error.contains(name), qPrintable(error));
}

void TestMigrations::freshDatabaseUpDownUp()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    const QList<Migration> migrations = load(u":/migrations"_s);
    DbError error;
    QVERIFY2(run(spec, migrations, true, {}, &error), qPrintable(error.message));
    QVERIFY(tableExists(spec, u"horoscope_cache"_s));
    QVERIFY(tableExists(spec, u"horoscope_views"_s));
    QVERIFY(tableExists(spec, u"horoscope_cache_revisions"_s));
    QVERIFY(tableExists(spec, u"ix_horoscope_cache_content_trgm"_s));
    QCOMPARE(historyRows(spec), migrations.size());
    QCOMPARE(TestCluster::scalar(spec, u"SELECT checksum FROM horoscope_admin_schema_history "
                                       "WHERE id = '0001'"_s)
                 .toString(),
             migrations.first().checksum);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT applied_by FROM horoscope_admin_schema_history "
                                       "WHERE id = '0001'"_s)
                 .toString(),
             u"horoscope"_s);

    QVERIFY2(run(spec, migrations, false, u"0"_s, &error), qPrintable(error.message));
    QVERIFY(!tableExists(spec, u"horoscope_cache"_s));
    QVERIFY(!tableExists(spec, u"horoscope_views"_s));
    QVERIFY(!tableExists(spec, u"horoscope_cache_id_seq"_s));
    QCOMPARE(historyRows(spec), 0);

    QVERIFY2(run(spec, migrations, true, {}, &error), qPrintable(error.message));
    QVERIFY(tableExists(spec, u"horoscope_cache"_s));
    QCOMPARE(TestCluster::execute(spec,
                                  u"INSERT INTO horoscope_cache (zodiac_sign, "
                                  "horoscope_date, content) VALUES ('leo', '2026-01-01', 'x')"_s),
             QString());
}

void TestMigrations::secondUpDoesNothing()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    const QList<Migration> migrations = load(u":/migrations"_s);
    DbError error;
    QVERIFY(run(spec, migrations, true, {}, &error));
    const QString before =
        TestCluster::scalar(spec, u"SELECT string_agg(id || applied_at::text, ',') "
                                  "FROM horoscope_admin_schema_history"_s)
            .toString();
    QVERIFY2(run(spec, migrations, true, {}, &error), qPrintable(error.message));
    QCOMPARE(TestCluster::scalar(spec, u"SELECT string_agg(id || applied_at::text, ',') "
                                       "FROM horoscope_admin_schema_history"_s)
                 .toString(),
             before);
}

void TestMigrations::upAndDownToATarget()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationDir dir;
    dir.write(u"0002_notes.sql",
              "-- +up\nCREATE TABLE notes (id int);\n-- +down\nDROP TABLE notes;\n");
    dir.write(u"0003_tags.sql",
              "-- +up\nCREATE TABLE tags (id int);\n-- +down\nDROP TABLE tags;\n");
    const QList<Migration> migrations = load(dir.path());
    DbError error;
    QVERIFY2(run(spec, migrations, true, u"0002"_s, &error), qPrintable(error.message));
    QVERIFY(tableExists(spec, u"notes"_s));
    QVERIFY(!tableExists(spec, u"tags"_s));
    QVERIFY(run(spec, migrations, true, {}, &error));
    QVERIFY(tableExists(spec, u"tags"_s));
    QVERIFY(run(spec, migrations, false, {}, &error)); // without --to: the last one only
    QVERIFY(!tableExists(spec, u"tags"_s));
    QVERIFY(tableExists(spec, u"notes"_s));
    QVERIFY(run(spec, migrations, false, u"0001"_s, &error));
    QVERIFY(!tableExists(spec, u"notes"_s));
    QVERIFY(tableExists(spec, u"horoscope_cache"_s));
    QVERIFY(!run(spec, migrations, true, u"0009"_s, &error));
    QVERIFY(error.message.contains(u"0009"));
}

void TestMigrations::brokenMigrationLeavesNoTrace()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationDir dir;
    dir.write(u"0002_broken.sql", "-- Description: Half good, half broken\n-- +up\n"
                                  "CREATE TABLE extra (x int);\n"
                                  "INSERT INTO extra VALUES (1);\n"
                                  "INSERT INTO no_such_table VALUES (1);\n"
                                  "-- +down\nDROP TABLE extra;\n");
    DbError error;
    QVERIFY(!run(spec, load(dir.path()), true, {}, &error));
    QVERIFY2(error.message.contains(u"0002_broken.sql"), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"statement 3"), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"no_such_table"), qPrintable(error.message));
    QVERIFY(!tableExists(spec, u"extra"_s));
    QVERIFY(tableExists(spec, u"horoscope_cache"_s)); // 0001 finished before and stays
    QCOMPARE(historyRows(spec), 1);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_locks WHERE locktype = "
                                       "'advisory'"_s)
                 .toInt(),
             0);
}

void TestMigrations::checksumDriftIsCaught()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationDir dir;
    dir.write(u"0002_notes.sql",
              "-- +up\nCREATE TABLE notes (id int);\n-- +down\nDROP TABLE notes;\n");
    DbError error;
    QVERIFY(run(spec, load(dir.path()), true, {}, &error));
    dir.write(u"0002_notes.sql",
              "-- +up\nCREATE TABLE notes (id bigint);\n-- +down\nDROP TABLE notes;\n");
    dir.write(u"0003_more.sql",
              "-- +up\nCREATE TABLE more (id int);\n-- +down\nDROP TABLE more;\n");
    const QList<Migration> changed = load(dir.path());

    QSqlDatabase db = TestCluster::open(spec);
    {
        MigrationRunner runner(db, changed, {});
        QList<MigrationRunner::Entry> entries;
        QVERIFY(runner.status(&entries, &error));
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(1).state, MigrationRunner::State::Drifted);
        QCOMPARE(entries.at(2).state, MigrationRunner::State::Pending);
    }
    TestCluster::close(db);
    QVERIFY(!run(spec, changed, true, {}, &error));
    QVERIFY2(error.message.contains(u"0002_notes.sql"), qPrintable(error.message));
    QVERIFY(!tableExists(spec, u"more"_s)); // stopped before anything else ran
    QVERIFY(!run(spec, changed, false, {}, &error));
}

void TestMigrations::adoptsWhatAlembicLeft()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QCOMPARE(TestCluster::execute(spec, alembicSchemaSql()), QString());
    QCOMPARE(TestCluster::execute(
                 spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                       "horoscope_date, content) VALUES ('leo', '2026-01-01', 'bot text')"_s),
             QString());
    const QList<Migration> migrations = load(u":/migrations"_s);
    DbError error;
    QVERIFY2(run(spec, migrations, true, {}, &error), qPrintable(error.message));
    QCOMPARE(TestCluster::scalar(spec, u"SELECT adopted FROM horoscope_admin_schema_history "
                                       "WHERE id = '0001'"_s)
                 .toBool(),
             true);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT content FROM horoscope_cache"_s).toString(),
             u"bot text"_s);
    QCOMPARE(
        TestCluster::scalar(spec, u"SELECT string_agg(version_num, ',') FROM alembic_version"_s)
            .toString(),
        u"h8c9d0e1f2g3"_s);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_namespace WHERE nspname LIKE "
                                       "'ha_probe_%'"_s)
                 .toInt(),
             0);

    QSqlDatabase db = TestCluster::open(spec);
    {
        MigrationRunner runner(db, migrations, {});
        QList<MigrationRunner::Entry> entries;
        QVERIFY(runner.status(&entries, &error));
        QCOMPARE(entries.first().state, MigrationRunner::State::Adopted);
    }
    TestCluster::close(db);
}

void TestMigrations::refusesMismatchingTablesListingDifferences()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QCOMPARE(TestCluster::execute(
                 spec, alembicSchemaSql() +
                           u"ALTER TABLE horoscope_cache ALTER content TYPE varchar(4000);"
                           "DROP INDEX ix_horoscope_cache_zodiac_sign;"
                           "CREATE INDEX ix_extra ON horoscope_views (view_date);"
                           "ALTER TABLE horoscope_views ALTER view_count DROP DEFAULT;"_s),
             QString());
    DbError error;
    QVERIFY(!run(spec, load(u":/migrations"_s), true, {}, &error));
    for (const QString& expected :
         {u"content"_s, u"character varying(4000)"_s, u"ix_horoscope_cache_zodiac_sign"_s,
          u"ix_extra"_s, u"view_count"_s}) {
        QVERIFY2(error.message.contains(expected),
                 qPrintable(expected + u" not in: "_s + error.message));
    }
    QCOMPARE(historyRows(spec), 0);
    QVERIFY(!tableExists(spec, u"ix_horoscope_cache_zodiac_sign"_s)); // nothing was changed
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_namespace WHERE nspname LIKE "
                                       "'ha_probe_%'"_s)
                 .toInt(),
             0);
}

void TestMigrations::neverRollsBackAnAdoptedMigration()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QCOMPARE(TestCluster::execute(spec, alembicSchemaSql()), QString());
    const QList<Migration> migrations = load(u":/migrations"_s);
    DbError error;
    QVERIFY(run(spec, migrations, true, {}, &error));
    QVERIFY(!run(spec, migrations, false, u"0"_s, &error));
    QVERIFY2(error.message.contains(u"Alembic"), qPrintable(error.message));
    QVERIFY(tableExists(spec, u"horoscope_cache"_s));
}

void TestMigrations::schemaDumpIsIdenticalToAlembics()
{
    TestCluster& tc = TestCluster::instance();
    const ConnectionSpec ours = tc.freshDatabase(u"ours"_s);
    const ConnectionSpec alembic = tc.freshDatabase(u"alembic"_s);
    DbError error;
    // 0001 is what the bot's revision h8c9d0e1f2g3 creates; later migrations are the app's own.
    QVERIFY(run(ours, load(u":/migrations"_s), true, u"0001"_s, &error));
    QCOMPARE(TestCluster::execute(alembic, alembicSchemaSql()), QString());

    QString binError;
    const QString bin = PgCluster::findBinDir(&binError);
    auto dump = [&bin](const ConnectionSpec& spec) {
        QProcess p;
        p.start(bin + u"/pg_dump"_s,
                {u"--schema-only"_s, u"--no-owner"_s, u"-t"_s, u"horoscope_cache"_s, u"-t"_s,
                 u"horoscope_views"_s, u"-h"_s, spec.host, u"-U"_s, spec.user, spec.database});
        p.waitForFinished(60'000);
        QStringList lines;
        for (const QString& line : QString::fromUtf8(p.readAllStandardOutput()).split(u'\n')) {
            // Comments, and the random key of pg_dump's \restrict line.
            if (!line.startsWith(u"--") && !line.startsWith(u"\\restrict") &&
                !line.startsWith(u"\\unrestrict"))
                lines << line;
        }
        return lines.join(u'\n');
    };
    const QString a = dump(ours);
    QVERIFY(a.contains(u"CREATE TABLE public.horoscope_cache"));
    QVERIFY(a.contains(u"uq_horoscope_views_sign_date"));
    QCOMPARE(a, dump(alembic));
}

void TestMigrations::dryRunChangesNothing()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationRunner::Options options;
    options.dryRun = true;
    QString output;
    DbError error;
    QVERIFY2(run(spec, load(u":/migrations"_s), true, {}, &error, options, &output),
             qPrintable(error.message));
    QVERIFY(output.contains(u"0001_horoscope_tables.sql (up)"));
    QVERIFY(output.contains(u"CREATE TABLE horoscope_cache"));
    QVERIFY(!tableExists(spec, u"horoscope_cache"_s));
    QVERIFY(!tableExists(spec, u"horoscope_admin_schema_history"_s));

    // And for a rollback of an applied database.
    QVERIFY(run(spec, load(u":/migrations"_s), true, {}, &error));
    output.clear();
    QVERIFY(run(spec, load(u":/migrations"_s), false, u"0"_s, &error, options, &output));
    QVERIFY(output.contains(u"DROP TABLE horoscope_cache"));
    QVERIFY(tableExists(spec, u"horoscope_cache"_s));
    QCOMPARE(historyRows(spec), load(u":/migrations"_s).size());
}

void TestMigrations::busyTableFailsCleanlyOnLockTimeout()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationDir dir;
    dir.write(u"0002_add_column.sql", "-- +up\nALTER TABLE horoscope_cache ADD COLUMN note text;\n"
                                      "-- +down\nALTER TABLE horoscope_cache DROP COLUMN note;\n");
    const QList<Migration> migrations = load(dir.path());
    DbError error;
    QVERIFY(run(spec, migrations, true, u"0001"_s, &error));

    // The bot, in the middle of a long transaction that read the table.
    QSqlDatabase bot = TestCluster::open(spec);
    QSqlQuery q(bot);
    QVERIFY_SQL(q, exec(u"BEGIN"_s));
    QVERIFY_SQL(q, exec(u"SELECT count(*) FROM horoscope_cache"_s));
    MigrationRunner::Options options;
    options.lockTimeoutMs = 300;
    options.lockWaitMs = 1'000; // retried with backoff within this budget
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!run(spec, migrations, true, {}, &error, options));
    QVERIFY(timer.elapsed() < 20'000);
    QCOMPARE(error.kind, DbError::Kind::Timeout);
    QVERIFY2(error.message.contains(u"0002_add_column.sql"), qPrintable(error.message));
    QVERIFY_SQL(q, exec(u"COMMIT"_s));
    TestCluster::close(bot);
    QCOMPARE(TestCluster::scalar(spec,
                                 u"SELECT count(*) FROM information_schema.columns "
                                 "WHERE table_name = 'horoscope_cache' AND column_name = 'note'"_s)
                 .toInt(),
             0);
    QVERIFY2(run(spec, migrations, true, {}, &error), qPrintable(error.message));
}

void TestMigrations::waitsForAnotherRunnerThenFailsClearly()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QSqlDatabase other = TestCluster::open(spec);
    QSqlQuery q(other);
    QVERIFY_SQL(q, exec(u"SET application_name = 'other-admin'"_s));
    QVERIFY_SQL(q, exec(u"SELECT pg_advisory_lock(%1, 1)"_s.arg(0x486F726F)));
    MigrationRunner::Options options;
    options.lockWaitMs = 600;
    DbError error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!run(spec, load(u":/migrations"_s), true, {}, &error, options));
    QVERIFY(timer.elapsed() >= 500);
    QCOMPARE(error.kind, DbError::Kind::Timeout);
    QVERIFY2(error.message.contains(u"other-admin"), qPrintable(error.message));
    // Our own wait is ours, not presented as how long the other runner has held the lock.
    QVERIFY2(error.message.contains(u"Gave up after waiting"), qPrintable(error.message));
    QVERIFY2(!error.message.contains(u"has held the migration lock"), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"connected since"), qPrintable(error.message));
    QVERIFY(!tableExists(spec, u"horoscope_cache"_s));
    TestCluster::close(other); // a runner that dies releases the lock with its session
    QVERIFY2(run(spec, load(u":/migrations"_s), true, {}, &error, options),
             qPrintable(error.message));
}

void TestMigrations::runsNoTransactionMigrationsOutsideATransaction()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationDir dir;
    dir.write(
        u"0002_concurrent_index.sql",
        "-- Transaction: none\n-- +up\n"
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_generated ON horoscope_cache (generated_at);\n"
        "-- +down\nDROP INDEX CONCURRENTLY IF EXISTS ix_generated;\n");
    DbError error;
    QVERIFY2(run(spec, load(dir.path()), true, {}, &error), qPrintable(error.message));
    QVERIFY(tableExists(spec, u"ix_generated"_s));
    QVERIFY2(run(spec, load(dir.path()), false, {}, &error), qPrintable(error.message));
    QVERIFY(!tableExists(spec, u"ix_generated"_s));
}

void TestMigrations::cancelStopsBeforeTheNextMigration()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    std::atomic_bool cancel{true};
    DbError error;
    QVERIFY(!run(spec, load(u":/migrations"_s), true, {}, &error, {}, nullptr, &cancel));
    QCOMPARE(error.kind, DbError::Kind::Cancelled);
    QVERIFY(!tableExists(spec, u"horoscope_cache"_s));
}

// Issue 22: closing the window during a migration deletes the service while its runner is still
// reporting from the worker thread (teardown no longer waits for it). The runner waits for
// another runner's lock and reports every 200 ms. The GUI thread is busy for 300 ms after a
// report (as when the window closes), so the worker is on its way to the next report when the
// service is deleted. Nothing may reach the deleted service and the process must survive; under
// ThreadSanitizer (tests/scripts/tsan.sh, which also delays every post from a worker thread by
// 300 ms) the worker thread must never touch the service.
void TestMigrations::serviceDeletedWhileItsMigrationReports()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QSqlDatabase other = TestCluster::open(spec);
    QSqlQuery q(other);
    QVERIFY_SQL(q, exec(u"SELECT pg_advisory_lock(%1, 1)"_s.arg(0x486F726F)));
    ConnectionSpec ours = spec;
    ours.setOption(u"application_name"_s, u"ha-deleted-service"_s);
    const auto sessions = [&spec] {
        return TestCluster::scalar(spec, u"SELECT count(*) FROM pg_stat_activity "
                                         "WHERE application_name = 'ha-deleted-service'"_s)
            .toInt();
    };
    for (int round = 0; round < 3; ++round) {
        auto* service = new MigrationService(ours, load(u":/migrations"_s));
        int reports = 0;
        connect(service, &MigrationService::progress, this, [&reports] { ++reports; });
        connect(service, &MigrationService::output, this, [&reports] { ++reports; });
        service->up({});
        QTRY_VERIFY_WITH_TIMEOUT(reports > 0, 10'000);
        const int before = reports;
        QThread::msleep(300); // not a wait for anything: the GUI thread busy meanwhile
        delete service;
        QCoreApplication::processEvents();
        QCOMPARE(reports, before);
    }
    // Every runner sees the cancel at its next try and ends on its own; its connection closes.
    QTRY_COMPARE_WITH_TIMEOUT(sessions(), 0, 20'000);
    QVERIFY_SQL(q, exec(u"SELECT pg_advisory_unlock(%1, 1)"_s.arg(0x486F726F)));
    TestCluster::close(other);
    QVERIFY(!tableExists(spec, u"horoscope_cache"_s));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
