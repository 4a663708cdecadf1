#pragma once

#include "ConnectionSpec.h"
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
    enum class State { Idle, Connecting, Connected, Reconnecting, Failed };
    Q_ENUM(State)

    struct Timing
    {
        int healthCheckMs = 5'000; // how often an idle connection is checked
        int firstRetryMs = 500;    // the first reconnect delay; doubles up to maxRetryMs
        int maxRetryMs = 15'000;
    };

    using Job = std::function<void(QSqlDatabase&)>;

    explicit DatabaseWorker(ConnectionSpec spec, QObject* parent = nullptr);
    ~DatabaseWorker() override;

    void setTiming(const Timing& timing); // before start()
    void start();

    State state() const { return m_state; }
    const DbError& lastError() const { return m_lastError; }
    const ServerInfo& serverInfo() const { return m_serverInfo; }
    const ConnectionSpec& spec() const { return m_spec; }

    // Runs job(db) on the worker thread and then done(result) on this object's thread, unless
    // context was destroyed meanwhile.
    template <typename Result>
    void run(QObject* context, std::function<Result(QSqlDatabase&)> job,
             std::function<void(Result)> done)
    {
        QPointer<QObject> guard(context);
        enqueue([this, guard, job = std::move(job), done = std::move(done)](QSqlDatabase& db) {
            auto result = std::make_shared<Result>(job(db));
            QMetaObject::invokeMethod(
                this,
                [guard, done, result] {
                    if (guard)
                        done(std::move(*result));
                },
                Qt::QueuedConnection);
        });
    }

    // After State::Failed: tries to connect again (the user fixed the server or the network).
    void retry();

    // Asks the server to cancel the statement running now (safe from any thread).
    void cancelRunningQuery();

    // Re-reads ServerInfo, for example after migrations created the tables.
    void refreshServerInfo();

signals:
    void stateChanged(DatabaseWorker::State state);
    void serverInfoChanged(const ServerInfo& info);

private:
    friend class DatabaseSession;
    void enqueue(Job job);
    void setState(State state, const DbError& error);
    void setServerInfo(const ServerInfo& info);

    ConnectionSpec m_spec;
    Timing m_timing;
    State m_state = State::Idle;
    DbError m_lastError;
    ServerInfo m_serverInfo;
    QThread* m_thread = nullptr;
    DatabaseSession* m_session = nullptr;
};
