#pragma once

#include "ConnectionSpec.h"

#include <QMap>
#include <QString>
#include <atomic>
#include <thread>

// Looks at pg_locks every 20 ms from a thread of its own while a phase runs and counts, per
// kind, the sessions of the benchmark's database that waited for a lock: who waited (its
// application_name and statement), for which lock, and who was in the way.
class LockSampler final
{
public:
    explicit LockSampler(ConnectionSpec spec);
    ~LockSampler();
    void stopAndPrint(const QString& phase); // on stderr

private:
    void run();

    ConnectionSpec m_spec;
    std::atomic_bool m_stop{false};
    QMap<QString, int> m_waits; // written by the thread, read after join
    int m_samples = 0;
    int m_maxWaiting = 0;
    std::thread m_thread;
};
