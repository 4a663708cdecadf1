#pragma once

#include "ConnectionSpec.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>

// Debian's PgBouncer in pool_mode = transaction in front of the TestCluster, on a Unix socket
// in a private temporary directory, and a bot-like pgbench load through it: the setting of a
// bot that grew a pooler. PgBouncer refuses to run as root; under root it runs as `postgres`,
// like the cluster. Both processes end with the fixture.
class PgBouncerFixture final
{
public:
    static constexpr int kPort = 6432;

    explicit PgBouncerFixture(int poolSize = 4);
    ~PgBouncerFixture();
    PgBouncerFixture(const PgBouncerFixture&) = delete;
    PgBouncerFixture& operator=(const PgBouncerFixture&) = delete;

    // Starts PgBouncer for every database of the TestCluster; false and the reason otherwise.
    bool start(QString* error);
    // The same database and user, through the pooler.
    ConnectionSpec pooled(const ConnectionSpec& direct) const;
    static QString url(const ConnectionSpec& spec); // postgresql:///db?host=…&port=…&user=…

    // `clients` pgbench clients through the pooler, each a bot answering users: count a view
    // (upsert into horoscope_views) and read or store the day's horoscope, in a transaction.
    // They write dates from 2030 on only, so the rows a test checks stay as it made them.
    bool startLoad(const ConnectionSpec& direct, int clients, QString* error);
    bool loadRunning() const;
    // Views the load has counted so far (read over a direct connection).
    static qint64 loadViews(const ConnectionSpec& direct);
    QString loadOutput(); // pgbench's output so far, for a failure message

private:
    std::unique_ptr<QProcess> startAsServerUser(const QString& program, const QStringList& args);

    int m_poolSize;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_bouncer;
    std::unique_ptr<QProcess> m_load;
    QString m_loadOutput;
};
