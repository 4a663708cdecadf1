#pragma once

#include <QCoreApplication>

class CommandLine;

// `horoscope-admin views summary`: the Overview's numbers for scripts and alerts, read by the
// same query (SignSummary): per sign the views of the last N complete days, of the N before,
// the change, the latest horoscope and whether today's and tomorrow's exist.
class ViewsSummaryCommand final
{
    Q_DECLARE_TR_FUNCTIONS(ViewsSummaryCommand)
public:
    static int run(const CommandLine& commandLine);
};
