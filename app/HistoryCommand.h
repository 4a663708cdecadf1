#pragma once

#include <QCoreApplication>

class CommandLine;

// `horoscope-admin history list`: the activity log (every change to every horoscope, newest
// first) from the same code as the Activity page (ActivityLog), as text, CSV or JSON; and
// `history restore`, the page's Restore.
class HistoryCommand final
{
    Q_DECLARE_TR_FUNCTIONS(HistoryCommand)
public:
    static constexpr int defaultLimit = 100;
    static constexpr int maxLimit = 10'000'000;

    static int run(const CommandLine& commandLine);
    // `history restore --id N [--yes]`: what restoring that deletion would do; with --yes it
    // puts the text back, or, when the day has a new text, prints both and writes nothing.
    static int restore(const CommandLine& commandLine);
};
