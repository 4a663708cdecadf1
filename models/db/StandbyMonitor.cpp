#include "StandbyMonitor.h"

#include "DatabaseWorker.h"
#include "PgSession.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

namespace {

struct PrimaryAnswer
{
    QString lsn;
    DbError error;
};

struct ReadsAnswer
{
    bool ok = false;
    QString server;
    bool inRecovery = false;
    QString replayLsn;
    double lagSeconds = -1;
    bool paused = false;
    DbError error;
};

} // namespace

StandbyMonitor::StandbyMonitor(DatabaseWorker* primary, DatabaseWorker* reads, QObject* parent)
    : QObject(parent)
    , m_primary(primary)
    , m_reads(reads)
    , m_timer(new QTimer(this))
{
    m_status.standbyConfigured = true;
    m_timer->setInterval(5'000);
    connect(m_timer, &QTimer::timeout, this, &StandbyMonitor::check);
    // A fallback to the primary (or the way back) shows at once, not at the next check.
    connect(m_reads, &DatabaseWorker::targetChanged, this, &StandbyMonitor::check);
}

void StandbyMonitor::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

void StandbyMonitor::start()
{
    m_timer->start();
    check();
}

QString StandbyMonitor::currentWalLsn(QSqlDatabase& db)
{
    QSqlQuery q(db);
    // On a standby (a multi-host URL whose primary is gone) there is no WAL of its own. The
    // insert position, not pg_current_wal_lsn() (what is written out): with synchronous_commit
    // off that one can lie before the commit just made, and the standby would look as if it
    // had replayed it.
    if (q.exec(u"SELECT CASE WHEN pg_is_in_recovery() THEN NULL "
               "ELSE pg_current_wal_insert_lsn()::text END"_s) &&
        q.next())
        return q.value(0).toString();
    return {};
}

quint64 StandbyMonitor::parseLsn(const QString& text)
{
    const qsizetype slash = text.indexOf(u'/');
    if (slash <= 0)
        return 0;
    bool okHigh = false;
    bool okLow = false;
    const quint64 high = text.left(slash).toULongLong(&okHigh, 16);
    const quint64 low = text.mid(slash + 1).toULongLong(&okLow, 16);
    return okHigh && okLow ? (high << 32) | low : 0;
}

bool StandbyMonitor::isStandbyBehind(QSqlDatabase& db, quint64 lsn)
{
    QSqlQuery q(db);
    const QString text = u"%1/%2"_s.arg(lsn >> 32, 0, 16).arg(lsn & 0xffffffffu, 0, 16);
    // A failed query is not an answer: the work runs, and fails or not on its own.
    return q.exec(u"SELECT pg_is_in_recovery() AND coalesce(pg_last_wal_replay_lsn() < "
                  "'%1'::pg_lsn, true)"_s.arg(text)) &&
           q.next() && q.value(0).toBool();
}

bool StandbyMonitor::pinned() const
{
    // On the primary already (a fallback), or nothing of ours to wait for.
    if (m_pinLsn == 0 || (m_status.known && !m_status.onStandby))
        return false;
    return m_replayLsn < m_pinLsn;
}

void StandbyMonitor::noteWrite(const QString& walLsn)
{
    m_pinLsn = std::max(m_pinLsn, parseLsn(walLsn));
    update();
    check(); // the standby usually has it within milliseconds: lift the pin soon
}

void StandbyMonitor::check()
{
    if (m_checking) {
        m_checkAgain = true;
        return;
    }
    m_checking = true;
    // The primary's position first: a standby that has replayed up to it is up to date, even
    // when the primary has had nothing to write for hours (its last replayed commit is old).
    m_primary->run<PrimaryAnswer>(
        this,
        [](QSqlDatabase& db) {
            PrimaryAnswer a;
            a.lsn = currentWalLsn(db);
            return a;
        },
        [this](PrimaryAnswer primary) {
            m_reads->run<ReadsAnswer>(
                this,
                [](QSqlDatabase& db) {
                    ReadsAnswer a;
                    if (PGconn* conn = PgSession::connection(db)) {
                        const QString host = QString::fromUtf8(PQhost(conn));
                        a.server = host + u':' + QString::fromUtf8(PQport(conn));
                    }
                    QSqlQuery q(db);
                    a.ok = q.exec(u"SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
                                  "extract(epoch FROM now() - pg_last_xact_replay_timestamp())"
                                  "::float8, CASE WHEN pg_is_in_recovery() "
                                  "THEN pg_is_wal_replay_paused() ELSE false END"_s) &&
                           q.next();
                    if (a.ok) {
                        a.inRecovery = q.value(0).toBool();
                        a.replayLsn = q.value(1).toString();
                        a.lagSeconds = q.isNull(2) ? -1 : q.value(2).toDouble();
                        a.paused = q.value(3).toBool();
                    }
                    return a;
                },
                [this, primary](ReadsAnswer reads) {
                    m_checking = false;
                    if (reads.ok) {
                        ReadStatus& s = m_status;
                        s.known = true;
                        s.server = reads.server;
                        s.onStandby = reads.inRecovery;
                        s.standbyError = m_reads->skippedTargetError();
                        s.replayPaused = reads.paused;
                        s.lagSeconds = reads.lagSeconds;
                        m_replayLsn = parseLsn(reads.replayLsn);
                        // Seen replayed: reads need not ask the standby first any more.
                        if (s.onStandby && m_pinLsn != 0 && m_replayLsn >= m_pinLsn)
                            m_pinLsn = 0;
                        const quint64 primaryLsn = parseLsn(primary.lsn);
                        s.caughtUp = s.onStandby && primaryLsn > 0 && m_replayLsn >= primaryLsn;
                        s.bytesBehind =
                            s.onStandby && primaryLsn > 0 && m_replayLsn > 0
                                ? qint64(primaryLsn > m_replayLsn ? primaryLsn - m_replayLsn : 0)
                                : -1;
                    }
                    update();
                    if (m_checkAgain) {
                        m_checkAgain = false;
                        check();
                    }
                });
        });
}

void StandbyMonitor::update()
{
    m_status.pinned = pinned();
    emit statusChanged(m_status);
}
