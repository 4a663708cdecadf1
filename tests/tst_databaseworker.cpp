#include "DatabaseWorker.h"
#include "TestCluster.h"

#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <optional>
#include <sys/types.h>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString kTables = uR"(
    CREATE TABLE horoscope_cache (id serial PRIMARY KEY, zodiac_sign varchar(20) NOT NULL,
        horoscope_date date NOT NULL, content text NOT NULL,
        generated_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE horoscope_views (id serial PRIMARY KEY, zodiac_sign varchar(20) NOT NULL,
        view_date date NOT NULL, view_count integer NOT NULL DEFAULT 0);
)"_s;

// What a job hands back: a worker result always carries a DbError.
struct Answer
{
    int value = 0;
    QString text;
    QThread* thread = nullptr;
    DbError error;
};

// On the worker: waits for advisory lock `lock` (the test's observer holds it), then answers
// 40 + lock.
Answer afterLock(QSqlDatabase& db, int lock)
{
    QSqlQuery q(db);
    if (q.exec(u"SELECT 40 + %1 FROM (SELECT pg_advisory_xact_lock(%1)) l"_s.arg(lock)) && q.next())
        return Answer{q.value(0).toInt(), {}, nullptr, {}};
    return Answer{0, q.lastError().nativeErrorCode(), nullptr,
                  DbError::fromQuery(q.lastError(), {})};
}

// Whether a worker's statement waits for advisory lock `lock` now (and started after `since`,
// the server's clock).
bool waitsForLock(QSqlQuery& o, int lock, const QString& since = {})
{
    return o.exec(
               u"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND "
               "query LIKE '%pg_advisory_xact_lock(%1)%' AND pid <> pg_backend_pid() "
               "AND query_start > coalesce(nullif('%2', '')::timestamptz, '-infinity')"_s.arg(lock)
                   .arg(since)) &&
           o.next() && o.value(0).toInt() == 1;
}

DatabaseWorker::Timing fastTiming()
{
    DatabaseWorker::Timing t;
    t.healthCheckMs = 200;
    t.firstRetryMs = 100;
    t.maxRetryMs = 400;
    return t;
}

} // namespace

class TestDatabaseWorker : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void runsJobsOffTheGuiThread();
    void reportsServerInfoAndMissingTables();
    void readOnlyRoleIsDetected();
    void wrongPasswordIsNamedAndNotLeaked();
    void missingDatabaseIsNamed();
    void retryAfterTheProblemIsFixed();
    void nextRequestAfterAFailedConnectConnectsAgain();
    void unreachableServerIsNamed();
    void reconnectsAfterServerRestartAndRunsQueuedJobs();
    void retryWhileReconnectingTriesNow();
    void cancelsARunningQuery();
    void lateCancelNeverStopsTheNextRequest();
    void cancelOfOneRequestNeverStopsAnother();
    void droppedContextNeverGetsTheResult();
    void standbyProbeOutlivesItsConnection();
};

void TestDatabaseWorker::initTestCase()
{
    REQUIRE_CLUSTER();
}

void TestDatabaseWorker::cleanup()
{
    // A failed restart test must not leave the server down for the tests after it.
    QString error;
    if (!TestCluster::instance().cluster().isRunning())
        QVERIFY2(TestCluster::instance().cluster().start(&error), qPrintable(error));
}

void TestDatabaseWorker::runsJobsOffTheGuiThread()
{
    DatabaseWorker worker(TestCluster::instance().freshDatabase());
    worker.start();
    QThread* jobThread = nullptr;
    QThread* doneThread = nullptr;
    int answer = 0;
    worker.run<Answer>(
        this,
        [](QSqlDatabase& db) {
            QSqlQuery q(db);
            q.exec(u"SELECT 6 * 7"_s);
            q.next();
            return Answer{q.value(0).toInt(), {}, QThread::currentThread(), {}};
        },
        [&](Answer r) {
            jobThread = r.thread;
            answer = r.value;
            doneThread = QThread::currentThread();
        });
    QTRY_COMPARE(answer, 42);
    QVERIFY(jobThread != QThread::currentThread());
    QCOMPARE(doneThread, QThread::currentThread());
    QCOMPARE(worker.state(), DatabaseWorker::State::Connected);
}

void TestDatabaseWorker::reportsServerInfoAndMissingTables()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    DatabaseWorker worker(spec);
    QSignalSpy infos(&worker, &DatabaseWorker::serverInfoChanged);
    worker.start();
    QTRY_COMPARE(infos.size(), 1);
    const ServerInfo info = worker.serverInfo();
    QCOMPARE(info.user, u"horoscope"_s);
    QCOMPARE(info.database, spec.database);
    QCOMPARE(info.host, spec.host); // a Unix socket: shown as its directory
    QVERIFY(info.serverVersion.startsWith(u"15"));
    QVERIFY(!info.hasHoroscopeTables());
    QVERIFY(!info.readOnly);
    QCOMPARE(TestCluster::execute(spec, kTables), QString());
    worker.refreshServerInfo();
    QTRY_COMPARE(infos.size(), 2);
    QVERIFY(worker.serverInfo().hasHoroscopeTables());
}

void TestDatabaseWorker::readOnlyRoleIsDetected()
{
    ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QCOMPARE(TestCluster::execute(spec, kTables +
                                            u"DROP ROLE IF EXISTS reader; CREATE ROLE reader LOGIN;"
                                            "GRANT SELECT ON horoscope_cache TO reader;"_s),
             QString());
    spec.user = u"reader"_s;
    DatabaseWorker worker(spec);
    QSignalSpy infos(&worker, &DatabaseWorker::serverInfoChanged);
    worker.start();
    QTRY_COMPARE(infos.size(), 1);
    QVERIFY(worker.serverInfo().readOnly);
    QVERIFY(worker.serverInfo().readOnlyReason.contains(u"reader"));
}

void TestDatabaseWorker::wrongPasswordIsNamedAndNotLeaked()
{
    TestCluster& tc = TestCluster::instance();
    ConnectionSpec spec = tc.freshDatabase();
    QCOMPARE(TestCluster::execute(spec, u"DROP ROLE IF EXISTS pwuser; "
                                        "CREATE ROLE pwuser LOGIN PASSWORD 'right-one'"_s),
             QString());
    const QString hbaPath = tc.cluster().options().dataDir + u"/pg_hba.conf"_s;
    QFile hba(hbaPath);
    QVERIFY(hba.open(QIODevice::ReadOnly));
    const QByteArray original = hba.readAll();
    hba.close();
    QVERIFY(hba.open(QIODevice::WriteOnly | QIODevice::Truncate));
    hba.write("local all pwuser scram-sha-256\n" + original);
    hba.close();
    QVERIFY(tc.cluster().reload());
    spec.user = u"pwuser"_s;
    spec.password = u"wrong-secret-pw"_s;
    // The postmaster rereads pg_hba.conf asynchronously: wait until the password is asked for.
    QTRY_VERIFY([&spec] {
        QSqlDatabase probe = TestCluster::open(spec);
        const bool open = probe.isOpen();
        TestCluster::close(probe);
        return !open;
    }());

    DatabaseWorker bad(spec);
    bad.start();
    QTRY_COMPARE(bad.state(), DatabaseWorker::State::Failed);
    QCOMPARE(bad.lastError().kind, DbError::Kind::AuthenticationFailed);
    QVERIFY(bad.lastError().message.contains(u"password"));
    QVERIFY(!bad.lastError().message.contains(u"wrong-secret-pw"));
    QVERIFY(!bad.lastError().detail.contains(u"wrong-secret-pw"));

    spec.password = u"right-one"_s;
    DatabaseWorker good(spec);
    good.start();
    QTRY_COMPARE(good.state(), DatabaseWorker::State::Connected);
}

void TestDatabaseWorker::missingDatabaseIsNamed()
{
    ConnectionSpec spec = TestCluster::instance().cluster().connectionSpec(u"no_such_db"_s);
    DatabaseWorker worker(spec);
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Failed);
    QCOMPARE(worker.lastError().kind, DbError::Kind::DatabaseMissing);
    QVERIFY(worker.lastError().message.contains(u"no_such_db"));
}

void TestDatabaseWorker::retryAfterTheProblemIsFixed()
{
    TestCluster& tc = TestCluster::instance();
    const QString name = u"created_later_%1"_s.arg(QCoreApplication::applicationPid());
    DatabaseWorker worker(tc.cluster().connectionSpec(name));
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Failed);
    QString error;
    QVERIFY2(tc.cluster().createDatabase(name, &error), qPrintable(error));
    worker.retry();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Connected);
    QCOMPARE(worker.serverInfo().database, name);
}

void TestDatabaseWorker::nextRequestAfterAFailedConnectConnectsAgain()
{
    // Issue 22: a worker whose first connection failed answered every later request with that
    // first reason, forever. Each request now tries again; a burst is answered once each.
    TestCluster& tc = TestCluster::instance();
    const QString name = u"created_for_a_request_%1"_s.arg(QCoreApplication::applicationPid());
    DatabaseWorker worker(tc.cluster().connectionSpec(name));
    worker.setTiming(fastTiming());
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Failed);
    const auto ask = [&](QList<Answer>* answers) {
        worker.run<Answer>(
            this,
            [](QSqlDatabase& db) {
                QSqlQuery q(db);
                q.exec(u"SELECT 6 * 7"_s);
                q.next();
                return Answer{q.value(0).toInt(), {}, nullptr, {}};
            },
            [answers](Answer r) { answers->append(r); });
    };
    QList<Answer> before;
    ask(&before);
    QTRY_COMPARE(before.size(), 1);
    QCOMPARE(before.first().error.kind, DbError::Kind::DatabaseMissing);

    QString error;
    QVERIFY2(tc.cluster().createDatabase(name, &error), qPrintable(error));
    QList<Answer> after;
    for (int i = 0; i < 3; ++i)
        ask(&after);
    QTRY_COMPARE(after.size(), 3);
    for (const Answer& a : std::as_const(after)) {
        QVERIFY2(!a.error, qPrintable(a.error.message));
        QCOMPARE(a.value, 42);
    }
    QCOMPARE(worker.state(), DatabaseWorker::State::Connected);
    // No answer comes twice: answers arrive in order, so once a later request is answered, a
    // second answer to any of the three would have arrived before it.
    QList<Answer> later;
    ask(&later);
    QTRY_COMPARE(later.size(), 1);
    QCOMPARE(after.size(), 3);
}

void TestDatabaseWorker::unreachableServerIsNamed()
{
    ConnectionSpec spec;
    spec.host = TestCluster::instance().baseDir() + u"/nothing-here"_s;
    spec.database = u"x"_s;
    DatabaseWorker worker(spec);
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Failed);
    QCOMPARE(worker.lastError().kind, DbError::Kind::HostUnreachable);
    QVERIFY(worker.lastError().message.contains(spec.host));

    ConnectionSpec tcp;
    tcp.host = u"127.0.0.1"_s;
    tcp.port = u"1"_s; // nothing listens on port 1 of loopback
    DatabaseWorker refused(tcp);
    refused.start();
    QTRY_COMPARE(refused.state(), DatabaseWorker::State::Failed);
    QCOMPARE(refused.lastError().kind, DbError::Kind::HostUnreachable);
}

void TestDatabaseWorker::reconnectsAfterServerRestartAndRunsQueuedJobs()
{
    TestCluster& tc = TestCluster::instance();
    DatabaseWorker worker(tc.freshDatabase());
    worker.setTiming(fastTiming());
    QList<DatabaseWorker::State> seen;
    connect(&worker, &DatabaseWorker::stateChanged, this,
            [&seen](DatabaseWorker::State s) { seen << s; });
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Connected);

    QVERIFY(tc.cluster().stop());
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Reconnecting);
    QCOMPARE(worker.lastError().kind, DbError::Kind::ConnectionLost);

    int result = 0;
    worker.run<Answer>(
        this,
        [](QSqlDatabase& db) {
            QSqlQuery q(db);
            return Answer{
                q.exec(u"SELECT 7"_s) && q.next() ? q.value(0).toInt() : -1, {}, nullptr, {}};
        },
        [&result](Answer r) { result = r.value; });
    // Two more reconnect attempts fail meanwhile: the request waits for the server instead of
    // failing.
    const qsizetype before = seen.size();
    QTRY_VERIFY(seen.size() >= before + 2);
    QCOMPARE(result, 0);

    QString error;
    QVERIFY2(tc.cluster().start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(worker.state(), DatabaseWorker::State::Connected, 10'000);
    QTRY_COMPARE(result, 7);
    QVERIFY(seen.contains(DatabaseWorker::State::Reconnecting));
}

// "Reconnect now": the server is back, the person need not wait for the next attempt (the delay
// grows to 15 s by default).
void TestDatabaseWorker::retryWhileReconnectingTriesNow()
{
    TestCluster& tc = TestCluster::instance();
    DatabaseWorker worker(tc.freshDatabase());
    DatabaseWorker::Timing slow = fastTiming();
    slow.firstRetryMs = 60'000;
    slow.maxRetryMs = 60'000;
    worker.setTiming(slow);
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Connected);
    QVERIFY(tc.cluster().stop());
    auto restart = qScopeGuard([&tc] {
        QString ignored;
        tc.cluster().start(&ignored);
    });
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Reconnecting);
    QString error;
    QVERIFY2(tc.cluster().start(&error), qPrintable(error));
    restart.dismiss();
    worker.retry();
    QTRY_COMPARE_WITH_TIMEOUT(worker.state(), DatabaseWorker::State::Connected, 5'000);
}

void TestDatabaseWorker::cancelsARunningQuery()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    DatabaseWorker worker(spec);
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Connected);
    QString state = u"pending"_s;
    DbError error;
    QElapsedTimer timer;
    timer.start();
    worker.run<Answer>(
        this,
        [](QSqlDatabase& db) {
            QSqlQuery q(db);
            if (q.exec(u"SELECT pg_sleep(60)"_s))
                return Answer{0, u"finished"_s, nullptr, {}};
            return Answer{0, q.lastError().nativeErrorCode(), nullptr,
                          DbError::fromQuery(q.lastError(), {})};
        },
        [&](Answer r) {
            state = r.text;
            error = r.error;
        });
    QTRY_VERIFY(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_stat_activity WHERE query = "
                                          "'SELECT pg_sleep(60)' AND state = 'active'"_s)
                    .toInt() == 1); // inside pg_sleep now
    worker.cancelRunningQuery();
    QTRY_COMPARE(state, u"57014"_s);
    QCOMPARE(error.kind, DbError::Kind::Cancelled); // ours: not a statement_timeout
    QVERIFY(timer.elapsed() < 30'000);
    QCOMPARE(worker.state(), DatabaseWorker::State::Connected);
}

// libpq's cancel opens a connection of its own; a postmaster slow to take it (here: stopped)
// delivers the cancel after the job it was meant for has finished. It must not stop the next
// request, nor be taken for the server's statement_timeout.
void TestDatabaseWorker::lateCancelNeverStopsTheNextRequest()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QString observerName;
    QSqlDatabase observer = TestCluster::open(spec, &observerName);
    auto closeObserver = qScopeGuard([&observer] { TestCluster::close(observer); });
    QSqlQuery o(observer);
    QVERIFY_SQL(o, exec(u"SELECT pg_advisory_lock(1), pg_advisory_lock(2)"_s));
    const auto waitingFor = [&o](int lock, const QString& since = {}) {
        return waitsForLock(o, lock, since);
    };
    DatabaseWorker worker(spec);
    worker.start();
    QTRY_COMPARE(worker.state(), DatabaseWorker::State::Connected);

    const auto runLocked = [&worker, this](int lock, std::optional<Answer>* answer) {
        worker.run<Answer>(
            this, [lock](QSqlDatabase& db) { return afterLock(db, lock); },
            [answer](Answer r) { *answer = r; });
    };
    std::optional<Answer> first;
    runLocked(1, &first);
    QTRY_VERIFY(waitingFor(1));

    QFile pidFile(TestCluster::instance().cluster().options().dataDir + u"/postmaster.pid"_s);
    QVERIFY(pidFile.open(QIODevice::ReadOnly));
    const int postmaster = pidFile.readLine().trimmed().toInt();
    QVERIFY(postmaster > 0);
    QCOMPARE(::kill(postmaster, SIGSTOP), 0);
    auto resume = qScopeGuard([postmaster] { ::kill(postmaster, SIGCONT); });
    worker.cancelRunningQuery(); // its connection waits in the stopped postmaster's backlog
    QVERIFY_SQL(o, exec(u"SELECT pg_advisory_unlock(1)"_s));
    QTRY_VERIFY(first.has_value());
    QCOMPARE(first->value, 41); // it ended on its own before the cancel arrived

    std::optional<Answer> second;
    runLocked(2, &second);
    // Unfixed, the next request runs at once; give it the time to, then let the cancel go.
    const bool ranBeforeTheCancelWasAnswered =
        QTest::qWaitFor([&] { return waitingFor(2); }, 2'000);
    QVERIFY_SQL(o, exec(u"SELECT clock_timestamp()::text"_s));
    QVERIFY(o.next());
    const QString resumedAt = o.value(0).toString();
    ::kill(postmaster, SIGCONT);
    resume.dismiss();
    // Unfixed, the cancel stops it; fixed, it starts once the cancel has been answered.
    QTRY_VERIFY(second.has_value() || waitingFor(2, resumedAt));
    QVERIFY_SQL(o, exec(u"SELECT pg_advisory_unlock(2)"_s));
    QTRY_VERIFY(second.has_value());
    QVERIFY2(!second->error.isError(), qPrintable(second->error.message));
    QCOMPARE(second->value, 42);
    QVERIFY(!ranBeforeTheCancelWasAnswered); // the cancel's outcome is awaited first
    QCOMPARE(worker.state(), DatabaseWorker::State::Connected);
}

void TestDatabaseWorker::cancelOfOneRequestNeverStopsAnother()
{
    // Issue 22: the list's pages share the window's connection with the editor's saves. The
    // list cancels its own request when a newer one supersedes it; a cancel that lands while
    // the save runs must leave the save alone.
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QString observerName;
    QSqlDatabase observer = TestCluster::open(spec, &observerName);
    auto closeObserver = qScopeGuard([&observer] { TestCluster::close(observer); });
    QSqlQuery o(observer);
    QVERIFY_SQL(o, exec(u"SELECT pg_advisory_lock(7)"_s));
    const auto waiting = [&o] { return waitsForLock(o, 7); };
    DatabaseWorker worker(spec);
    worker.start();
    const auto locked = [](QSqlDatabase& db) { return afterLock(db, 7); };
    std::optional<Answer> save;
    std::optional<Answer> page;
    const quint64 saveId = worker.run<Answer>(this, locked, [&save](Answer r) { save = r; });
    const quint64 pageId = worker.run<Answer>(this, locked, [&page](Answer r) { page = r; });
    QVERIFY(saveId != 0 && pageId != 0 && saveId != pageId);
    QTRY_VERIFY(waiting()); // the save runs, the page waits for its turn
    worker.cancelJob(pageId);
    // A cancel that went out would stop the save within milliseconds: none comes.
    QVERIFY(!QTest::qWaitFor([&save] { return save.has_value(); }, 500));
    QVERIFY(waiting());
    worker.cancelJob(saveId); // its own cancel does stop it
    QTRY_VERIFY(save.has_value());
    QCOMPARE(save->error.kind, DbError::Kind::Cancelled);
    QVERIFY_SQL(o, exec(u"SELECT pg_advisory_unlock(7)"_s));
    QTRY_VERIFY(page.has_value());
    QVERIFY2(!page->error.isError(), qPrintable(page->error.message)); // not started: not stopped
    QCOMPARE(page->value, 47);
}

void TestDatabaseWorker::droppedContextNeverGetsTheResult()
{
    DatabaseWorker worker(TestCluster::instance().freshDatabase());
    worker.start();
    bool called = false;
    auto* context = new QObject;
    worker.run<Answer>(
        context,
        [](QSqlDatabase& db) {
            QSqlQuery q(db);
            q.exec(u"SELECT pg_sleep(0.2)"_s);
            return Answer{1, {}, nullptr, {}};
        },
        [&called](Answer) { called = true; });
    delete context;
    int after = 0;
    worker.run<Answer>(
        this,
        [](QSqlDatabase&) {
            return Answer{2, {}, nullptr, {}};
        },
        [&after](Answer r) { after = r.value; });
    QTRY_COMPARE(after, 2);
    QVERIFY(!called);
}

// Issue 22: a connection that fell back from its first target (a standby) probes that target on
// a detached thread. Here the standby accepts connections and never answers, so the probe
// waits; then the standby drops the probe's connection just as the worker is deleted, and its
// session ends with its thread. The probe's answer must not reach the deleted session (under
// ThreadSanitizer, tests/scripts/tsan.sh: nothing on the probe's thread may touch it), and the
// process goes on.
void TestDatabaseWorker::standbyProbeOutlivesItsConnection()
{
    // A socket where libpq looks for a server on the default port; nothing there answers.
    QTemporaryDir dir;
    QLocalServer silent;
    QVERIFY(silent.listen(dir.filePath(u".s.PGSQL.5432"_s)));
    QList<QLocalSocket*> accepted;
    connect(&silent, &QLocalServer::newConnection, this, [&] {
        while (QLocalSocket* s = silent.nextPendingConnection())
            accepted << s;
    });
    const auto closedByClient = [&accepted] {
        int closed = 0;
        for (QLocalSocket* s : std::as_const(accepted))
            closed += s->state() == QLocalSocket::UnconnectedState ? 1 : 0;
        return closed;
    };
    ConnectionSpec standby;
    standby.host = dir.path();
    standby.database = u"x"_s;
    standby.user = u"x"_s;
    standby.setOption(u"connect_timeout"_s, u"2"_s);
    const ConnectionSpec primary = TestCluster::instance().freshDatabase();

    DatabaseWorker::Timing timing = fastTiming();
    timing.firstTargetRetryMs = 0; // probe the standby at the first health check
    auto* worker = new DatabaseWorker(QList<ConnectionSpec>{standby, primary});
    worker->setTiming(timing);
    worker->start();
    QTRY_VERIFY2_WITH_TIMEOUT(worker->state() == DatabaseWorker::State::Connected,
                              qPrintable(worker->lastError().message), 20'000);
    QCOMPARE(worker->targetIndex(), 1);
    // The connect gave up on the standby (all its attempts closed); the next one is the probe.
    QTRY_COMPARE_WITH_TIMEOUT(closedByClient(), accepted.size(), 10'000);
    const qsizetype connects = accepted.size();
    QTRY_VERIFY_WITH_TIMEOUT(accepted.size() > connects, 10'000);
    QSignalSpy targetChanged(worker, &DatabaseWorker::targetChanged);
    accepted.last()->abort(); // the probe answers now: no standby
    delete worker;
    int after = 0;
    DatabaseWorker next(primary);
    next.start();
    next.run<Answer>(
        this,
        [](QSqlDatabase&) {
            return Answer{3, {}, nullptr, {}};
        },
        [&after](Answer r) { after = r.value; });
    QTRY_COMPARE(after, 3); // the events the probe posted, if any, have been processed
    QCOMPARE(targetChanged.size(), 0);
}

QTEST_GUILESS_MAIN(TestDatabaseWorker)
#include "tst_databaseworker.moc"
