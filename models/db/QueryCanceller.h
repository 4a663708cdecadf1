#pragma once

#include <QtGlobal>
#include <memory>

struct pg_conn;

// Cancels the job running on one connection, and only that job. libpq's PQcancel opens a
// connection of its own to the postmaster: a cancel sent near the end of a job can reach the
// server after the job ended and then stop the next job's statement, which would look like the
// server's statement_timeout (both are SQLSTATE 57014). So a cancel belongs to the job running
// when it was asked for: it is sent only while a job runs, and the job that asked does not give
// the connection to the next one until the server has answered the cancel (the postmaster has
// signalled the backend, which ignores a signal that arrives while it waits for a statement).
//
// cancel() may be called from any thread; the others from the connection's thread only.
class QueryCanceller final
{
public:
    QueryCanceller();
    ~QueryCanceller();
    QueryCanceller(const QueryCanceller&) = delete;
    QueryCanceller& operator=(const QueryCanceller&) = delete;

    // The connection open now (null: none). Cancels sent to an earlier connection are
    // forgotten: they cannot reach this one's backend.
    void setConnection(pg_conn* conn);

    // `job`: the request's id (DatabaseWorker::run()), for cancel(job).
    void jobStarted(quint64 job = 0);
    // Whether this app asked to cancel the job running now.
    bool cancelAsked() const;
    // Then waits until every cancel sent during the job has been answered (none: at once).
    // `connectionAlive`: false when the job lost the connection, whose backend is gone.
    void jobFinished(bool connectionAlive);

    // Asks the server to cancel the running job, on a thread of its own (PQcancel has no
    // timeout). Nothing is sent when no job runs, or, with a `job` id, when the job running now
    // is another one: a request cancels itself, never a neighbour on a shared connection.
    void cancel(quint64 job = 0);

private:
    struct State;
    std::shared_ptr<State> m_state; // shared with the cancels in flight
};
