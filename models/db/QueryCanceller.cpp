#include "QueryCanceller.h"

#include "DetachedTask.h"

#include <condition_variable>
#include <mutex>

#include <libpq-fe.h>

struct QueryCanceller::State
{
    std::mutex mutex;
    std::condition_variable answered;
    std::shared_ptr<PGcancel> handle; // of the connection open now
    unsigned connection = 0;          // which one: counts setConnection() calls
    int inFlight = 0;                 // cancels sent to it, not answered yet
    bool running = false;
    quint64 job = 0;    // the id of the one running
    bool asked = false; // during the job running now
};

QueryCanceller::QueryCanceller()
    : m_state(std::make_shared<State>())
{}

QueryCanceller::~QueryCanceller() = default;

void QueryCanceller::setConnection(pg_conn* conn)
{
    std::shared_ptr<PGcancel> handle;
    if (conn)
        handle = std::shared_ptr<PGcancel>(PQgetCancel(conn), PQfreeCancel);
    std::lock_guard lock(m_state->mutex);
    m_state->handle = std::move(handle);
    ++m_state->connection;
    m_state->inFlight = 0;
    m_state->answered.notify_all();
}

void QueryCanceller::jobStarted(quint64 job)
{
    std::lock_guard lock(m_state->mutex);
    m_state->running = true;
    m_state->job = job;
    m_state->asked = false;
}

bool QueryCanceller::cancelAsked() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->asked;
}

void QueryCanceller::jobFinished(bool connectionAlive)
{
    std::unique_lock lock(m_state->mutex);
    m_state->running = false; // from now on cancel() sends nothing
    if (!connectionAlive)
        return;
    // As long as the server takes to answer: a postmaster that stopped answering holds up the
    // next job, which it could not serve either; closing the window does not wait for it.
    const unsigned connection = m_state->connection;
    m_state->answered.wait(lock, [this, connection] {
        return m_state->inFlight == 0 || m_state->connection != connection;
    });
}

void QueryCanceller::cancel(quint64 job)
{
    std::shared_ptr<PGcancel> handle;
    unsigned connection = 0;
    {
        std::lock_guard lock(m_state->mutex);
        if (!m_state->running || !m_state->handle || (job != 0 && job != m_state->job))
            return; // nothing to stop: no round trip to the server
        m_state->asked = true;
        ++m_state->inFlight;
        handle = m_state->handle;
        connection = m_state->connection;
    }
    const auto settle = [state = m_state, connection] {
        std::lock_guard lock(state->mutex);
        if (state->connection == connection && state->inFlight > 0)
            --state->inFlight;
        state->answered.notify_all();
    };
    // Never on the caller's thread, and never where quitting waits for it: a server that
    // stopped answering never answers the cancel either.
    const bool started = DetachedTask::start([handle, settle] {
        char message[256];
        PQcancel(handle.get(), message, sizeof message);
        settle();
    });
    if (!started)
        settle(); // not sent: nothing will arrive late
}
