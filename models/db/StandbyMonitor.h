#pragma once

#include "ReadStatus.h"

#include <QObject>
#include <QString>
#include <QtGlobal>

class DatabaseWorker;
class QSqlDatabase;
class QTimer;

// Watches a window's reads from a hot standby, on the GUI thread, without blocking it: every
// few seconds it asks the primary for its WAL position and the read connection where it is
// (host, in recovery or not) and how far it has replayed. It also keeps the window's
// read-your-own-writes promise: after a change of ours, reads go to the primary until the
// standby has replayed past the primary's WAL position right after that change (`pinned`).
class StandbyMonitor final : public QObject
{
    Q_OBJECT
public:
    StandbyMonitor(DatabaseWorker* primary, DatabaseWorker* reads, QObject* parent = nullptr);

    void setInterval(int ms);
    void start();
    void check(); // now, unless a check is under way

    const ReadStatus& status() const { return m_status; }
    bool pinned() const;
    // Our last change, until the standby has been seen to replay it (0: nothing to wait for).
    quint64 unconfirmedLsn() const { return m_pinLsn; }
    // On a connection's thread: the server is a standby that has not replayed `lsn` yet.
    static bool isStandbyBehind(QSqlDatabase& db, quint64 lsn);
    // A change of ours committed on the primary; `walLsn` is pg_current_wal_lsn() after it.
    void noteWrite(const QString& walLsn);

    // On a connection's thread: pg_current_wal_lsn() as text, or empty on a standby.
    static QString currentWalLsn(QSqlDatabase& db);
    static quint64 parseLsn(const QString& text); // "16/B374D848"; 0 when malformed

signals:
    void statusChanged(const ReadStatus& status);

private:
    void update();

    DatabaseWorker* m_primary;
    DatabaseWorker* m_reads;
    QTimer* m_timer;
    bool m_checking = false;
    bool m_checkAgain = false;
    quint64 m_pinLsn = 0;    // our last change
    quint64 m_replayLsn = 0; // what the read connection had replayed at the last check
    ReadStatus m_status;
};
