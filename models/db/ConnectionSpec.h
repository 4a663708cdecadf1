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

    // The session, set after each connect (PgSession::configure); the command line fills
    // these, the window leaves them to the server.
    QList<Option> sessionSettings; // set_config(name, value), e.g. statement_timeout
    bool quietNotices = false;     // drop the server's NOTICEs instead of printing them
    int silentServerMs = 0;        // > 0: give up on a request unanswered this long
    // Who is at the keyboard: the history records it with every change made through this
    // connection (the role alone cannot tell people apart when the team shares one).
    QString person;

    // Returns false and a message that never contains the password when the text is malformed.
    static bool parse(const QString& text, ConnectionSpec* out, QString* error);

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
