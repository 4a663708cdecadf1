#include "CommandConnection.h"

#include "DbError.h"
#include "DemoDatabase.h"
#include "DetachedTask.h"
#include "PgSession.h"
#include "ServerWatchdog.h"
#include "Settings.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <semaphore.h>
#include <thread>
#include <unistd.h>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString kConnectionName = QStringLiteral("ha-cli");

QString seconds(int ms)
{
    return QLocale::c().toString(ms / 1000.0, 'g', 6);
}

// The handler only notes the signal and wakes a thread of its own, which sends the cancel:
// PQcancel waits for the postmaster without a timeout, and a server that stopped answering
// would otherwise hold the handler (and the thread it interrupted) for good. The command then
// ends with its cancelled statement, or kCancelGraceMs after the signal if nothing answers.
std::shared_ptr<PGcancel> g_cancel; // read and replaced with std::atomic_load/atomic_store
volatile std::sig_atomic_t g_signal = 0;
sem_t g_wake;

void onSignal(int signal)
{
    g_signal = signal;
    sem_post(&g_wake); // async-signal-safe
}

// How long after a signal the command may take to end on its own (its statement cancelled).
constexpr int kCancelGraceMs = 1'500;
// The line for a cancel nobody answered (SIGINT, SIGTERM): plain memory, never destroyed while
// the process ends.
char g_unanswered[2][640] = {};

void sendCancels()
{
    while (sem_wait(&g_wake) != 0 && errno == EINTR)
        continue;
    if (const std::shared_ptr<PGcancel> cancel = std::atomic_load(&g_cancel)) {
        DetachedTask::start([cancel] {
            char message[256];
            PQcancel(cancel.get(), message, sizeof message);
        });
    }
    // Normally the command has ended before this: a server that answers neither the statement
    // nor the cancel must not keep it waiting for the watchdog (statement timeout + 5 s).
    std::this_thread::sleep_for(std::chrono::milliseconds(kCancelGraceMs));
    std::fputs(g_unanswered[g_signal == SIGINT ? 0 : 1], stderr);
    std::fflush(stderr);
    std::_Exit(128 + g_signal);
}

void setCancelHandle(PGcancel* handle)
{
    std::atomic_store(&g_cancel, handle ? std::shared_ptr<PGcancel>(handle, PQfreeCancel)
                                        : std::shared_ptr<PGcancel>());
}

} // namespace

CommandConnection::CommandConnection(Options options)
    : m_options(std::move(options))
{}

CommandConnection::~CommandConnection()
{
    close();
    m_watchdog.reset();
}

void CommandConnection::close()
{
    setCancelHandle(nullptr);
    if (m_watchdog)
        m_watchdog->unwatch();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(kConnectionName);
    }
}

int CommandConnection::fail(const QString& message)
{
    // One line, so scripts can log it as is.
    std::fprintf(stderr, "horoscope-admin: %s\n", qPrintable(message.simplified()));
    std::fflush(stderr);
    return 1;
}

bool CommandConnection::debug()
{
    return !qEnvironmentVariableIsEmpty("HA_DEBUG");
}

void CommandConnection::progress(const QString& message)
{
    if (debug() || isatty(STDERR_FILENO))
        std::fprintf(stderr, "%s\n", qPrintable(message));
}

QString CommandConnection::describe(const DbError& error) const
{
    if (m_watchdog && m_watchdog->fired())
        return tr("The server at %1 stopped answering: no reply for %2 s (the statement "
                  "timeout plus %3 s; --statement-timeout changes it). Check the network path, "
                  "any pooler or proxy in between, and the load on the server.")
            .arg(m_spec.displayName(), seconds(m_watchdog->silenceMs()), seconds(silenceGraceMs));
    // Nothing in a command cancels a statement: 57014 is statement_timeout.
    if (error.sqlState == u"57014" || error.kind == DbError::Kind::Cancelled) {
        if (!m_statementTimeout.setBy.isEmpty())
            return tr("The server stopped a statement after %1 s: the statement_timeout set %2 "
                      "is lower than this command's %3 s, and it was kept. Narrow the request, "
                      "or allow more with --statement-timeout.")
                .arg(seconds(m_statementTimeout.ms), m_statementTimeout.setBy,
                     seconds(m_options.statementTimeoutMs));
        return tr("A statement ran longer than this command's --statement-timeout of %1 s and "
                  "was stopped. Narrow the request, or raise --statement-timeout.")
            .arg(seconds(m_statementTimeout.ms > 0 ? m_statementTimeout.ms
                                                   : m_options.statementTimeoutMs));
    }
    // Only lock_not_available is a lock timeout. migrate leaves the session's to its runner,
    // whose message says what it waited for.
    if (error.sqlState == u"55P03" && m_options.lockTimeoutMs > 0) {
        const QString limit =
            seconds(m_lockTimeout.ms > 0 ? m_lockTimeout.ms : m_options.lockTimeoutMs);
        if (!m_lockTimeout.setBy.isEmpty())
            return tr("%1 It waited longer than the lock timeout (%2 s) set %3; --lock-timeout "
                      "waits longer.")
                .arg(error.message, limit, m_lockTimeout.setBy);
        return tr("%1 It waited longer than the lock timeout (%2 s); --lock-timeout waits "
                  "longer.")
            .arg(error.message, limit);
    }
    if (error.kind == DbError::Kind::ConnectionLost)
        return tr("The connection to the database was lost (%1). Run the command again when "
                  "the server is back.")
            .arg(error.detail.isEmpty() ? tr("no reason given") : error.detail);
    return error.message;
}

// A DBA who set a lower statement_timeout or lock_timeout for the role or the database meant
// it: the command keeps it, unless its option asks for more.
void CommandConnection::keepStricterServerLimits()
{
    m_statementTimeout = {m_options.statementTimeoutMs, {}};
    m_lockTimeout = {m_options.lockTimeoutMs, {}};
    QSqlQuery q(m_db);
    // Read before the session settings are applied: these are the role's, the database's or
    // the server's values. Both are in milliseconds.
    if (!q.exec(u"SELECT name, setting::bigint, source FROM pg_settings "
                "WHERE name IN ('statement_timeout', 'lock_timeout')"_s))
        return;
    while (q.next()) {
        const bool statement = q.value(0).toString() == u"statement_timeout";
        const qint64 serverMs = q.value(1).toLongLong();
        Limit& limit = statement ? m_statementTimeout : m_lockTimeout;
        const bool given = statement ? m_options.statementTimeoutGiven : m_options.lockTimeoutGiven;
        if (given || limit.ms <= 0 || serverMs <= 0 || serverMs >= limit.ms)
            continue;
        const QString source = q.value(2).toString();
        limit.ms = static_cast<int>(serverMs);
        limit.setBy = source == u"user" || source == u"database user" ? tr("for your role")
                      : source == u"database"                         ? tr("for this database")
                                              : tr("in the server's configuration");
        for (ConnectionSpec::Option& o : m_spec.sessionSettings) {
            if (o.first == q.value(0).toString())
                o.second = QString::number(serverMs);
        }
    }
}

void CommandConnection::cancelOnSignals()
{
    for (const int signal : {SIGINT, SIGTERM}) {
        const QByteArray line =
            (u"horoscope-admin: "_s +
             tr("Interrupted (%1); the server did not answer the cancel within %2 s, so the "
                "statement may go on there until its statement timeout. Check the server's "
                "load and the network path.")
                 .arg(signal == SIGINT ? u"SIGINT"_s : u"SIGTERM"_s, seconds(kCancelGraceMs)) +
             u'\n')
                .toUtf8();
        qstrncpy(g_unanswered[signal == SIGINT ? 0 : 1], line.constData(), sizeof g_unanswered[0]);
    }
    static const bool sender = sem_init(&g_wake, 0, 0) == 0 && DetachedTask::start(sendCancels);
    if (!sender)
        return; // the signals keep their default: the process ends at once
    if (PGconn* conn = PgSession::connection(m_db))
        setCancelHandle(PQgetCancel(conn));
    struct sigaction action
    {
    };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    // The second signal is not caught: it ends the process at once.
    action.sa_flags = SA_RESTART | SA_RESETHAND;
    for (int signal : {SIGINT, SIGTERM})
        ::sigaction(signal, &action, nullptr);
}

int CommandConnection::interruptedBy()
{
    return g_signal;
}

int CommandConnection::interrupted()
{
    fail(tr("Interrupted (%1); the statement running on the server was cancelled.")
             .arg(g_signal == SIGINT ? u"SIGINT"_s : u"SIGTERM"_s));
    return 128 + g_signal;
}

void CommandConnection::readFromStandby(const QString& readUrl)
{
    m_reads = true;
    m_readUrl = readUrl;
}

bool CommandConnection::open()
{
    QString error;
    if (m_options.demo) {
        m_demo = std::make_unique<DemoDatabase>();
        if (!m_demo->start(&CommandConnection::progress, &error)) {
            fail(tr("Could not start the demo database: %1").arg(error));
            return false;
        }
        m_spec = m_demo->spec();
    } else if (!ConnectionSpec::parse(m_options.databaseUrl, &m_spec, &error)) {
        fail(error);
        return false;
    } else if (m_options.urlOnCommandLine && !m_spec.password.isEmpty()) {
        std::fprintf(stderr, "horoscope-admin: %s\n",
                     qPrintable(tr("Warning: a password given with --database-url is visible to "
                                   "every user of this machine (ps). Use --database-url-file, "
                                   "$DATABASE_URL, PGPASSWORD or ~/.pgpass instead.")));
    }
    m_spec.quietNotices = !debug();
    m_spec.person = Settings().personName();
    m_spec.sessionSettings.append(
        {u"statement_timeout"_s, QString::number(m_options.statementTimeoutMs)});
    if (m_options.lockTimeoutMs > 0)
        m_spec.sessionSettings.append(
            {u"lock_timeout"_s, QString::number(m_options.lockTimeoutMs)});
    m_spec.silentServerMs = m_options.statementTimeoutMs + silenceGraceMs;
    m_watchdog = std::make_unique<ServerWatchdog>(m_spec.silentServerMs);

    if (!m_options.demo && !m_readUrl.isEmpty() && !m_spec.setStandbyUrl(m_readUrl, &error)) {
        fail(error);
        return false;
    }
    // Reads try the standby first and fall back to the primary; everything else goes to the
    // primary (with several hosts, libpq is told to find the one that is not a standby).
    if (!m_reads && m_spec.host.contains(u',') &&
        m_spec.option(u"target_session_attrs"_s) != u"read-write")
        m_spec.setOption(u"target_session_attrs"_s, u"primary"_s);
    const QList<ConnectionSpec> targets =
        m_reads ? m_spec.readTargets() : QList<ConnectionSpec>{m_spec};
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), kConnectionName);
    for (int i = 0; i < targets.size(); ++i) {
        if (openTarget(targets.at(i), i + 1 == targets.size()))
            return true;
    }
    return false;
}

bool CommandConnection::openTarget(const ConnectionSpec& target, bool last)
{
    m_spec = target;
    m_spec.applyTo(m_db);
    // Qt's driver logs in and runs statements of its own inside open(), out of the
    // watchdog's reach: a server that goes silent there ends the command from here.
    // libpq: unset is our default of 10, 0 is "forever", and less than 2 counts as 2.
    const int connectSeconds = m_spec.option(u"connect_timeout"_s).toInt();
    const int connectTimeoutMs =
        (m_spec.option(u"connect_timeout"_s).isEmpty() || connectSeconds <= 0
             ? 10
             : std::max(connectSeconds, 2)) *
        1000;
    const QByteArray stuck =
        (u"horoscope-admin: "_s +
         tr("The server at %1 stopped answering while the connection was being set up (no "
            "reply within %2 s). Check the network path, any pooler or proxy in between, "
            "and the load on the server.")
             .arg(m_spec.displayName(), seconds(connectTimeoutMs + m_spec.silentServerMs))
             .simplified() +
         u'\n')
            .toUtf8();
    m_watchdog->arm(connectTimeoutMs + m_spec.silentServerMs, [stuck] {
        std::fwrite(stuck.constData(), 1, static_cast<size_t>(stuck.size()), stderr);
        std::fflush(stderr);
        std::_Exit(1);
    });
    QElapsedTimer took;
    took.start();
    const bool opened = m_db.open();
    m_watchdog->disarm();
    if (!opened) {
        const QString why = DbError::fromConnect(m_db.lastError(), m_spec, took.elapsed()).message;
        if (last)
            fail(why);
        else
            progress(tr("The standby is unreachable (%1); reading from the primary.").arg(why));
        return false;
    }
    m_watchdog->watch(PgSession::connection(m_db));
    keepStricterServerLimits();
    DbError dbError;
    if (!PgSession::configure(m_db, m_spec, &dbError)) {
        fail(describe(dbError));
        return false;
    }
    return true;
}
