// "Every wait ends": the window quits at once while the server hangs.
#include "FrozenServer.h"
#include "HoroscopeFixtures.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

using namespace Qt::Literals::StringLiterals;

namespace {

int waitingForALock(const ConnectionSpec& spec, const QString& application)
{
    return TestCluster::scalar(
               spec, u"SELECT count(*) FROM pg_stat_activity WHERE "
                     "application_name = '%1' AND wait_event_type = 'Lock'"_s.arg(application))
        .toInt();
}

} // namespace

class TestQuitWaits : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void windowQuitsWhileTheServerHangs();

private:
    ConnectionSpec m_spec;
};

void TestQuitWaits::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"quit"_s);
    insertDays(m_spec, QDate(2026, 5, 10), 3);
}

// The window's list waits for a table (so a query of the window is running), then the server
// stops answering altogether: a quit (SIGTERM, as from the desktop's session end) ends the
// process within a second, though the cancel of that query is never answered.
void TestQuitWaits::windowQuitsWhileTheServerHangs()
{
    const QString app = u"ha-quit-window"_s;
    QSqlDatabase lock = TestCluster::open(m_spec);
    auto q = std::make_unique<QSqlQuery>(lock);
    const auto release = qScopeGuard([&] {
        q.reset();
        TestCluster::close(lock); // also when the test failed: the lock goes with it
    });
    QVERIFY(q->exec(u"BEGIN"_s));
    QVERIFY(q->exec(u"LOCK TABLE horoscope_cache IN ACCESS EXCLUSIVE MODE"_s));

    QTemporaryDir config;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_CONFIG_HOME"_s, config.path());
    env.insert(u"XDG_DATA_HOME"_s, config.path());
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HA_EXECUTABLE),
            {u"--database-url"_s,
             u"postgresql:///%1?host=%2&user=%3&application_name=%4"_s.arg(
                 m_spec.database, QString::fromLatin1(QUrl::toPercentEncoding(m_spec.host)),
                 m_spec.user, app)});
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(waitingForALock(m_spec, app) > 0, 20'000);
    {
        FrozenServer frozen(m_spec);
        QVERIFY(frozen.holdsABackend());
        QElapsedTimer sinceQuit;
        sinceQuit.start();
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QTRY_VERIFY_WITH_TIMEOUT(p.state() == QProcess::NotRunning, 2'000);
        QVERIFY2(sinceQuit.elapsed() < 1'000, qPrintable(QString::number(sinceQuit.elapsed())));
    }
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestQuitWaits)
#include "tst_quitwaits.moc"
