#pragma once

#include "ConnectionSpec.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <memory>

class DemoDatabase;

// The database a subcommand works on: the demo, a URL (--database-url or $DATABASE_URL), or
// libpq's own defaults. Closes the connection and stops a demo server it started when it goes
// away.
class CommandConnection final
{
    Q_DECLARE_TR_FUNCTIONS(CommandConnection)
public:
    CommandConnection(bool demo, QString databaseUrl);
    ~CommandConnection();

    bool open(); // on failure prints the one-line reason
    QSqlDatabase& database() { return m_db; }
    const ConnectionSpec& spec() const { return m_spec; }

    // Prints "horoscope-admin: <reason>" on one line to stderr; returns the exit code 1.
    static int fail(const QString& message);

private:
    bool m_useDemo;
    QString m_url;
    ConnectionSpec m_spec;
    std::unique_ptr<DemoDatabase> m_demo;
    QSqlDatabase m_db;
};
