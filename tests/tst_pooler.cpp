// Issue 15: everything the window and the command line do works through PgBouncer in
// pool_mode = transaction (pool of 4) while 8 bot-like pgbench clients use the same pooler.
// Without that load a named PREPARE and its EXECUTE usually reach the same server session by
// luck, so every test here checks that the load ran during it.
#include "Database.h"
#include "ExportService.h"
#include "FakeChatServer.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeService.h"
#include "HoroscopeTableModel.h"
#include "Migration.h"
#include "MigrationRunner.h"
#include "PgBouncerFixture.h"
#include "PgQuery.h"
#include "PgSession.h"
#include "TrendsService.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kCliRuns = 12;
const QDate kLast(2026, 5, 10);

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

// HA_TEST_EXECUTABLE: run against another build (say, before the fix).
Run cli(const QStringList& args, const QProcessEnvironment& extra = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DATABASE_URL"_s);
    env.remove(u"HA_DEBUG"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, QDir::tempPath() + u"/ha-tst-pooler-config"_s);
    for (const QString& key : extra.keys())
        env.insert(key, extra.value(key));
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("HA_TEST_EXECUTABLE", QStringLiteral(HA_EXECUTABLE)), args);
    Run r;
    if (!p.waitForStarted(10'000))
        return r;
    // The fake AI provider answers from this thread's event loop while the command runs.
    QSignalSpy finished(&p, &QProcess::finished);
    if (p.state() != QProcess::NotRunning)
        finished.wait(60'000);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void waitIdle(HoroscopeTableModel& model)
{
    QSignalSpy changed(&model, &HoroscopeTableModel::loadingChanged);
    while (model.isLoading())
        QVERIFY(changed.wait(30'000));
}

} // namespace

class TestPooler : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void poolerIsDetected();
    void viewsExportCommand();
    void horoscopesListCommand();
    void regenerateCommand();
    void browseAndSearch();
    void openAndSave();
    void trends();
    void exportService();
    void commandSettingsStayInsideItsTransactions();
    void migrationsNeedADirectConnection();
    void aSchemaNamedLikeTheRoleIsNeverUsedThroughThePooler();

private:
    int idOf(const QString& sign, const QDate& date) const;

    std::unique_ptr<PgBouncerFixture> m_pooler;
    ConnectionSpec m_direct;
    ConnectionSpec m_pooled;
    QString m_url;
    qint64 m_viewsBefore = 0;
};

void TestPooler::initTestCase()
{
    REQUIRE_CLUSTER();
    m_direct = migratedTestDatabase(u"pooler"_s);
    insertDays(m_direct, kLast, 60);
    QCOMPARE(insertLeapDayViews(m_direct), QString());
    m_pooler = std::make_unique<PgBouncerFixture>(4);
    QString error;
    QVERIFY2(m_pooler->start(&error), qPrintable(error));
    m_pooled = m_pooler->pooled(m_direct);
    m_url = PgBouncerFixture::url(m_pooled);
    QVERIFY2(m_pooler->startLoad(m_direct, 8, &error), qPrintable(error));
    // The bot's clients are at work before the first test starts.
    QTRY_VERIFY2_WITH_TIMEOUT(PgBouncerFixture::loadViews(m_direct) >= 200,
                              qPrintable(m_pooler->loadOutput()), 30'000);
}

void TestPooler::init()
{
    m_viewsBefore = PgBouncerFixture::loadViews(m_direct);
}

// Every test ran while the bot's clients kept working through the same pooler.
void TestPooler::cleanup()
{
    QVERIFY2(m_pooler->loadRunning(), qPrintable(m_pooler->loadOutput()));
    QVERIFY2(PgBouncerFixture::loadViews(m_direct) > m_viewsBefore,
             "the pgbench load did not run during the test");
}

int TestPooler::idOf(const QString& sign, const QDate& date) const
{
    return TestCluster::scalar(
               m_direct, u"SELECT id FROM horoscope_cache WHERE zodiac_sign = "
                         "'%1' AND horoscope_date = '%2'"_s.arg(sign, date.toString(Qt::ISODate)))
        .toInt();
}

void TestPooler::poolerIsDetected()
{
    for (const auto& [spec, expected] : {std::pair{m_pooled, true}, std::pair{m_direct, false}}) {
        QSqlDatabase db = TestCluster::open(spec);
        bool pooled = !expected;
        QSqlError error;
        QVERIFY2(PgSession::detectPooler(db, &pooled, &error), qPrintable(error.text()));
        QCOMPARE(pooled, expected);
        TestCluster::close(db);
    }
}

void TestPooler::viewsExportCommand()
{
    const QStringList args{u"--database-url"_s, m_url,           u"views"_s, u"export"_s,
                           u"--from"_s,         u"2024-02-20"_s, u"--to"_s,  u"2024-03-10"_s};
    const Run direct =
        cli(QStringList{u"--database-url"_s, PgBouncerFixture::url(m_direct)} + args.mid(2));
    QCOMPARE(direct.exitCode, 0);
    QVERIFY(direct.out.contains(u"2024-02-29"));
    for (int i = 0; i < kCliRuns; ++i) {
        const Run r = cli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(u"run %1: "_s.arg(i + 1) + r.err));
        QCOMPARE(r.out, direct.out);
    }
}

void TestPooler::horoscopesListCommand()
{
    const QStringList args{u"horoscopes"_s, u"list"_s,       u"--database-url"_s, m_url,
                           u"--from"_s,     u"2026-04-01"_s, u"--to"_s,           u"2026-04-30"_s,
                           u"--sign"_s,     u"leo"_s};
    for (int i = 0; i < kCliRuns; ++i) {
        const Run r = cli(args);
        QVERIFY2(r.exitCode == 0, qPrintable(u"run %1: "_s.arg(i + 1) + r.err));
        QCOMPARE(r.out.count(u"leo 2026-04-"_s), 30);
    }
}

void TestPooler::regenerateCommand()
{
    FakeChatServer server;
    QProcessEnvironment env;
    env.insert(u"HOROSCOPE_AI_API_KEY"_s, u"sk-pooler"_s);
    for (int i = 0; i < 10; ++i) {
        const QString text = u"Новый текст «%1» для Рыб \\ 'quoted'"_s.arg(i);
        server.enqueue(FakeChatServer::completion(text));
        const Run r = cli({u"--database-url"_s, m_url, u"regenerate"_s, u"--sign"_s, u"pisces"_s,
                           u"--date"_s, kLast.toString(Qt::ISODate), u"--provider"_s, u"openai"_s,
                           u"--ai-base-url"_s, server.baseUrl(), u"--yes"_s},
                          env);
        QVERIFY2(r.exitCode == 0 && r.err.contains(u"Written: 1"),
                 qPrintable(u"run %1: "_s.arg(i + 1) + r.err));
        QCOMPARE(TestCluster::scalar(m_direct,
                                     u"SELECT content FROM horoscope_cache WHERE zodiac_sign = "
                                     "'pisces' AND horoscope_date = '2026-05-10'"_s)
                     .toString(),
                 text);
    }
}

void TestPooler::browseAndSearch()
{
    for (int i = 0; i < 3; ++i) {
        HoroscopeTableModel model(m_pooled);
        connect(&model, &HoroscopeTableModel::loadFailed, this,
                [](const DbError& e) { QFAIL(qPrintable(e.message + u' ' + e.detail)); });
        model.setRevisionsAvailable(true);
        HoroscopeFilter filter;
        filter.signs = {u"virgo"_s};
        filter.from = kLast.addDays(-59);
        filter.to = kLast;
        model.setFilter(filter);
        waitIdle(model);
        while (model.canFetchMore()) {
            model.fetchMore();
            waitIdle(model);
        }
        QCOMPARE(model.rowCount(), 60);
        QTRY_COMPARE(model.total(), 60);

        filter.signs.clear();
        filter.search = u"2026-05-0"_s; // 9 days of all 12 signs
        model.setFilter(filter);
        waitIdle(model);
        while (model.canFetchMore()) {
            model.fetchMore();
            waitIdle(model);
        }
        QCOMPARE(model.rowCount(), 9 * 12);
    }
}

void TestPooler::openAndSave()
{
    Database database(m_pooled);
    database.start();
    HoroscopeService service(&database);
    const int id = idOf(u"libra"_s, kLast);
    for (int i = 0; i < 8; ++i) {
        std::optional<DbResult<HoroscopeRecord>> loaded;
        service.load(this, id, [&loaded](auto r) { loaded = r; });
        QTRY_VERIFY(loaded.has_value());
        QVERIFY2(loaded->ok(), qPrintable(loaded->error.message));
        const QString text = u"Весы: «правка» %1 \\ 'кавычки'"_s.arg(i);
        std::optional<DbResult<HoroscopeService::Saved>> saved;
        service.save(this, loaded->value, text, false, [&saved](auto r) { saved = r; });
        QTRY_VERIFY(saved.has_value());
        QVERIFY2(saved->ok(), qPrintable(saved->error.message));
        QCOMPARE(saved->value.outcome, HoroscopeService::Saved::Outcome::Saved);
        QCOMPARE(TestCluster::scalar(m_direct,
                                     u"SELECT content FROM horoscope_cache WHERE id = %1"_s.arg(id))
                     .toString(),
                 text);
    }
}

void TestPooler::trends()
{
    Database database(m_pooled);
    database.start();
    TrendsService service(&database);
    for (int i = 0; i < 8; ++i) {
        std::optional<DbResult<ViewTrends>> answer;
        ViewTrends::Range range;
        range.from = QDate(2024, 2, 20);
        range.to = QDate(2024, 3, 10);
        service.trends(this, range, [&answer](auto r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY2(answer->ok(), qPrintable(answer->error.message + u' ' + answer->error.detail));
        QCOMPARE(answer->value.from, range.from);
    }
}

void TestPooler::exportService()
{
    Database database(m_pooled);
    database.start();
    QTemporaryDir dir;
    HoroscopeFilter filter;
    filter.signs = {u"aries"_s};
    filter.from = kLast.addDays(-59);
    filter.to = kLast;
    for (int i = 0; i < 8; ++i) {
        const QString file = dir.filePath(u"out%1.csv"_s.arg(i));
        std::optional<DbResult<qint64>> answer;
        ExportService(&database).exportRows(this, file, filter, HoroscopeExporter::Format::Csv, {},
                                            [&answer](auto r) { answer = r; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY2(answer->ok(), qPrintable(answer->error.message + u' ' + answer->error.detail));
        QCOMPARE(answer->value, 60);
    }
}

// The command line's statement_timeout and lock_timeout must not stay behind on a server
// session the pooler then lends to the bot.
void TestPooler::commandSettingsStayInsideItsTransactions()
{
    for (int i = 0; i < 4; ++i) {
        const Run r =
            cli({u"--database-url"_s, m_url, u"--statement-timeout"_s, u"43.5"_s, u"horoscopes"_s,
                 u"list"_s, u"--from"_s, u"2026-05-01"_s, u"--to"_s, u"2026-05-02"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    // The settings still hold for every statement of the connection that asked for them.
    ConnectionSpec spec = m_pooled;
    spec.sessionSettings = {{u"statement_timeout"_s, u"4321"_s}};
    QSqlDatabase withSettings = TestCluster::open(spec);
    DbError error;
    QVERIFY2(PgSession::configure(withSettings, spec, &error), qPrintable(error.message));
    for (int i = 0; i < 10; ++i) {
        PgQuery q(withSettings);
        QVERIFY_SQL(q, exec(u"SHOW statement_timeout"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), u"4321ms"_s);
    }
    TestCluster::close(withSettings);
    // Each server session of the pool, as the next client gets it: none kept a setting.
    QSqlDatabase db = TestCluster::open(m_pooled);
    for (int i = 0; i < 20; ++i) {
        QSqlQuery q(db);
        QVERIFY_SQL(q, exec(u"SHOW statement_timeout"_s));
        QVERIFY(q.next());
        QVERIFY2(q.value(0).toString() != u"43500ms"_s && q.value(0).toString() != u"4321ms"_s,
                 "a command's setting leaked");
    }
    TestCluster::close(db);
}

// The runner's session lock and CREATE INDEX CONCURRENTLY need one server session: through
// the pooler the command line and the window (the same runner) refuse before touching anything.
void TestPooler::migrationsNeedADirectConnection()
{
    const ConnectionSpec fresh = TestCluster::instance().freshDatabase(u"poolmig"_s);
    const ConnectionSpec pooled = m_pooler->pooled(fresh);
    const Run r = cli({u"--database-url"_s, PgBouncerFixture::url(pooled), u"migrate"_s, u"up"_s});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.trimmed().count(u'\n'), 0);
    QVERIFY2(r.err.contains(u"direct connection"), qPrintable(r.err));

    QSqlDatabase db = TestCluster::open(pooled);
    {
        QList<Migration> migrations;
        QString loadError;
        QVERIFY(Migration::loadAll(u":/migrations"_s, &migrations, &loadError));
        MigrationRunner runner(db, migrations, {});
        DbError error;
        QVERIFY(!runner.up({}, &error));
        QVERIFY2(error.message.contains(u"direct connection"), qPrintable(error.message));
    }
    TestCluster::close(db);
    QCOMPARE(TestCluster::scalar(fresh, u"SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                                        "ON n.oid = c.relnamespace WHERE n.nspname = 'public'"_s)
                 .toInt(),
             0);

    const Run status = cli({u"--database-url"_s, m_url, u"migrate"_s, u"status"_s});
    QVERIFY2(status.exitCode == 0, qPrintable(status.err));
}

// Issue 20: behind a transaction pooler the pinned search_path travels with each transaction;
// a statement run outside one would resolve names through the server session's "$user", public.
void TestPooler::aSchemaNamedLikeTheRoleIsNeverUsedThroughThePooler()
{
    QCOMPARE(TestCluster::execute(m_direct,
                                  u"CREATE SCHEMA \"%1\"; CREATE TABLE \"%1\".horoscope_cache "
                                  "(LIKE public.horoscope_cache INCLUDING DEFAULTS); INSERT INTO "
                                  "\"%1\".horoscope_cache (zodiac_sign, horoscope_date, content) "
                                  "VALUES ('leo', '2026-04-15', 'forged')"_s.arg(m_direct.user)),
             QString());
    auto dropForged = qScopeGuard([this] {
        TestCluster::execute(m_direct, u"DROP SCHEMA \"%1\" CASCADE"_s.arg(m_direct.user));
    });
    const Run r = cli({u"horoscopes"_s, u"list"_s, u"--database-url"_s, m_url, u"--from"_s,
                       u"2026-04-01"_s, u"--to"_s, u"2026-04-30"_s, u"--sign"_s, u"leo"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out.count(u"leo 2026-04-"_s), 30);
    QVERIFY2(!r.out.contains(u"forged"), qPrintable(r.out));

    HoroscopeTableModel model(m_pooled);
    connect(&model, &HoroscopeTableModel::loadFailed, this,
            [](const DbError& e) { QFAIL(qPrintable(e.message + u' ' + e.detail)); });
    HoroscopeFilter filter;
    filter.signs = {u"leo"_s};
    filter.from = QDate(2026, 4, 1);
    filter.to = QDate(2026, 4, 30);
    model.setFilter(filter);
    waitIdle(model);
    QCOMPARE(model.rowCount(), 30);
    QTRY_COMPARE(model.total(), 30);
    filter.search = u"forged"_s;
    model.setFilter(filter);
    waitIdle(model);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestPooler)
#include "tst_pooler.moc"
