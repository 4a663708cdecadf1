#pragma once

#include "ConnectionSpec.h"
#include "PgCluster.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

// A streaming hot standby of the TestCluster, as a DBA makes one: `pg_basebackup -R -X stream`
// of the running test cluster into a temporary directory, started on a socket of its own.
// Databases created on the primary afterwards reach it by replication. One per test
// executable; stop() and start() take it away and bring it back.
class StandbyFixture final
{
public:
    static StandbyFixture& instance();

    bool isReady() const { return m_ready; }
    const QString& error() const { return m_error; }
    ConnectionSpec spec(const QString& database) const;
    QString socketDir() const;

    bool stop(QString* error);
    bool start(QString* error);
    bool isRunning() const;

    // True once the standby has replayed everything the primary had written when asked
    // (for QTRY_VERIFY: first call primaryLsn(), then poll replayedUpTo()).
    static QString primaryLsn(const ConnectionSpec& primary);
    bool replayedUpTo(const QString& lsn, const QString& database) const;

private:
    StandbyFixture();

    QTemporaryDir m_dir;
    std::unique_ptr<PgCluster> m_cluster;
    bool m_ready = false;
    QString m_error;
};

// Starts the standby (and the test cluster), or fails the test with the reason.
#define REQUIRE_STANDBY()                                                                          \
    do {                                                                                           \
        REQUIRE_CLUSTER();                                                                         \
        if (!StandbyFixture::instance().isReady())                                                 \
            QFAIL(qPrintable(StandbyFixture::instance().error()));                                 \
    } while (false)
