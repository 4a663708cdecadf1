#pragma once

#include <QCoreApplication>

class CommandLine;

// `horoscope-admin horoscopes replace`: find and replace across the texts of a filter (the
// window's Find and Replace, ReplaceStore). Prints every change in its context and a count;
// writes only with --yes (like WP-CLI's search-replace --dry-run, the default here).
class ReplaceCommand final
{
    Q_DECLARE_TR_FUNCTIONS(ReplaceCommand)
public:
    static int run(const CommandLine& commandLine);
};
