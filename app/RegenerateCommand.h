#pragma once

#include <QCoreApplication>

class CommandLine;
class Settings;

// `horoscope-admin regenerate`: the same reviewed regeneration as the window. Without --yes
// it prints the new texts and writes nothing; with --yes it writes them, each only if the row
// is still as it was read.
class RegenerateCommand final
{
    Q_DECLARE_TR_FUNCTIONS(RegenerateCommand)
public:
    static int run(const CommandLine& commandLine, const Settings& settings);
};
