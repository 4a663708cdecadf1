#include "MigrationFixtures.h"
#include "TestCluster.h"

#include <QProcess>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString urlFor(const ConnectionSpec& spec)
{
    return u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
}

QProcess* startCli(const QStringList& args, bool progress = false)
{
    auto* p = new QProcess;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DATABASE_URL"_s);
    if (progress) // progress lines go to a terminal only, or with HA_DEBUG
        env.insert(u"HA_DEBUG"_s, u"1"_s);
    p->setProcessEnvironment(env);
    p->start(QStringLiteral(HA_EXECUTABLE), args);
    return p;
}

Run finish(QProcess* p)
{
    Run r;
    if (!p->waitForFinished(120'000))
        p->kill();
    r.exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
    r.out = QString::fromUtf8(p->readAllStandardOutput());
    r.err = QString::fromUtf8(p->readAllStandardError());
    delete p;
    return r;
}

Run cli(const QStringList& args)
{
    return finish(startCli(args));
}

} // namespace

class TestMigrationsCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void helpDocumentsEveryOptionAndCommand();
    void wrongUsageExitsWithTwo();
    void statusUpHistoryDown();
    void dryRunChangesNothing();
    void failuresGiveOneLineOnStderr();
    void databaseUrlFromEnvironment();
    void twoRunnersInTwoProcessesApplyEachMigrationOnce();
};

void TestMigrationsCli::initTestCase()
{
    REQUIRE_CLUSTER();
}

void TestMigrationsCli::helpDocumentsEveryOptionAndCommand()
{
    const Run r = cli({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    for (const QString& word :
         {u"--demo"_s, u"--database-url"_s, u"--profile"_s, u"--lang"_s, u"--migrations-dir"_s,
          u"--to"_s, u"--dry-run"_s, u"--lock-wait"_s, u"--version"_s, u"migrate status"_s,
          u"migrate up"_s, u"migrate down"_s, u"migrate history"_s, u"DATABASE_URL"_s}) {
        QVERIFY2(r.out.contains(word), qPrintable(word));
    }
    QCOMPARE(cli({u"--version"_s}).exitCode, 0);
}

void TestMigrationsCli::wrongUsageExitsWithTwo()
{
    QCOMPARE(cli({u"migrate"_s, u"sideways"_s}).exitCode, 2);
    QCOMPARE(cli({u"--no-such-option"_s, u"migrate"_s, u"status"_s}).exitCode, 2);
    QCOMPARE(cli({u"migrate"_s, u"up"_s, u"--lock-wait"_s, u"soon"_s}).exitCode, 2);
}

void TestMigrationsCli::statusUpHistoryDown()
{
    const QString url = urlFor(TestCluster::instance().freshDatabase());
    Run r = cli({u"--database-url"_s, url, u"migrate"_s, u"status"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(u"0001") && r.out.contains(u"pending"), qPrintable(r.out));

    r = cli({u"--database-url"_s, url, u"migrate"_s, u"up"_s, u"--create-bot-tables"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = cli({u"--database-url"_s, url, u"migrate"_s, u"status"_s});
    QVERIFY2(r.out.contains(u"applied"), qPrintable(r.out));
    QVERIFY(!r.out.contains(u"pending"));

    r = cli({u"--database-url"_s, url, u"migrate"_s, u"history"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(u"0001") && r.out.contains(u"horoscope") && r.out.contains(u" ms"),
             qPrintable(r.out));

    r = cli({u"--database-url"_s, url, u"migrate"_s, u"down"_s, u"--to"_s, u"0"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = cli({u"--database-url"_s, url, u"migrate"_s, u"status"_s});
    QVERIFY(r.out.contains(u"pending"));
}

void TestMigrationsCli::dryRunChangesNothing()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    const Run r = cli({u"--database-url"_s, urlFor(spec), u"migrate"_s, u"up"_s, u"--dry-run"_s,
                       u"--create-bot-tables"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(u"CREATE TABLE horoscope_cache"));
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_class WHERE relname IN "
                                       "('horoscope_cache', 'horoscope_admin_schema_history')"_s)
                 .toInt(),
             0);
}

void TestMigrationsCli::failuresGiveOneLineOnStderr()
{
    Run r = cli({u"--database-url"_s, u"mysql://u:pw@h/db"_s, u"migrate"_s, u"status"_s});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed().count(u'\n'), 0);
    QVERIFY(r.err.contains(u"mysql"));

    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationDir dir;
    dir.write(u"0002_broken.sql", "-- +up\nCREATE TABLE ok (x int);\nSELECT * FROM missing;\n"
                                  "-- +down\nDROP TABLE ok;\n");
    r = cli({u"--database-url"_s, urlFor(spec), u"--migrations-dir"_s, dir.path(), u"migrate"_s,
             u"up"_s, u"--create-bot-tables"_s});
    QCOMPARE(r.exitCode, 1);
    const QStringList errorLines = r.err.split(u'\n').filter(u"horoscope-admin:"_s);
    QCOMPARE(errorLines.size(), 1);
    QVERIFY2(errorLines.first().contains(u"0002_broken.sql"), qPrintable(r.err));
    QVERIFY(!TestCluster::scalar(spec, u"SELECT to_regclass('ok') IS NOT NULL"_s).toBool());

    ConnectionSpec missing = spec;
    missing.database = u"nope_not_here"_s;
    r = cli({u"--database-url"_s, urlFor(missing), u"migrate"_s, u"status"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"nope_not_here") && r.err.contains(u"does not exist"),
             qPrintable(r.err));
}

void TestMigrationsCli::databaseUrlFromEnvironment()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DATABASE_URL"_s, u"postgresql+asyncpg://"_s + spec.user + u"@/"_s + spec.database +
                                      u"?host="_s + spec.host);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HA_EXECUTABLE), {u"migrate"_s, u"up"_s, u"--create-bot-tables"_s});
    QVERIFY(p.waitForFinished(60'000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QVERIFY(
        TestCluster::scalar(spec, u"SELECT to_regclass('horoscope_cache') IS NOT NULL"_s).toBool());
}

void TestMigrationsCli::twoRunnersInTwoProcessesApplyEachMigrationOnce()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationDir dir;
    dir.write(u"0002_log.sql", "-- +up\nCREATE TABLE applied_log (id text);\n"
                               "INSERT INTO applied_log VALUES ('0002');\n"
                               "SELECT pg_sleep(0.7);\n-- +down\nDROP TABLE applied_log;\n");
    dir.write(u"0003_more.sql", "-- +up\nINSERT INTO applied_log VALUES ('0003');\n"
                                "SELECT pg_sleep(0.3);\n"
                                "-- +down\nDELETE FROM applied_log WHERE id = '0003';\n");
    const QStringList args{u"--database-url"_s, urlFor(spec), u"--migrations-dir"_s,   dir.path(),
                           u"migrate"_s,        u"up"_s,      u"--create-bot-tables"_s};
    QProcess* first = startCli(args, true);
    QProcess* second = startCli(args, true);
    const Run a = finish(first);
    const Run b = finish(second);
    QVERIFY2(a.exitCode == 0, qPrintable(a.err));
    QVERIFY2(b.exitCode == 0, qPrintable(b.err));
    QVERIFY2(a.err.contains(u"Waiting") || b.err.contains(u"Waiting"),
             "one runner must have waited for the other");
    QCOMPARE(TestCluster::scalar(spec, u"SELECT string_agg(id, ',' ORDER BY id) FROM applied_log"_s)
                 .toString(),
             u"0002,0003"_s);
    QCOMPARE(
        TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_admin_schema_history"_s).toInt(),
        3);
}

QTEST_GUILESS_MAIN(TestMigrationsCli)
#include "tst_migrations_cli.moc"
