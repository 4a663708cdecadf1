#pragma once

#include <QCoreApplication>

class CommandLine;

// `horoscope-admin views report`: a one-page PDF of the trends for a meeting (TrendReport),
// drawn without a display, from cron: --from --to [--bucket] [--compare previous|year]
// --out FILE.pdf.
class ViewsReportCommand final
{
    Q_DECLARE_TR_FUNCTIONS(ViewsReportCommand)
public:
    static int run(const CommandLine& commandLine);
};
