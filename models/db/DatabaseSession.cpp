#include "DatabaseSession.h"

#include "ConnectProbe.h"
#include "DetachedTask.h"
#include "PgSession.h"
#include "ServerInfo.h"
#include "ServerWatchdog.h"

#include <QElapsedTimer>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

DatabaseSession::DatabaseSession(DatabaseWorker* owner, QList<ConnectionSpec> targets,
                                 DatabaseWorker::Timing timing)
    : m_owner(owner)
    , m_targets(std::move(targets))
    , m_spec(m_targets.first())
    , m_timing(timing)
    , m_name(u"ha-worker-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    if (m_spec.silentServerMs > 0)
        m_watchdog = std::make_unique<ServerWatchdog>(m_spec.silentServerMs);
}

DatabaseSession::~DatabaseSession()
{
    shutdown();
}

void DatabaseSession::report(DatabaseWorker::State state, const DbError& error)
{
    DatabaseWorker::deliver([o = m_owner, state, error] {
        if (o)
            o->setState(state, error);
    });
}

void DatabaseSession::failPending(const DbError& error)
{
    std::deque<DatabaseWorker::Job> pending;
    pending.swap(m_pending);
    for (DatabaseWorker::Job& job : pending)
        job.unavailable(error);
}

bool DatabaseSession::open(DbError* error)
{
    DbError skipped;
    for (int i = 0; i < m_targets.size(); ++i) {
        if (openTarget(i, error)) {
            if (i > 0)
                m_onLaterTarget.start();
            DatabaseWorker::deliver([o = m_owner, i, skipped] {
                if (o)
                    o->setTarget(i, skipped);
            });
            return true;
        }
        if (i == 0)
            skipped = *error; // the standby's reason, shown while reads go to the primary
    }
    return false;
}

bool DatabaseSession::openTarget(int index, DbError* error)
{
    if (!m_db.isValid())
        m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
    if (m_watchdog)
        m_watchdog->unwatch(); // before the socket closes
    m_db.close();
    m_target = static_cast<int>(index);
    m_spec = m_targets.at(index);
    m_spec.applyTo(m_db);
    QElapsedTimer took;
    took.start();
    if (!m_db.open()) {
        *error = DbError::fromConnect(m_db.lastError(), m_spec, took.elapsed());
        return false;
    }
    if (m_watchdog)
        m_watchdog->watch(PgSession::connection(m_db));
    if (!PgSession::configure(m_db, m_spec, error)) {
        if (m_watchdog)
            m_watchdog->unwatch();
        m_db.close();
        return false;
    }
    updateCancelHandle();
    return true;
}

void DatabaseSession::updateCancelHandle()
{
    m_canceller.setConnection(m_connected ? PgSession::connection(m_db) : nullptr);
}

void DatabaseSession::cancel(quint64 job)
{
    m_canceller.cancel(job);
}

void DatabaseSession::connectFirstTime()
{
    if (m_connected || m_shutDown)
        return;
    if (m_timing.connectOnDemand) {
        if (!m_health)
            createTimers();
        return; // the first job connects
    }
    if (!m_health)
        createTimers();
    report(DatabaseWorker::State::Connecting, {});
    m_failed = false;
    DbError error;
    if (!open(&error)) {
        // Nobody waits for an answer that will not come: every request gets the reason.
        m_failed = true;
        m_failure = error;
        report(DatabaseWorker::State::Failed, error);
        failPending(error);
        return;
    }
    onOpened();
}

// Unlike connectFirstTime(), says nothing while it tries, nor when it fails for the same
// reason again: work that comes regularly (the standby's status, the trends' auto refresh)
// must not make the window flicker between "connecting" and the same error.
void DatabaseSession::connectForWork()
{
    if (!m_failed || m_connected || m_shutDown)
        return;
    DbError error;
    if (!open(&error)) {
        if (error.kind != m_failure.kind || error.sqlState != m_failure.sqlState)
            report(DatabaseWorker::State::Failed, error);
        m_failure = error;
        failPending(error);
        return;
    }
    m_failed = false;
    onOpened();
}

void DatabaseSession::createTimers()
{
    m_health = new QTimer(this);
    m_health->setInterval(m_timing.healthCheckMs);
    connect(m_health, &QTimer::timeout, this, [this] {
        if (!m_connected)
            return;
        if (m_target > 0 && !m_probingFirstTarget &&
            m_onLaterTarget.hasExpired(m_timing.firstTargetRetryMs)) {
            // Asked on another thread: a standby that does not answer must not hold up the
            // reads the fallback serves meanwhile (up to connect_timeout), nor a quit. That
            // thread outlives this session when the worker goes first, so it never touches the
            // session: the answer goes to the GUI thread, where the owner is checked, and from
            // there to this session, which lives as long as its owner does.
            m_probingFirstTarget = DetachedTask::start([o = m_owner, first = m_targets.first()] {
                const bool up = ConnectProbe::run(first).connected;
                DatabaseWorker::deliver([o, up] {
                    if (!o)
                        return;
                    // Posted to the session: dropped with it if it ends before it runs.
                    QMetaObject::invokeMethod(o->m_session, [s = o->m_session, up] {
                        s->m_probingFirstTarget = false;
                        s->m_onLaterTarget.start();
                        if (up && s->m_connected && s->m_target > 0)
                            s->retryFirstTarget();
                    });
                });
            });
        }
        QSqlQuery ping(m_db);
        ping.exec(u"SELECT 1"_s);
        afterWork();
    });
    m_retry = new QTimer(this);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &DatabaseSession::retry);
}

// Back to the standby once it answers again; meanwhile the primary serves the reads.
void DatabaseSession::retryFirstTarget()
{
    m_onLaterTarget.start();
    DbError error;
    const bool back = openTarget(0, &error);
    if (back) {
        DatabaseWorker::deliver([o = m_owner] {
            if (o)
                o->setTarget(0, {});
        });
    }
    for (int i = 1; !back && i < m_targets.size(); ++i) {
        DbError again;
        if (openTarget(i, &again)) {
            m_onLaterTarget.start();
            DatabaseWorker::deliver([o = m_owner, i, error] {
                if (o)
                    o->setTarget(i, error);
            });
            break;
        }
        if (i + 1 == m_targets.size()) {
            connectionLost(again);
            return;
        }
    }
    updateCancelHandle();
    drain();
}

void DatabaseSession::onOpened()
{
    m_connected = true;
    updateCancelHandle();
    loadServerInfo();
    if (!m_connected)
        return; // lost again while reading the server info; the retry timer runs
    report(DatabaseWorker::State::Connected, {});
    m_health->start();
    drain();
    closeIfOnDemand();
}

void DatabaseSession::closeIfOnDemand()
{
    if (!m_timing.connectOnDemand || !m_connected || !m_pending.empty())
        return;
    m_health->stop();
    m_connected = false;
    updateCancelHandle();
    if (m_watchdog)
        m_watchdog->unwatch();
    m_db.close();
}

void DatabaseSession::loadServerInfo()
{
    if (!m_connected)
        return;
    ServerInfo info;
    QString error;
    if (ServerInfo::load(m_db, m_spec, &info, &error)) {
        DatabaseWorker::deliver([o = m_owner, info] {
            if (o)
                o->setServerInfo(info);
        });
    }
    afterWork();
}

void DatabaseSession::runOrQueue(DatabaseWorker::Job job)
{
    if (m_timing.connectOnDemand && !m_connected && !m_retry->isActive()) {
        m_pending.push_back(std::move(job));
        DbError error;
        if (!open(&error)) {
            failPending(error); // and the next job tries again
            return;
        }
        m_connected = true;
        updateCancelHandle();
        drain();
        closeIfOnDemand();
        return;
    }
    if (m_failed) {
        // The server may be back, or the DBA lifted a connection limit: new work tries again
        // instead of getting the first reason forever. One attempt answers every request that
        // came meanwhile, so a burst of requests costs one connect timeout, not one each.
        m_pending.push_back(std::move(job));
        if (!m_connectAgainPosted) {
            m_connectAgainPosted = true;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    m_connectAgainPosted = false;
                    connectForWork();
                },
                Qt::QueuedConnection);
        }
        return;
    }
    m_pending.push_back(std::move(job));
    if (m_connected)
        drain();
}

void DatabaseSession::drain()
{
    while (m_connected && !m_pending.empty()) {
        DatabaseWorker::Job job = std::move(m_pending.front());
        m_pending.pop_front();
        m_canceller.jobStarted(job.id);
        job.run(m_db, [this] { return m_canceller.cancelAsked(); });
        afterWork();
        // A cancel sent for this job must not reach the next one's statement.
        m_canceller.jobFinished(m_connected);
    }
}

// libpq knows best whether the connection survived the last statement.
void DatabaseSession::afterWork()
{
    if (!m_connected)
        return;
    PGconn* conn = PgSession::connection(m_db);
    if (m_db.isOpen() && conn && PQstatus(conn) == CONNECTION_OK)
        return;
    connectionLost(DbError::make(DbError::Kind::ConnectionLost,
                                 DbError::tr("The connection to the database was lost. "
                                             "Reconnecting…")));
}

void DatabaseSession::connectionLost(const DbError& error)
{
    m_connected = false;
    updateCancelHandle();
    m_health->stop();
    m_retryDelayMs = m_timing.firstRetryMs;
    report(DatabaseWorker::State::Reconnecting, error);
    m_retry->start(m_retryDelayMs);
}

void DatabaseSession::retry()
{
    DbError error;
    if (!open(&error)) {
        m_retryDelayMs = std::min(m_retryDelayMs * 2, m_timing.maxRetryMs);
        DbError lost = DbError::make(
            DbError::Kind::ConnectionLost,
            DbError::tr("The connection to the database was lost. Retrying in %n second(s).",
                        nullptr, (m_retryDelayMs + 999) / 1000),
            error.message);
        report(DatabaseWorker::State::Reconnecting, lost);
        m_retry->start(m_retryDelayMs);
        return;
    }
    onOpened();
}

// The person says the server is back: no need to wait for the next, ever later, retry.
void DatabaseSession::retryNow()
{
    if (m_connected || !m_retry || !m_retry->isActive())
        return;
    m_retry->stop();
    m_retryDelayMs = m_timing.firstRetryMs;
    retry();
}

void DatabaseSession::shutdown()
{
    m_shutDown = true;
    if (m_health)
        m_health->stop();
    if (m_retry)
        m_retry->stop();
    m_connected = false;
    updateCancelHandle();
    failPending(DbError::make(DbError::Kind::Cancelled,
                              DbError::tr("The connection was closed before the database "
                                          "answered.")));
    if (m_watchdog)
        m_watchdog->unwatch();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
}
