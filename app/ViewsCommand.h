#pragma once

#include <QCoreApplication>

class CommandLine;

// `horoscope-admin views export`: the aggregated, zero-filled numbers the trends chart shows,
// for scripts and reports.
class ViewsCommand final
{
    Q_DECLARE_TR_FUNCTIONS(ViewsCommand)
public:
    static int run(const CommandLine& commandLine);
};
