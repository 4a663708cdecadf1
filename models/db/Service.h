#pragma once

#include "Database.h"
#include "DatabaseWorker.h"
#include "DbResult.h"
#include "StandbyMonitor.h"

#include <QPointer>

#include <atomic>
#include <memory>

// The handle of a request that may be cancelled: cancel() stops it as soon as it can (between
// rows, or the statement running now), and the request is then answered "cancelled", unless it
// had finished first. GUI thread only; the work reads flag() on its own thread.
class Cancellation
{
public:
    explicit Cancellation(std::function<void()> onCancel = {})
        : m_onCancel(std::move(onCancel))
    {}
    void cancel()
    {
        if (m_flag.exchange(true))
            return;
        if (m_onCancel)
            m_onCancel();
    }
    bool isCancelled() const { return m_flag.load(); }
    const std::atomic_bool* flag() const { return &m_flag; }

private:
    std::atomic_bool m_flag{false};
    std::function<void()> m_onCancel;
};

// The base of the feature services in models/. The rules of talking to the database from the
// window are written here, once:
// - the work runs on the connection's thread, never on the GUI thread;
// - every request is answered exactly once on the GUI thread: a value, or a DbError (also
//   when the connection could not be made, or "cancelled" when the user cancelled it);
// - the answer to a context object that was destroyed meanwhile is dropped;
// - a 57014 is "cancelled" only when the app asked for the cancel, otherwise it names the
//   statement_timeout that stopped the query (DatabaseWorker::classifyCancel);
// - request() runs on the primary; requestRead() on the standby when there is one, except
//   right after a change of ours (requestWrite) that it has not replayed yet.
// Services are cheap values: a widget keeps one per feature as a member.
class Service
{
public:
    explicit Service(Database* database)
        : m_database(database)
    {}

    Database* database() const { return m_database; }

    // The work, on the connection's thread: fills *out and returns true, or returns false
    // with *error saying why.
    template <typename T>
    using Work = std::function<bool(QSqlDatabase& db, T* out, DbError* error)>;

    // The same rules on a connection of the caller's own (an export, the migrations).
    template <typename T>
    static quint64 requestOn(DatabaseWorker* worker, QObject* context, Work<T> work, Reply<T> done)
    {
        return worker->run<DbResult<T>>(
            context,
            [work = std::move(work)](QSqlDatabase& db) {
                DbResult<T> r;
                if (!work(db, &r.value, &r.error) && !r.error)
                    r.error =
                        DbError::make(DbError::Kind::Query, DbError::tr("The request failed."));
                return r;
            },
            std::move(done));
    }

protected:
    template <typename T> void request(QObject* context, Work<T> work, Reply<T> done) const
    {
        requestOn(worker(), context, std::move(work), std::move(done));
    }

    // Browsing, trends, coverage, the overview: may be served by a hot standby. After a change
    // of ours that the standby has not been seen to replay, the read first asks the connection
    // that serves it whether it is a standby behind that change, and if so runs on the primary:
    // read-your-own-writes is judged where the read runs (the read connection may have moved to
    // the standby since the last check of StandbyMonitor).
    template <typename T> void requestRead(QObject* context, Work<T> work, Reply<T> done) const
    {
        read<T>(context, std::move(work), std::move(done), nullptr);
    }

    // The same, cancellable: cancel() stops this request only (the one statement it runs now,
    // or, when it has not started yet, all of it), never another request on the connection;
    // the request is then answered "cancelled".
    template <typename T>
    std::shared_ptr<Cancellation> requestCancellableRead(QObject* context, Work<T> work,
                                                         Reply<T> done) const
    {
        auto running = std::make_shared<RunningRequest>();
        auto cancellation = std::make_shared<Cancellation>([running] {
            if (running->worker)
                running->worker->cancelJob(running->id);
        });
        Work<T> checked = [work = std::move(work), cancellation](QSqlDatabase& db, T* out,
                                                                 DbError* error) {
            if (cancellation->isCancelled()) {
                *error = DbError::make(DbError::Kind::Cancelled, DbError::tr("Cancelled."));
                return false;
            }
            return work(db, out, error);
        };
        read<T>(context, std::move(checked), std::move(done), running);
        return cancellation;
    }

    // A change: on the primary, and then, with a standby, reads go to the primary until the
    // standby has replayed it (read your own writes).
    template <typename T> void requestWrite(QObject* context, Work<T> work, Reply<T> done) const
    {
        if (!m_database->hasStandby()) {
            request(context, std::move(work), std::move(done));
            return;
        }
        auto lsn = std::make_shared<QString>(); // written on the worker, read after delivery
        requestOn<T>(
            worker(), context,
            [work = std::move(work), lsn](QSqlDatabase& db, T* out, DbError* error) {
                const bool ok = work(db, out, error);
                *lsn = StandbyMonitor::currentWalLsn(db);
                return ok;
            },
            [database = QPointer<Database>(m_database), lsn,
             done = std::move(done)](DbResult<T> r) {
                if (database)
                    database->noteWrite(*lsn);
                done(std::move(r));
            });
    }

    DatabaseWorker* worker() const { return m_database->m_worker.get(); }
    // For a read connection of the service's own (an export), chosen as requestRead() chooses.
    QList<ConnectionSpec> readTargets() const { return m_database->readTargets(); }
    ConnectionSpec spec() const { return m_database->spec(); }
    bool historyReadable() const { return m_database->historyReadable(); }

private:
    struct RunningRequest // where a cancellable request runs now
    {
        QPointer<DatabaseWorker> worker;
        quint64 id = 0;
    };

    template <typename T>
    void read(QObject* context, Work<T> work, Reply<T> done,
              std::shared_ptr<RunningRequest> running) const
    {
        DatabaseWorker* reads = m_database->readWorker();
        const quint64 pin = m_database->unconfirmedWriteLsn();
        if (reads == worker() || pin == 0) {
            const quint64 id = requestOn(reads, context, std::move(work), std::move(done));
            if (running)
                *running = {reads, id};
            return;
        }
        auto behind = std::make_shared<bool>(false);
        const quint64 id = requestOn<T>(
            reads, context,
            [work, pin, behind](QSqlDatabase& db, T* out, DbError* error) {
                if (StandbyMonitor::isStandbyBehind(db, pin)) {
                    *behind = true; // answered again, by the primary
                    return true;
                }
                return work(db, out, error);
            },
            [primary = QPointer<DatabaseWorker>(worker()), database = QPointer(m_database), context,
             work, done, behind, running](DbResult<T> r) {
                if (!*behind || !primary) {
                    done(std::move(r));
                    return;
                }
                if (database)
                    database->standbyBehind();
                const quint64 again = requestOn(primary.data(), context, work, done);
                if (running)
                    *running = {primary, again};
            });
        if (running)
            *running = {reads, id};
    }

    Database* m_database;
};

// Keeps only the answer to the newest of a series of requests (another horoscope opened,
// another filter chosen): the answers to the older ones are dropped. Owned by the context.
class LatestOnly
{
public:
    template <typename T> Reply<T> wrap(Reply<T> done)
    {
        const quint64 serial = ++*m_serial;
        return [serial, current = m_serial, done = std::move(done)](DbResult<T> r) {
            if (*current == serial)
                done(std::move(r));
        };
    }
    void forget() { ++*m_serial; } // drops the answers to every request made so far

private:
    std::shared_ptr<quint64> m_serial = std::make_shared<quint64>(0);
};
