#include "DatabaseWorker.h"

#include "DatabaseSession.h"

#include <QThread>

DatabaseWorker::DatabaseWorker(ConnectionSpec spec, QObject* parent)
    : QObject(parent)
    , m_spec(std::move(spec))
{}

DatabaseWorker::~DatabaseWorker()
{
    if (!m_thread)
        return;
    // The connection must be closed by the thread that opened it.
    QMetaObject::invokeMethod(
        m_session, [s = m_session] { s->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
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
    m_session = new DatabaseSession(this, m_spec, m_timing);
    m_session->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_session, &QObject::deleteLater);
    m_thread->start();
    setState(State::Connecting, {});
    QMetaObject::invokeMethod(m_session, [s = m_session] { s->connectFirstTime(); });
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
}

void DatabaseWorker::cancelRunningQuery()
{
    if (m_session)
        m_session->cancel();
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

void DatabaseWorker::setServerInfo(const ServerInfo& info)
{
    m_serverInfo = info;
    emit serverInfoChanged(info);
}
