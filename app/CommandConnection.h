#pragma once

#include "ConnectionSpec.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <memory>

class CommandLine;
class DemoDatabase;

// The database a subcommand works on: --demo, --database-url or $DATABASE_URL, or libpq's own
// defaults. Closes the connection and stops a demo server it started when it goes away.
class CommandConnection final
{
    Q_DECLARE_TR_FUNCTIONS(CommandConnection)
public:
    explicit CommandConnection(const CommandLine& cli);
    ~CommandConnection();

    bool open(); // on failure prints the one-line reason
    QSqlDatabase& database() { return m_db; }
    const ConnectionSpec& spec() const { return m_spec; }

    // Prints "horoscope-admin: <reason>" on one line to stderr; returns the exit code 1.
    static int fail(const QString& message);

private:
    const CommandLine& m_cli;
    ConnectionSpec m_spec;
    std::unique_ptr<DemoDatabase> m_demo;
    QSqlDatabase m_db;
};
