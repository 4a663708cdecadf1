#include "BotLoad.h"

#include "PgCluster.h"
#include "ZodiacSign.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

QString signArray()
{
    return u"(ARRAY['"_s + ZodiacSign::keys().join(u"','"_s) + u"'])"_s;
}

bool writeFile(const QString& path, const QString& text, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text.toUtf8()) < 0) {
        *error = u"could not write %1"_s.arg(path);
        return false;
    }
    return true;
}

} // namespace

double BotLoad::Result::percentileMs(double p) const
{
    if (latenciesUs.isEmpty())
        return 0.0;
    // Nearest rank: the smallest value with at least p of the values at or below it.
    const auto n = static_cast<double>(latenciesUs.size());
    const qsizetype rank = std::clamp<qsizetype>(static_cast<qsizetype>(std::ceil(p * n)) - 1, 0,
                                                 latenciesUs.size() - 1);
    return static_cast<double>(latenciesUs.at(rank)) / 1000.0;
}

BotLoad::BotLoad(Options options)
    : m_options(options)
    , m_dir(u"/tmp/ha-botload-XXXXXX"_s)
{}

BotLoad::~BotLoad()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

bool BotLoad::start(const ConnectionSpec& spec, const QString& name, QString* error)
{
    m_name = name;
    const QString bin = PgCluster::findBinDir(error);
    if (bin.isEmpty())
        return false;
    const QString pgbench = bin + u"/pgbench"_s;
    if (!QFile::exists(pgbench)) {
        *error = u"%1 is missing: install Debian's postgresql-15"_s.arg(pgbench);
        return false;
    }
    // The type casts matter with prepared statements: parameters arrive untyped.
    const QString upsert =
        u"\\set s random(1, 12)\n\\set d random(0, 6)\n"
        "INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) "
        "VALUES (%1[:s::int], current_date - :d::int, 1) "
        "ON CONFLICT (zodiac_sign, view_date) "
        "DO UPDATE SET view_count = horoscope_views.view_count + 1;\n"_s.arg(signArray());
    const QString read = u"\\set s random(1, 12)\n\\set d random(0, 6)\n"
                         "SELECT content FROM horoscope_cache WHERE zodiac_sign = %1[:s::int] "
                         "AND horoscope_date = current_date - :d::int;\n"_s.arg(signArray());
    if (!writeFile(m_dir.filePath(u"upsert.sql"_s), upsert, error) ||
        !writeFile(m_dir.filePath(u"read.sql"_s), read, error))
        return false;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PGAPPNAME"_s, u"horoscope-bot"_s);
    env.insert(u"LC_MESSAGES"_s, u"C"_s);
    m_process.setProcessEnvironment(env);
    m_process.setStandardOutputFile(m_dir.filePath(u"stdout"_s));
    m_process.setStandardErrorFile(m_dir.filePath(u"stderr"_s));
    QStringList args{u"-n"_s,
                     u"-M"_s,
                     u"prepared"_s,
                     u"-c"_s,
                     QString::number(m_options.clients),
                     u"-j"_s,
                     QString::number(m_options.threads),
                     u"-T"_s,
                     QString::number(m_options.seconds),
                     u"-R"_s,
                     QString::number(m_options.rate),
                     u"-l"_s,
                     u"--log-prefix="_s + m_dir.filePath(u"tx"_s),
                     u"-f"_s,
                     m_dir.filePath(u"upsert.sql"_s) + u"@1"_s,
                     u"-f"_s,
                     m_dir.filePath(u"read.sql"_s) + u"@1"_s,
                     u"-h"_s,
                     spec.host,
                     u"-U"_s,
                     spec.user};
    if (!spec.port.isEmpty())
        args << u"-p"_s << spec.port;
    args << spec.database;
    m_process.setWorkingDirectory(m_dir.path());
    m_process.start(pgbench, args);
    if (!m_process.waitForStarted(10'000)) {
        *error = u"could not start pgbench: %1"_s.arg(m_process.errorString());
        return false;
    }
    return true;
}

bool BotLoad::finished()
{
    return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(0);
}

void BotLoad::waitForFinished()
{
    m_process.waitForFinished(-1);
}

bool BotLoad::result(Result* out, QString* error)
{
    waitForFinished();
    QFile err(m_dir.filePath(u"stderr"_s));
    err.open(QIODevice::ReadOnly);
    const QStringList lines =
        QString::fromLocal8Bit(err.readAll()).split(u'\n', Qt::SkipEmptyParts);
    Result r;
    for (const QString& line : lines) {
        r.messages << line;
        if (line.contains(u" aborted "_s))
            ++r.errors; // the client stops: its later transactions are missing from the log
    }
    // 1: bad arguments or no connection; 2: some clients aborted (counted above).
    if (m_process.exitStatus() != QProcess::NormalExit || m_process.exitCode() == 1) {
        *error = u"pgbench failed for %1: %2"_s.arg(m_name, r.messages.join(u" / "_s));
        return false;
    }
    // One file per thread: tx.<pid>, tx.<pid>.1, …; a line is
    // "client transaction_no time_us|failed script_no epoch_s epoch_us schedule_lag_us".
    const QStringList logs = QDir(m_dir.path()).entryList({u"tx.*"_s}, QDir::Files);
    if (logs.isEmpty()) {
        *error = u"pgbench wrote no transaction log for %1"_s.arg(m_name);
        return false;
    }
    for (const QString& name : logs) {
        QFile log(m_dir.filePath(name));
        log.open(QIODevice::ReadOnly);
        while (!log.atEnd()) {
            const QList<QByteArray> f = log.readLine().simplified().split(' ');
            if (f.size() < 4)
                continue;
            bool ok = false;
            const qint64 us = f.at(2).toLongLong(&ok);
            if (!ok) { // "failed" (or "skipped")
                ++r.errors;
                continue;
            }
            r.latenciesUs << us;
            if (f.at(3) == "0")
                ++r.upserts;
        }
    }
    std::sort(r.latenciesUs.begin(), r.latenciesUs.end());
    *out = r;
    return true;
}
