#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <utility>

class QSqlDatabase;

// Where and how to connect to PostgreSQL, parsed from whatever the bot's team already writes:
// a libpq URI, an SQLAlchemy URL (postgresql+asyncpg://, postgresql+psycopg2://, postgres://)
// or a libpq keyword string. Empty fields are left to libpq, so PG* variables, service= and
// ~/.pgpass keep working.
class ConnectionSpec final
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionSpec)
public:
    using Option = std::pair<QString, QString>;

    QString host;
    QString port;
    QString database;
    QString user;
    QString password;
    QList<Option> options; // other libpq keywords, e.g. sslmode, service, connect_timeout
    // The one schema trusted to hold the bot's tables (PostgreSQL's "secure schema usage
    // pattern"): every session's search_path is pinned to pg_catalog, this schema, pg_temp
    // last, so a schema named like the login role ("$user") or a temporary table never
    // shadows a name. HOROSCOPE_SCHEMA sets it where the bot uses another schema.
    QString schema = defaultSchema();

    // The session, set after each connect (PgSession::configure); the command line fills
    // these, the window leaves them to the server.
    QList<Option> sessionSettings; // set_config(name, value), e.g. statement_timeout
    bool quietNotices = false;     // drop the server's NOTICEs instead of printing them
    int silentServerMs = 0;        // > 0: give up on a request unanswered this long
    // Who is at the keyboard: the history records it with every change made through this
    // connection (the role alone cannot tell people apart when the team shares one).
    QString person;

    // A hot standby for reads (browse, search, trends, coverage, overview, exports): a URL or
    // keyword string like the primary's, from DATABASE_READ_URL or the profile's "Read from"
    // field. What it leaves out (database, user, password for the same user) comes from the
    // primary. Empty: reads go to the primary, unless `host` lists several hosts.
    QString standbyUrl;
    // Write: a connection that must reach the primary; with several hosts it asks libpq for
    // target_session_attrs=primary, so it never lands on a standby. Read: may be a standby.
    enum class Purpose { Write, Read };
    Purpose purpose = Purpose::Write;

    // HOROSCOPE_SCHEMA from the environment, or public.
    static QString defaultSchema();
    // The search_path every session of the app runs with: pg_catalog, the schema, pg_temp.
    static QString searchPath(const QString& schema);
    // The search_path migrations run with: the schema, pg_temp (pg_catalog is searched first
    // all the same, and new objects land in the schema).
    static QString migrationSearchPath(const QString& schema);

    // Returns false and a message that never contains the password when the text is malformed.
    static bool parse(const QString& text, ConnectionSpec* out, QString* error);
    // Sets standbyUrl after checking that it parses; the message never contains a password.
    bool setStandbyUrl(const QString& text, QString* error);

    // A standby is named (standbyUrl) or may be found among several hosts (unless the URL
    // says target_session_attrs=primary or read-write).
    bool hasStandby() const;
    // Where reads connect, in order: the standby, then this primary (when the standby is
    // unreachable); with several hosts and no standbyUrl, all of them with
    // target_session_attrs=prefer-standby (libpq falls back by itself); otherwise this spec.
    QList<ConnectionSpec> readTargets() const;

    QString option(const QString& key) const;
    void setOption(const QString& key, const QString& value);

    // "user@host:port/db", for the status bar and logs. Never contains the password.
    QString displayName() const;
    // The libpq keyword string with the password masked, for logging a connection safely.
    QString toRedactedConnInfo() const;

    // Configures a QPSQL connection. application_name and connect_timeout get defaults.
    void applyTo(QSqlDatabase& db) const;
    // The same settings as libpq keyword/value pairs, for a connection made with libpq itself.
    QList<Option> libpqParameters() const;

    // Hides the password (and any URI userinfo secret) inside free text such as driver errors.
    QString redact(QString text) const;

    bool operator==(const ConnectionSpec&) const = default;
};
