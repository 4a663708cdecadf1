#pragma once

#include "ConnectionSpec.h"
#include "ConnectionState.h"
#include "DbError.h"
#include "ServerInfo.h"

#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <functional>
#include <memory>

class QThread;
class DatabaseSession;

// Owns one PostgreSQL connection on a thread of its own and runs jobs there, one at a time,
// in the order they were submitted. Results come back on the thread that owns this object.
// When an established connection drops, it says so, reconnects with backoff, and runs the
// jobs that were submitted meanwhile once the server is back.
class DatabaseWorker final : public QObject
{
    Q_OBJECT
public:
    using State = Connection::State;
    using Timing = Connection::Timing;

    // What runs on the worker thread: the work, or, when it cannot run (no connection, shut
    // down), the reason. Exactly one of the two is called. `ownCancel` tells the work whether a
    // cancel it saw (SQLSTATE 57014) was asked for by this app.
    struct Job
    {
        std::function<void(QSqlDatabase&, const std::function<bool()>& ownCancel)> run;
        std::function<void(const DbError&)> unavailable;
        quint64 id = 0; // see run() and cancelJob()
    };

    // Destroying a worker never waits for its thread: a thread still busy (connecting to a dead
    // host, running a query) finishes on its own and then closes its connection.
    explicit DatabaseWorker(ConnectionSpec spec, QObject* parent = nullptr);
    // Connects to the first of `targets` that answers (a standby, then the primary; see
    // ConnectionSpec::readTargets), on every (re)connection, and goes back to the first one
    // every Timing::firstTargetRetryMs while it is on another.
    explicit DatabaseWorker(QList<ConnectionSpec> targets, QObject* parent = nullptr);
    ~DatabaseWorker() override;

    void setTiming(const Timing& timing); // before start()
    void start();

    State state() const { return m_state; }
    const DbError& lastError() const { return m_lastError; }
    const ServerInfo& serverInfo() const { return m_serverInfo; }
    const ConnectionSpec& spec() const { return m_spec; }
    // Which of the targets the connection reached (0: the first), and why the ones before it
    // were passed over.
    int targetIndex() const { return m_targetIndex; }
    const DbError& skippedTargetError() const { return m_skippedTargetError; }

    // Runs job(db) on the worker thread and then done(result) on the GUI thread, unless context
    // was destroyed meanwhile. Every request is answered exactly once: when the job cannot run
    // (no connection could be made for it, the worker shut down) done() gets a Result whose
    // `error` says why. After a failed first connection each new request connects again. A 57014 in
    // the result's `error` is classified: "cancelled" only when this app asked for the cancel,
    // otherwise the server's statement_timeout. Returns the request's id, for cancelJob().
    template <typename Result>
    quint64 run(QObject* context, std::function<Result(QSqlDatabase&)> job,
                std::function<void(Result)> done)
    {
        static_assert(
            requires(Result r) { r.error = DbError(); },
            "a worker result carries a DbError `error`");
        QPointer<QObject> guard(context);
        Job j;
        j.run = [guard, job = std::move(job), done](QSqlDatabase& db,
                                                    const std::function<bool()>& ownCancel) {
            auto result = std::make_shared<Result>(job(db));
            classifyCancel(db, &result->error, ownCancel());
            deliver([guard, done, result] {
                if (guard)
                    done(std::move(*result));
            });
        };
        j.unavailable = [guard, done](const DbError& error) {
            deliver([guard, done, error] {
                if (!guard)
                    return;
                Result r{};
                r.error = error;
                done(std::move(r));
            });
        };
        j.id = nextJobId();
        const quint64 id = j.id;
        enqueue(std::move(j));
        return id;
    }

    // The user fixed the server or the network: after State::Failed, tries to connect again;
    // while State::Reconnecting, tries now rather than after the next delay.
    void retry();

    // Asks the server to cancel the job running now (safe from any thread); nothing when none
    // runs. The cancel belongs to that job: the next one starts once the server has answered it
    // (see QueryCanceller), so a late cancel never stops a later request.
    void cancelRunningQuery();
    // The same for one request (run()'s id) only: nothing when another one runs, so that
    // requests sharing the connection never cancel each other. A request that has not
    // started yet is not stopped by this; its work checks a flag of its own for that.
    void cancelJob(quint64 id);

    // Re-reads ServerInfo, for example after migrations created the tables.
    void refreshServerInfo();

    // Runs fn on the GUI thread (the application's), where every worker and context lives;
    // callable from any thread. Work on another thread never touches a QObject of the GUI
    // thread, not even through a QPointer (it may be deleted between the check and the use):
    // it hands fn a QPointer, and fn checks it on the GUI thread. Dropped when the application
    // is gone.
    static void deliver(std::function<void()> fn);

signals:
    void stateChanged(Connection::State state);
    void serverInfoChanged(const ServerInfo& info);
    void targetChanged(int index);

private:
    friend class DatabaseSession;
    void enqueue(Job job);
    static quint64 nextJobId();
    static void classifyCancel(QSqlDatabase& db, DbError* error, bool ownCancel);
    void setState(State state, const DbError& error);
    void setServerInfo(const ServerInfo& info);
    void setTarget(int index, const DbError& skipped);

    QList<ConnectionSpec> m_targets;
    ConnectionSpec m_spec;
    int m_targetIndex = 0;
    DbError m_skippedTargetError;
    Timing m_timing;
    State m_state = State::Idle;
    DbError m_lastError;
    ServerInfo m_serverInfo;
    QThread* m_thread = nullptr;
    DatabaseSession* m_session = nullptr;
};
