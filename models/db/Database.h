#pragma once

#include "ConnectionSpec.h"
#include "ConnectionState.h"
#include "DbError.h"
#include "ReadStatus.h"
#include "ServerInfo.h"

#include <QDate>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>

class DatabaseWorker;
class HoroscopeTableModel;
class StandbyMonitor;

// The window's connection to one database, as the views see it: where it is, whether it is
// up, what the role may do. Views never run SQL themselves: they ask the feature services
// (HoroscopeService, TrendsService, ExportService, MigrationService, RegenerationBatch), which
// run it here, on a thread of the connection's own, and answer on the GUI thread.
// With a hot standby (ConnectionSpec::hasStandby) there is a second connection for reads, to
// the standby or, when it is unreachable, to the primary; writes and the editor's own reads
// always use the primary connection.
class Database final : public QObject
{
    Q_OBJECT
public:
    using State = Connection::State;

    explicit Database(ConnectionSpec spec, QObject* parent = nullptr);
    // Never waits for a connection attempt or a query still under way (see DatabaseWorker).
    ~Database() override;

    void setTiming(const Connection::Timing& timing); // before start()
    void start();

    State state() const;
    const DbError& lastError() const;
    const ServerInfo& serverInfo() const;
    // With the person of setPerson(): every later request records them in the history.
    ConnectionSpec spec() const;
    void setPerson(const QString& person);
    // The revisions table is there and this role may read it.
    bool historyReadable() const;

    bool hasStandby() const;
    // Where reads come from and how far the standby lags; refreshed every
    // Timing::standbyStatusMs while a standby is configured.
    ReadStatus readStatus() const;

    // The user fixed the server or the network: every connection of the window that failed
    // connects again; one that is reconnecting tries now instead of after the next delay.
    void retry();
    void refreshServerInfo(); // after migrations, or a refusal that says privileges changed

    // The one "today" of the window: the server's date (ServerInfo::today()), or the client's
    // until the server info is read. todayChanged() says when it or the client's date moves
    // (at midnight, or when the server info comes).
    QDate today() const;

signals:
    void stateChanged(Connection::State state);
    void serverInfoChanged(const ServerInfo& info);
    void readStatusChanged(const ReadStatus& status);
    void todayChanged(const QDate& today);
    // A connection of the window (the primary's or, with a standby, the reads') is up, at
    // start or after it was lost or refused: what failed for want of it may ask again.
    void connectionUp();

private:
    friend class Service;
    // Where a read goes now: the read connection, or the primary while a change of ours has
    // not reached the standby yet.
    DatabaseWorker* readWorker() const;
    bool readsPinned() const;
    // For a read connection of its own (an export): the same choice.
    QList<ConnectionSpec> readTargets() const;
    void noteWrite(const QString& walLsn);
    // Our last change while the standby has not been seen to replay it; 0 otherwise, and
    // without a standby.
    quint64 unconfirmedWriteLsn() const;
    void standbyBehind(); // a read found the standby behind our change: check it now

    std::unique_ptr<DatabaseWorker> m_worker;
    std::unique_ptr<DatabaseWorker> m_reads; // without a standby: none, reads use m_worker
    std::unique_ptr<StandbyMonitor> m_standby;
    void checkToday();

    QString m_person;
    QTimer* m_dayTimer;
    QDate m_today;       // as last told by todayChanged()
    QDate m_clientToday; // the client's date then
};
