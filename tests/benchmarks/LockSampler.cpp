#include "LockSampler.h"

#include "TestCluster.h"

#include <QSet>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

LockSampler::LockSampler(ConnectionSpec spec)
    : m_spec(std::move(spec))
    , m_thread([this] { run(); })
{}

LockSampler::~LockSampler()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
}

void LockSampler::run()
{
    QSqlDatabase db = TestCluster::open(m_spec);
    {
        QSqlQuery q(db);
        q.prepare(uR"sql(
            SELECT w.pid, coalesce(w.application_name, ''),
                   left(regexp_replace(w.query, '\s+', ' ', 'g'), 70),
                   l.mode || ' on ' || coalesce(l.relation::regclass::text, l.locktype),
                   coalesce(b.application_name, ''),
                   left(regexp_replace(b.query, '\s+', ' ', 'g'), 70), coalesce(b.state, '')
            FROM pg_stat_activity w
            JOIN pg_locks l ON l.pid = w.pid AND NOT l.granted
            CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid)
            JOIN pg_stat_activity b ON b.pid = bp.pid
            WHERE w.datname = current_database()
        )sql"_s);
        while (!m_stop) {
            if (q.exec()) {
                ++m_samples;
                QSet<int> waiting;
                while (q.next()) {
                    waiting.insert(q.value(0).toInt());
                    m_waits[u"%1 [%2] waits for %3, held or asked first by %4 [%5] (%6)"_s.arg(
                        q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                        q.value(4).toString(), q.value(5).toString(), q.value(6).toString())] += 1;
                }
                m_maxWaiting = std::max(m_maxWaiting, static_cast<int>(waiting.size()));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    TestCluster::close(db);
}

void LockSampler::stopAndPrint(const QString& phase)
{
    m_stop = true;
    m_thread.join();
    std::fprintf(stderr, "%s: lock waits in %d samples, at most %d sessions waiting at once\n",
                 qPrintable(phase), m_samples, m_maxWaiting);
    QList<std::pair<int, QString>> sorted;
    for (auto it = m_waits.cbegin(); it != m_waits.cend(); ++it)
        sorted.append({it.value(), it.key()});
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    for (qsizetype i = 0; i < std::min<qsizetype>(sorted.size(), 8); ++i)
        std::fprintf(stderr, "  %4d x %s\n", sorted.at(i).first, qPrintable(sorted.at(i).second));
}
