#include "CoverageView.h"
#include "ExportService.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeTableModel.h"
#include "MigrationsView.h"
#include "OverviewPage.h"
#include "TrendsPage.h"
#include "WindowFixture.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

// The figures docs/production.md gives ("How many connections").
// The window: one, Database's (the list, the editor, saves, overview, coverage, trends), with a
// second one for reads when a standby is configured; the migrations connect only while they
// work, an export while it runs.
constexpr int kWindow = 1;
constexpr int kCommand = 1; // every command

int sessions(const QString& application)
{
    return TestCluster::scalar(TestCluster::instance().cluster().connectionSpec(u"postgres"_s),
                               u"SELECT count(*) FROM pg_stat_activity "
                               "WHERE application_name = '%1'"_s.arg(application))
        .toInt();
}

int waitingForALock(const QString& application)
{
    return TestCluster::scalar(TestCluster::instance().cluster().connectionSpec(u"postgres"_s),
                               u"SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                               "'%1' AND wait_event_type = 'Lock'"_s.arg(application))
        .toInt();
}

} // namespace

class TestConnectionCount : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void windowWithEveryPageVisited();
    void commandsOpenOneConnection_data();
    void commandsOpenOneConnection();

private:
    ConnectionSpec m_spec;
};

void TestConnectionCount::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"cc"_s);
    insertDays(m_spec, QDate::currentDate(), 30);
    QVERIFY(TestCluster::execute(m_spec, u"INSERT INTO horoscope_views (zodiac_sign, view_date, "
                                         "view_count) VALUES ('leo', current_date, 3)"_s)
                .isEmpty());
}

void TestConnectionCount::windowWithEveryPageVisited()
{
    ConnectionSpec spec = m_spec;
    spec.setOption(u"application_name"_s, u"ha-count-window"_s);
    WindowFixture f(spec);
    QTRY_VERIFY(f.model()->rowCount() > 0);
    const QList<QWidget*> pages{f.window->overviewPage(), f.window->browser(), f.window->coverage(),
                                f.window->trends(), f.window->migrationsView()};
    for (QWidget* page : pages)
        f.window->showPage(page);
    f.browser()->openHoroscope(f.model()->rowAt(0)->id);
    QTRY_VERIFY(!f.editor()->isBusy());
    QTRY_COMPARE(sessions(u"ha-count-window"_s), kWindow);

    // An export has a connection of its own while it runs, and gives it back.
    QTemporaryDir out;
    QSignalSpy done(f.browser(), &HoroscopeBrowser::exportFinished);
    f.browser()->exportTo(out.filePath(u"all.csv"_s), HoroscopeExporter::Format::Csv);
    QTRY_COMPARE(done.size(), 1);
    QVERIFY(done.first().first().toBool());
    QTRY_COMPARE(sessions(u"ha-count-window"_s), kWindow);

    // Pages visited again open nothing new.
    for (QWidget* page : pages)
        f.window->showPage(page);
    f.browser()->reload();
    QTRY_VERIFY(!f.model()->isLoading());
    QCOMPARE(sessions(u"ha-count-window"_s), kWindow);
}

void TestConnectionCount::commandsOpenOneConnection_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("table"); // locked, so that the command waits while counted
    const QString today = QDate::currentDate().toString(Qt::ISODate);
    QTest::newRow("horoscopes list")
        << QStringList{u"horoscopes"_s, u"list"_s} << u"horoscope_cache"_s;
    QTest::newRow("views export") << QStringList{u"views"_s, u"export"_s, u"--from"_s,
                                                 today,      u"--to"_s,   today}
                                  << u"horoscope_views"_s;
    QTest::newRow("regenerate --yes")
        << QStringList{u"regenerate"_s, u"--sign"_s,     u"leo"_s,  u"--date"_s,
                       today,           u"--provider"_s, u"demo"_s, u"--yes"_s}
        << u"horoscope_cache"_s;
    QTest::newRow("migrate status")
        << QStringList{u"migrate"_s, u"status"_s} << u"horoscope_admin_schema_history"_s;
}

void TestConnectionCount::commandsOpenOneConnection()
{
    QFETCH(QStringList, args);
    QFETCH(QString, table);
    const QString app = u"ha-count-cli"_s;
    QSqlDatabase lock = TestCluster::open(m_spec);
    auto q = std::make_unique<QSqlQuery>(lock);
    QVERIFY(q->exec(u"BEGIN"_s));
    QVERIFY(q->exec(u"LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE"_s.arg(table)));

    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DATABASE_URL"_s,
               u"postgresql:///%1?host=%2&user=%3&application_name=%4"_s.arg(
                   m_spec.database, QString::fromLatin1(QUrl::toPercentEncoding(m_spec.host)),
                   m_spec.user, app));
    env.insert(u"XDG_CONFIG_HOME"_s, QDir::tempPath() + u"/ha-count-config"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HA_EXECUTABLE), args);
    // The command now waits for the table: everything it opened is open.
    QTRY_VERIFY_WITH_TIMEOUT(waitingForALock(app) > 0, 20'000);
    const int open = sessions(app);
    QVERIFY(q->exec(u"ROLLBACK"_s));
    QVERIFY(p.waitForFinished(60'000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    q.reset();
    TestCluster::close(lock);
    QCOMPARE(open, kCommand);
}

QTEST_MAIN(TestConnectionCount)
#include "tst_connectioncount.moc"
