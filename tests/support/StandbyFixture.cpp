#include "StandbyFixture.h"

#include "TestCluster.h"

#include <QCoreApplication>
#include <QProcess>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

StandbyFixture& StandbyFixture::instance()
{
    static StandbyFixture standby;
    return standby;
}

StandbyFixture::StandbyFixture()
    : m_dir(u"/tmp/ha-standby-XXXXXX"_s)
{
    TestCluster& primary = TestCluster::instance();
    if (!primary.isReady()) {
        m_error = primary.error();
        return;
    }
    if (!m_dir.isValid() || !PgCluster::preparePrivateDir(m_dir.path(), &m_error)) {
        m_error = u"could not prepare a directory for the standby: "_s + m_error;
        return;
    }
    const QString bin = PgCluster::findBinDir(&m_error);
    if (bin.isEmpty())
        return;
    PgCluster::Options o;
    o.dataDir = m_dir.path() + u"/data"_s;
    o.socketDir = m_dir.path() + u"/s"_s;
    o.durable = false;
    // The test cluster allows replication through its socket as initdb sets it up ("local
    // replication all trust", wal_level replica, max_wal_senders 10).
    const PgCluster::Options& p = primary.cluster().options();
    const QStringList args{u"-h"_s,
                           primary.cluster().activeSocketDir().isEmpty()
                               ? p.socketDir
                               : primary.cluster().activeSocketDir(),
                           u"-U"_s,
                           p.superuser,
                           u"-D"_s,
                           o.dataDir,
                           u"-R"_s,
                           u"-X"_s,
                           u"stream"_s,
                           u"-c"_s,
                           u"fast"_s,
                           u"--no-sync"_s};
    QProcess backup;
    backup.setProcessChannelMode(QProcess::MergedChannels);
    if (PgCluster::runningAsRoot()) {
        backup.setWorkingDirectory(u"/"_s);
        backup.start(u"runuser"_s,
                     QStringList{u"-u"_s, u"postgres"_s, u"--"_s, bin + u"/pg_basebackup"_s} +
                         args);
    } else {
        backup.start(bin + u"/pg_basebackup"_s, args);
    }
    if (!backup.waitForFinished(120'000) || backup.exitCode() != 0) {
        m_error = u"pg_basebackup failed: "_s + QString::fromLocal8Bit(backup.readAll());
        return;
    }
    m_cluster = std::make_unique<PgCluster>(o);
    m_ready = m_cluster->start(&m_error);
    // Stop the standby before its directory goes away (and before the primary stops).
    qAddPostRoutine([] { instance().m_cluster.reset(); });
}

ConnectionSpec StandbyFixture::spec(const QString& database) const
{
    return m_cluster->connectionSpec(database);
}

QString StandbyFixture::socketDir() const
{
    return m_cluster->options().socketDir;
}

bool StandbyFixture::stop(QString* error)
{
    return m_cluster->stop(error);
}

bool StandbyFixture::start(QString* error)
{
    return m_cluster->start(error);
}

bool StandbyFixture::isRunning() const
{
    return m_cluster->isRunning();
}

QString StandbyFixture::primaryLsn(const ConnectionSpec& primary)
{
    // The insert position, not pg_current_wal_lsn() (what is written): the test cluster runs
    // with synchronous_commit off, so a commit may still be only inserted, and a standby that
    // replayed up to the written position may not have the last rows yet.
    return TestCluster::scalar(primary, u"SELECT pg_current_wal_insert_lsn()::text"_s).toString();
}

bool StandbyFixture::replayedUpTo(const QString& lsn, const QString& database) const
{
    return TestCluster::scalar(spec(database),
                               u"SELECT pg_last_wal_replay_lsn() >= '%1'::pg_lsn"_s.arg(lsn))
        .toBool();
}
