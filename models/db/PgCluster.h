#pragma once

#include "ConnectionSpec.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

// A private PostgreSQL cluster: initdb + pg_ctl, listening on a Unix socket in a private
// directory only (no TCP port). Gives the app its demo database and the tests their server.
// PostgreSQL refuses to run as root, so under root every server command runs as the
// `postgres` system user.
class PgCluster final
{
    Q_DECLARE_TR_FUNCTIONS(PgCluster)
public:
    struct Options
    {
        QString dataDir;
        QString socketDir; // keep it short: a socket path may not exceed 107 bytes
        QString superuser = QStringLiteral("horoscope");
        bool durable = true; // false turns off fsync: for throwaway test clusters
        // Tests of TCP and TLS: an address such as 127.0.0.1 (empty: the socket only) and a
        // port (0: PostgreSQL's default).
        QString listenAddress;
        int port = 0;
    };

    explicit PgCluster(Options options);
    ~PgCluster(); // stops the server if this object started it
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    // Creates the cluster when there is none, then starts it unless it already runs.
    bool start(QString* error);
    bool stop(QString* error = nullptr);
    bool reload(QString* error = nullptr);
    bool isRunning() const;

    bool createdThisRun() const { return m_created; }
    bool startedThisRun() const { return m_started; }
    const Options& options() const { return m_options; }
    QString logFile() const;
    QString activeSocketDir() const; // from postmaster.pid when running

    ConnectionSpec connectionSpec(const QString& database) const;
    bool createDatabase(const QString& name, QString* error);

    static QString findBinDir(QString* error);
    static bool runningAsRoot();
    // Creates dir (and parents) so that the server's user owns it with mode 0700.
    static bool preparePrivateDir(const QString& dir, QString* error);

private:
    bool runTool(const QString& tool, const QStringList& args, QString* output, int timeoutMs,
                 QString* error) const;

    Options m_options;
    QString m_binDir;
    bool m_created = false;
    bool m_started = false;
};
