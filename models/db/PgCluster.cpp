#include "PgCluster.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kToolTimeoutMs = 120'000;

struct ServerUser
{
    uid_t uid = 0;
    gid_t gid = 0;
    bool found = false;
};

ServerUser postgresUser()
{
    ServerUser u;
    if (const passwd* pw = ::getpwnam("postgres")) {
        u.uid = pw->pw_uid;
        u.gid = pw->pw_gid;
        u.found = true;
    }
    return u;
}

} // namespace

PgCluster::PgCluster(Options options)
    : m_options(std::move(options))
{}

PgCluster::~PgCluster()
{
    if (m_started)
        stop();
}

bool PgCluster::runningAsRoot()
{
    return ::geteuid() == 0;
}

QString PgCluster::findBinDir(QString* error)
{
    // Debian keeps server binaries out of PATH, one directory per major version.
    QDir base(u"/usr/lib/postgresql"_s);
    QStringList versions = base.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString& a, const QString& b) { return a.toInt() > b.toInt(); });
    for (const QString& v : std::as_const(versions)) {
        const QString bin = base.filePath(v + u"/bin"_s);
        if (QFileInfo::exists(bin + u"/pg_ctl"_s) && QFileInfo::exists(bin + u"/initdb"_s))
            return bin;
    }
    QProcess pgConfig;
    pgConfig.start(u"pg_config"_s, {u"--bindir"_s});
    if (pgConfig.waitForFinished(10'000) && pgConfig.exitCode() == 0) {
        const QString bin = QString::fromLocal8Bit(pgConfig.readAllStandardOutput()).trimmed();
        if (QFileInfo::exists(bin + u"/pg_ctl"_s))
            return bin;
    }
    *error = tr("PostgreSQL server programs (initdb, pg_ctl) were not found. Install them with "
                "\"sudo apt-get install postgresql\".");
    return {};
}

bool PgCluster::preparePrivateDir(const QString& dir, QString* error)
{
    if (!QDir().mkpath(dir)) {
        *error = tr("Could not create the directory %1. Check that you may write there.").arg(dir);
        return false;
    }
    const QByteArray path = QFile::encodeName(dir);
    if (runningAsRoot()) {
        const ServerUser pg = postgresUser();
        if (!pg.found) {
            *error = tr("Running as root, but there is no \"postgres\" system user to run the "
                        "server as. Install the postgresql package, or run as an ordinary user.");
            return false;
        }
        if (::chown(path.constData(), pg.uid, pg.gid) != 0) {
            *error = tr("Could not hand %1 over to the postgres user.").arg(dir);
            return false;
        }
    } else {
        struct stat st
        {
        };
        if (::stat(path.constData(), &st) != 0 || st.st_uid != ::geteuid()) {
            *error = tr("The directory %1 belongs to another user. Remove it or choose "
                        "another location.")
                         .arg(dir);
            return false;
        }
    }
    ::chmod(path.constData(), S_IRWXU);
    return true;
}

bool PgCluster::runTool(const QString& tool, const QStringList& args, QString* output,
                        int timeoutMs, QString* error) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LC_MESSAGES"_s, u"C"_s);
    env.remove(u"PGDATA"_s);
    // The server speaks the language of its lc_messages setting; GNU gettext would put the
    // caller's LANGUAGE before it.
    env.remove(u"LANGUAGE"_s);
    p.setProcessEnvironment(env);
    const QString program = m_binDir + u'/' + tool;
    if (runningAsRoot()) {
        p.setWorkingDirectory(u"/"_s);
        p.start(u"runuser"_s, QStringList{u"-u"_s, u"postgres"_s, u"--"_s, program} + args);
    } else {
        p.start(program, args);
    }
    if (!p.waitForStarted(10'000)) {
        *error = tr("Could not start %1: %2").arg(tool, p.errorString());
        return false;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5'000);
        *error = tr("%1 did not finish in time.").arg(tool);
        return false;
    }
    const QString out = QString::fromLocal8Bit(p.readAll());
    if (output)
        *output = out;
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = tr("%1 failed: %2").arg(tool, out.trimmed());
        return false;
    }
    return true;
}

QString PgCluster::logFile() const
{
    return m_options.dataDir + u"/server.log"_s;
}

QString PgCluster::activeSocketDir() const
{
    // postmaster.pid, line 5: the first socket directory of the running server.
    QFile pid(m_options.dataDir + u"/postmaster.pid"_s);
    if (!pid.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = pid.readAll().split('\n');
    return lines.size() > 4 ? QString::fromLocal8Bit(lines.at(4)).trimmed() : QString();
}

bool PgCluster::isRunning() const
{
    if (m_binDir.isEmpty())
        return false;
    QString ignored;
    return runTool(u"pg_ctl"_s, {u"-D"_s, m_options.dataDir, u"status"_s}, nullptr, 10'000,
                   &ignored);
}

bool PgCluster::start(QString* error)
{
    if (m_binDir.isEmpty()) {
        m_binDir = findBinDir(error);
        if (m_binDir.isEmpty())
            return false;
    }
    if (!preparePrivateDir(m_options.socketDir, error))
        return false;
    const bool exists = QFileInfo::exists(m_options.dataDir + u"/PG_VERSION"_s);
    if (!exists) {
        if (!preparePrivateDir(m_options.dataDir, error))
            return false;
        QStringList args{u"-D"_s,    m_options.dataDir, u"-U"_s,   m_options.superuser,  u"-A"_s,
                         u"trust"_s, u"-E"_s,           u"UTF8"_s, u"--locale=C.UTF-8"_s};
        if (!m_options.durable)
            args << u"--no-sync"_s;
        if (!runTool(u"initdb"_s, args, nullptr, kToolTimeoutMs, error))
            return false;
        // Only the private socket: nothing reaches this server over the network.
        QFile conf(m_options.dataDir + u"/postgresql.conf"_s);
        if (!conf.open(QIODevice::Append | QIODevice::Text)) {
            *error = tr("Could not configure the new cluster in %1.").arg(m_options.dataDir);
            return false;
        }
        QByteArray settings = "\n# Written by Horoscope Admin\nlisten_addresses = ''\n"
                              "max_connections = 50\n";
        if (!m_options.durable)
            settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
        conf.write(settings);
        m_created = true;
    }
    if (isRunning()) {
        const QString active = activeSocketDir();
        if (!active.isEmpty())
            m_options.socketDir = active;
        return true; // someone else (an earlier app instance) runs it: use it, leave it running
    }
    QString serverOptions = u"-k '"_s + m_options.socketDir + u"' -c listen_addresses='"_s +
                            m_options.listenAddress + u"'"_s;
    if (m_options.port > 0)
        serverOptions += u" -p "_s + QString::number(m_options.port);
    if (!runTool(u"pg_ctl"_s,
                 {u"-D"_s, m_options.dataDir, u"-l"_s, logFile(), u"-w"_s, u"-t"_s, u"60"_s,
                  u"-o"_s, serverOptions, u"start"_s},
                 nullptr, kToolTimeoutMs, error)) {
        QFile log(logFile());
        if (log.open(QIODevice::ReadOnly)) {
            const QByteArray tail = log.readAll().right(2000);
            *error += u"\n"_s + QString::fromLocal8Bit(tail);
        }
        return false;
    }
    m_started = true;
    return true;
}

bool PgCluster::stop(QString* error)
{
    QString ignored;
    QString* err = error ? error : &ignored;
    if (m_binDir.isEmpty())
        return true;
    const bool ok = runTool(
        u"pg_ctl"_s,
        {u"-D"_s, m_options.dataDir, u"-m"_s, u"fast"_s, u"-w"_s, u"-t"_s, u"60"_s, u"stop"_s},
        nullptr, kToolTimeoutMs, err);
    if (ok)
        m_started = false;
    return ok;
}

bool PgCluster::reload(QString* error)
{
    QString ignored;
    return runTool(u"pg_ctl"_s, {u"-D"_s, m_options.dataDir, u"reload"_s}, nullptr, 30'000,
                   error ? error : &ignored);
}

ConnectionSpec PgCluster::connectionSpec(const QString& database) const
{
    ConnectionSpec spec;
    spec.host = m_options.socketDir;
    spec.user = m_options.superuser;
    spec.database = database;
    if (m_options.port > 0)
        spec.port = QString::number(m_options.port);
    return spec;
}

bool PgCluster::createDatabase(const QString& name, QString* error)
{
    const QString connName = u"ha-admin-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connName);
        connectionSpec(u"postgres"_s).applyTo(db);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            const QString ident = db.driver()->escapeIdentifier(name, QSqlDriver::TableName);
            ok = q.exec(u"CREATE DATABASE "_s + ident);
            if (!ok && q.lastError().nativeErrorCode() == u"42P04")
                ok = true; // already there
            else if (!ok)
                *error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connName);
    return ok;
}
