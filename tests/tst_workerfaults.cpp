// Issue 10: the database worker in a hostile environment. Every request is answered, a statement
// timeout is never mistaken for the app's own cancel, tearing down never blocks the GUI thread,
// and every error class is told apart on a server whose messages are not in English.
#include "DatabaseWorker.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeTableModel.h"
#include "RoleFixtures.h"
#include "TestCluster.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Answer
{
    int value = 0;
    DbError error;
};

} // namespace

class TestWorkerFaults : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void serverSpeaksRussian();
    void everyConnectionErrorIsToldApartBySqlState_data();
    void everyConnectionErrorIsToldApartBySqlState();
    void requestsAreAnsweredWhenTheConnectionLimitIsReached();
    void teardownWhileConnectingNeverBlocks();
    void statementTimeoutIsReportedOnceAndNamed();

private:
    ConnectionSpec m_spec;
};

void TestWorkerFaults::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = TestCluster::instance().freshDatabase(u"faults"_s);
    // As on a server installed with a Russian locale. ALTER SYSTEM cannot run in a transaction
    // block, so one statement at a time.
    QCOMPARE(TestCluster::execute(m_spec, u"ALTER SYSTEM SET lc_messages = 'ru_RU.UTF-8'"_s),
             QString());
    QCOMPARE(TestCluster::execute(m_spec, u"SELECT pg_reload_conf()"_s), QString());
    QTRY_COMPARE(TestCluster::scalar(m_spec, u"SHOW lc_messages"_s).toString(), u"ru_RU.UTF-8"_s);
}

// The premise of the next tests: the server's words are not English.
void TestWorkerFaults::serverSpeaksRussian()
{
    QSqlDatabase db = TestCluster::open(m_spec);
    QString text;
    {
        QSqlQuery q(db);
        QVERIFY(!q.exec(u"SELECT 1 / 0"_s));
        text = q.lastError().databaseText();
    }
    TestCluster::close(db);
    QVERIFY2(text.contains(u"деление на ноль"_s), qPrintable(text));
}

void TestWorkerFaults::everyConnectionErrorIsToldApartBySqlState_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    QTest::addColumn<int>("kind");
    QTest::newRow("wrong password") << u"pw_user"_s << u"wrong-secret"_s << QString()
                                    << static_cast<int>(DbError::Kind::AuthenticationFailed);
    QTest::newRow("no such role") << u"nobody_here"_s << QString() << QString()
                                  << static_cast<int>(DbError::Kind::AuthenticationFailed);
    QTest::newRow("no such database") << QString() << QString() << u"no_such_db"_s
                                      << static_cast<int>(DbError::Kind::DatabaseMissing);
    QTest::newRow("connection limit") << u"limited"_s << QString() << QString()
                                      << static_cast<int>(DbError::Kind::TooManyConnections);
}

void TestWorkerFaults::everyConnectionErrorIsToldApartBySqlState()
{
    QFETCH(QString, role);
    QFETCH(QString, password);
    QFETCH(QString, database);
    QFETCH(int, kind);
    TestCluster& tc = TestCluster::instance();
    ConnectionSpec spec = m_spec;
    if (role == u"pw_user") {
        role = uniqueRole(role);
        QCOMPARE(TestCluster::execute(m_spec, u"CREATE ROLE %1 LOGIN PASSWORD 'right'"_s.arg(role)),
                 QString());
        const QString hbaPath = tc.cluster().options().dataDir + u"/pg_hba.conf"_s;
        QFile hba(hbaPath);
        QVERIFY(hba.open(QIODevice::ReadOnly));
        const QByteArray original = hba.readAll();
        hba.close();
        QVERIFY(hba.open(QIODevice::WriteOnly | QIODevice::Truncate));
        hba.write("local all " + role.toUtf8() + " scram-sha-256\n" + original);
        hba.close();
        QVERIFY(tc.cluster().reload());
        // The postmaster rereads pg_hba.conf on its own time: wait until it asks for one.
        QTRY_VERIFY_WITH_TIMEOUT(TestCluster::scalar(m_spec, u"SELECT count(*) FROM "
                                                             "pg_hba_file_rules WHERE '%1' = "
                                                             "ANY(user_name)"_s.arg(role))
                                         .toInt() == 1,
                                 10'000);
    }
    QSqlDatabase held;
    if (role == u"limited") {
        role = uniqueRole(role);
        QCOMPARE(
            TestCluster::execute(m_spec, u"CREATE ROLE %1 LOGIN CONNECTION LIMIT 1"_s.arg(role)),
            QString());
        ConnectionSpec first = m_spec;
        first.user = role;
        held = TestCluster::open(first);
        QVERIFY(held.isOpen());
    }
    if (!role.isEmpty())
        spec.user = role;
    if (!password.isEmpty())
        spec.password = password;
    if (!database.isEmpty())
        spec.database = database;
    DatabaseWorker worker(spec);
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Failed);
    QCOMPARE(static_cast<int>(worker.lastError().kind), kind);
    if (!password.isEmpty())
        QVERIFY(!worker.lastError().message.contains(password));
    if (held.isValid())
        TestCluster::close(held);
}

void TestWorkerFaults::requestsAreAnsweredWhenTheConnectionLimitIsReached()
{
    const QString role = uniqueRole(u"limited"_s);
    QCOMPARE(TestCluster::execute(m_spec, u"CREATE ROLE %1 LOGIN CONNECTION LIMIT 1"_s.arg(role)),
             QString());
    ConnectionSpec spec = m_spec;
    spec.user = role;
    QSqlDatabase held = TestCluster::open(spec); // the one connection the role may have
    QVERIFY(held.isOpen());

    DatabaseWorker worker(spec);
    QList<DbError> answers;
    const auto job = [](QSqlDatabase& db) {
        QSqlQuery q(db);
        return Answer{q.exec(u"SELECT 1"_s) ? 1 : -1, {}};
    };
    worker.start();
    // Asked while connecting, and again after the failure is known: both are answered.
    worker.run<Answer>(this, job, [&answers](Answer a) { answers << a.error; });
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Failed);
    worker.run<Answer>(this, job, [&answers](Answer a) { answers << a.error; });
    QTRY_COMPARE(answers.size(), 2);
    for (const DbError& e : std::as_const(answers)) {
        QCOMPARE(e.kind, DbError::Kind::TooManyConnections);
        QVERIFY2(e.message.contains(u"CONNECTION LIMIT"_s), qPrintable(e.message));
    }
    TestCluster::close(held);
}

void TestWorkerFaults::teardownWhileConnectingNeverBlocks()
{
    // A host that accepts the TCP connection and then never says a word.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    ConnectionSpec spec;
    spec.host = u"127.0.0.1"_s;
    spec.port = QString::number(silent.serverPort());
    spec.database = u"x"_s;
    spec.setOption(u"sslmode"_s, u"disable"_s);
    spec.setOption(u"connect_timeout"_s, u"30"_s);
    QElapsedTimer longest;
    qint64 worst = 0;
    for (int i = 0; i < 4; ++i) { // a window's workers, torn down one after another
        auto* worker = new DatabaseWorker(spec);
        worker->start();
        QVERIFY(silent.waitForNewConnection(10'000));
        longest.start();
        delete worker;
        worst = std::max(worst, longest.elapsed());
    }
    QVERIFY2(worst < 300, qPrintable(u"the GUI thread waited %1 ms"_s.arg(worst)));
}

void TestWorkerFaults::statementTimeoutIsReportedOnceAndNamed()
{
    const ConnectionSpec migrated = migratedTestDatabase(u"timeout"_s);
    // A database where sorting by length has no index (0005 not applied there yet), and
    // enough rows that the sort takes longer than the role's limit.
    QCOMPARE(TestCluster::execute(migrated, u"DROP INDEX ix_horoscope_cache_length_order"_s),
             QString());
    QCOMPARE(TestCluster::execute(migrated,
                                  u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, "
                                  "content) SELECT 'leo', date '1000-01-01' + g, repeat('x', g % "
                                  "500) FROM generate_series(1, 300000) g"_s),
             QString());
    const QString role = uniqueRole(u"slow"_s);
    QCOMPARE(TestCluster::execute(migrated, u"CREATE ROLE %1 LOGIN; GRANT SELECT ON ALL TABLES "
                                            "IN SCHEMA public TO %1; ALTER ROLE %1 SET "
                                            "statement_timeout = '20ms'"_s.arg(role)),
             QString());
    ConnectionSpec spec = migrated;
    spec.user = role;
    HoroscopeTableModel model(spec);
    QSignalSpy failures(&model, &HoroscopeTableModel::loadFailed);
    model.sort(HoroscopeTableModel::LengthColumn, Qt::DescendingOrder);
    model.reload();
    // Answered once, with the limit named, and then quiet: not re-sent again and again.
    QTRY_VERIFY2_WITH_TIMEOUT(
        failures.size() == 1 && !model.isLoading(),
        qPrintable(u"%1 failures, loading %2: %3"_s.arg(failures.size())
                       .arg(model.isLoading())
                       .arg(failures.isEmpty()
                                ? QString()
                                : failures.first().first().value<DbError>().message)),
        20'000);
    const auto error = failures.first().first().value<DbError>();
    QCOMPARE(error.kind, DbError::Kind::Timeout);
    QVERIFY2(error.message.contains(u"statement_timeout"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(u"for your role"_s), qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestWorkerFaults)
#include "tst_workerfaults.moc"
