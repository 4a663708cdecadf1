#include "DatabaseWorker.h"

#include "DatabaseSession.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSqlQuery>
#include <QThread>
#include <atomic>

using namespace Qt::Literals::StringLiterals;

namespace {

// How long a window may wait for an idle worker thread to close its connection.
constexpr unsigned long kIdleShutdownMs = 100;

} // namespace

DatabaseWorker::DatabaseWorker(ConnectionSpec spec, QObject* parent)
    : DatabaseWorker(QList<ConnectionSpec>{std::move(spec)}, parent)
{}

DatabaseWorker::DatabaseWorker(QList<ConnectionSpec> targets, QObject* parent)
    : QObject(parent)
    , m_targets(std::move(targets))
    , m_spec(m_targets.value(0))
{
    if (m_targets.isEmpty())
        m_targets << m_spec;
}

DatabaseWorker::~DatabaseWorker()
{
    if (!m_thread)
        return;
    // The session closes its connection on its own thread once whatever it is doing now
    // returns. An idle thread ends at once and is waited for (briefly); one stuck in a connect
    // to a dead host or in a long query is detached: it ends on its own and is deleted then, and
    // the window never waits for it.
    m_session->cancel();
    QThread* thread = m_thread;
    QMetaObject::invokeMethod(m_session, [s = m_session, thread] {
        s->shutdown();
        thread->quit();
    });
    if (thread->wait(kIdleShutdownMs))
        delete thread;
    else
        connect(thread, &QThread::finished, thread, &QObject::deleteLater);
}

void DatabaseWorker::setTiming(const Timing& timing)
{
    Q_ASSERT(!m_thread);
    m_timing = timing;
}

void DatabaseWorker::start()
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("database"));
    m_session = new DatabaseSession(this, m_targets, m_timing);
    // Deleted on its own thread when that thread ends (also after this worker is gone).
    m_session->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_session, &QObject::deleteLater);
    m_thread->start();
    setState(State::Connecting, {});
    QMetaObject::invokeMethod(m_session, [s = m_session] { s->connectFirstTime(); });
}

void DatabaseWorker::deliver(std::function<void()> fn)
{
    if (QCoreApplication* app = QCoreApplication::instance())
        QMetaObject::invokeMethod(app, std::move(fn), Qt::QueuedConnection);
}

void DatabaseWorker::classifyCancel(QSqlDatabase& db, DbError* error, bool ownCancel)
{
    if (error->sqlState != u"57014")
        return;
    if (ownCancel) {
        error->kind = DbError::Kind::Cancelled;
        error->message = DbError::tr("Cancelled.");
        return;
    }
    // Name the limit and where it is set, so the user knows whom to ask.
    QSqlQuery q(db);
    if (!q.exec(
            u"SELECT setting, unit, source FROM pg_settings WHERE name = 'statement_timeout'"_s) ||
        !q.next())
        return;
    const QString unit = q.value(1).toString();
    const double ms = q.value(0).toDouble() * (unit == u"s" ? 1000.0 : 1.0);
    const QString source = q.value(2).toString();
    QString where;
    if (source == u"user" || source == u"database user")
        where = DbError::tr("for your role");
    else if (source == u"database")
        where = DbError::tr("for this database");
    else if (source == u"session" || source == u"client")
        where = DbError::tr("for this session");
    else
        where = DbError::tr("in the server's configuration");
    error->kind = DbError::Kind::Timeout;
    error->message =
        DbError::tr("The server stopped the query after %1 s: statement_timeout is set %2. "
                    "Narrow the filter or choose another sort, or ask the DBA to raise "
                    "statement_timeout.")
            .arg(QLocale().toString(ms / 1000.0, 'g', 4), where);
}

void DatabaseWorker::enqueue(Job job)
{
    Q_ASSERT(m_thread);
    QMetaObject::invokeMethod(m_session, [s = m_session, job = std::move(job)]() mutable {
        s->runOrQueue(std::move(job));
    });
}

void DatabaseWorker::retry()
{
    if (m_session && m_state == State::Failed)
        QMetaObject::invokeMethod(m_session, [s = m_session] { s->connectFirstTime(); });
    else if (m_session && m_state == State::Reconnecting)
        QMetaObject::invokeMethod(m_session, [s = m_session] { s->retryNow(); });
}

void DatabaseWorker::cancelRunningQuery()
{
    if (m_session)
        m_session->cancel();
}

void DatabaseWorker::cancelJob(quint64 id)
{
    if (m_session && id != 0)
        m_session->cancel(id);
}

quint64 DatabaseWorker::nextJobId()
{
    static std::atomic<quint64> last{0};
    return ++last;
}

void DatabaseWorker::refreshServerInfo()
{
    if (m_session)
        QMetaObject::invokeMethod(m_session, [s = m_session] { s->loadServerInfo(); });
}

void DatabaseWorker::setState(State state, const DbError& error)
{
    m_lastError = error;
    if (m_state == state && !error)
        return;
    m_state = state;
    emit stateChanged(state);
}

void DatabaseWorker::setTarget(int index, const DbError& skipped)
{
    m_skippedTargetError = skipped;
    if (m_targetIndex == index)
        return;
    m_targetIndex = index;
    emit targetChanged(index);
}

void DatabaseWorker::setServerInfo(const ServerInfo& info)
{
    m_serverInfo = info;
    emit serverInfoChanged(info);
}
