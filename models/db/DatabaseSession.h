#pragma once

#include "ConnectionSpec.h"
#include "DatabaseWorker.h"
#include "QueryCanceller.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <deque>
#include <memory>

class QTimer;
class ServerWatchdog;

// The part of DatabaseWorker that lives on the worker thread: the connection, the queue of
// jobs waiting for a connection, the health check and the reconnect backoff.
class DatabaseSession final : public QObject
{
public:
    DatabaseSession(DatabaseWorker* owner, QList<ConnectionSpec> targets,
                    DatabaseWorker::Timing timing);
    ~DatabaseSession() override;

    void connectFirstTime(); // also "try again" after a failed first connection
    void connectForWork();   // after a failed first connection, for the requests that came
    void runOrQueue(DatabaseWorker::Job job);
    void loadServerInfo();
    void shutdown();
    void cancel(quint64 job = 0); // any thread; 0: whatever runs
    void retryNow(); // while reconnecting: the next attempt now, the delays from the start

private:
    bool open(DbError* error); // the first target that answers
    bool openTarget(int index, DbError* error);
    void retryFirstTarget();
    void closeIfOnDemand();
    void createTimers();
    void onOpened();
    void afterWork();
    void connectionLost(const DbError& error);
    void retry();
    void drain();
    void report(DatabaseWorker::State state, const DbError& error);
    void failPending(const DbError& error);
    void updateCancelHandle();

    QPointer<DatabaseWorker> m_owner; // dereferenced on the GUI thread only
    QList<ConnectionSpec> m_targets;
    ConnectionSpec m_spec; // the target connected to (or tried last)
    int m_target = 0;
    QElapsedTimer m_onLaterTarget; // since the connection went to a target after the first
    bool m_probingFirstTarget = false;
    DatabaseWorker::Timing m_timing;
    QString m_name;
    QSqlDatabase m_db;
    bool m_connected = false;
    // The first connection failed: the next request, or retry(), connects again.
    bool m_failed = false;
    DbError m_failure; // as last reported
    bool m_connectAgainPosted = false;
    bool m_shutDown = false;
    int m_retryDelayMs = 0;
    std::deque<DatabaseWorker::Job> m_pending;
    QTimer* m_health = nullptr;
    QTimer* m_retry = nullptr;
    QueryCanceller m_canceller;                 // cancel() from any thread
    std::unique_ptr<ServerWatchdog> m_watchdog; // when the spec sets a deadline (command line)
};
