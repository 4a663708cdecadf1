#pragma once

#include <QCoreApplication>

class CommandLine;

// `horoscope-admin migrate status|up|down|history`: the same MigrationRunner the window uses,
// printing to stdout and a one-line reason to stderr.
class MigrateCommand final
{
    Q_DECLARE_TR_FUNCTIONS(MigrateCommand)
public:
    static int run(const CommandLine& commandLine);
};
