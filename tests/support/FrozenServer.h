#pragma once

#include "TestCluster.h"

#include <QFile>
#include <QList>
#include <QVariant>

#include <csignal>
#include <sys/types.h>

// A server that stopped answering after login: the postmaster and the given database's client
// backends get SIGSTOP (connections stay open, nothing answers, a cancel request is never
// read). Everything is resumed with SIGCONT when this goes away, also when a test fails.
class FrozenServer final
{
public:
    explicit FrozenServer(const ConnectionSpec& spec)
    {
        const QVariant pids = TestCluster::scalar(
            spec, QStringLiteral("SELECT string_agg(pid::text, ',') FROM pg_stat_activity "
                                 "WHERE datname = current_database() AND backend_type = "
                                 "'client backend' AND pid <> pg_backend_pid()"));
        for (const QString& pid : pids.toString().split(u',', Qt::SkipEmptyParts))
            m_pids << pid.toInt();
        QFile pidFile(TestCluster::instance().cluster().options().dataDir +
                      QStringLiteral("/postmaster.pid"));
        if (pidFile.open(QIODevice::ReadOnly))
            m_pids.prepend(pidFile.readLine().trimmed().toInt()); // before any new backend
        for (const int pid : std::as_const(m_pids)) {
            if (pid > 0)
                ::kill(pid, SIGSTOP);
        }
    }
    ~FrozenServer()
    {
        for (const int pid : std::as_const(m_pids)) {
            if (pid > 0)
                ::kill(pid, SIGCONT);
        }
    }
    FrozenServer(const FrozenServer&) = delete;
    FrozenServer& operator=(const FrozenServer&) = delete;

    // The postmaster and at least one backend.
    bool holdsABackend() const { return m_pids.size() >= 2; }

private:
    QList<int> m_pids;
};
