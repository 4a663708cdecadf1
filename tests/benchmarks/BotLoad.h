#pragma once

#include "ConnectionSpec.h"

#include <QList>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

// A bot-like load: pgbench (PostgreSQL 15, from Debian's server directory) with two scripts
// run in equal shares, each one autocommitted statement as the bot sends it: increment a
// sign's view counter for one of the last seven days (INSERT … ON CONFLICT DO UPDATE), and
// read a sign's horoscope of one of those days. A steady rate, prepared statements (as the
// bot's asyncpg uses them) and one log line per transaction, from which the latency
// percentiles are computed here.
class BotLoad final
{
public:
    struct Options
    {
        int clients = 4;
        int threads = 2;
        int rate = 200; // transactions per second, both scripts together
        int seconds = 8;
    };

    struct Result
    {
        QList<qint64> latenciesUs; // successful transactions, ascending; from the scheduled start
        qint64 upserts = 0;        // successful view-counter increments
        qint64 errors = 0;         // failed transactions and aborted clients
        QStringList messages;      // what pgbench said on stderr
        double percentileMs(double p) const;
    };

    explicit BotLoad(Options options);
    ~BotLoad();

    bool start(const ConnectionSpec& spec, const QString& name, QString* error);
    bool finished();
    void waitForFinished();
    bool result(Result* out, QString* error);

private:
    Options m_options;
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_name;
};
