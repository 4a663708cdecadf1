#pragma once

#include <QCoreApplication>

class CommandLine;

// `horoscope-admin views export`: the aggregated, zero-filled numbers the trends chart shows,
// for scripts and reports; `views chart`: the same chart as a picture, for scheduled reports.
class ViewsCommand final
{
    Q_DECLARE_TR_FUNCTIONS(ViewsCommand)
public:
    static constexpr int minChartSide = 200;  // views chart --size, pixels
    static constexpr int maxChartSide = 4000; // a 4000 x 4000 picture: 64 MB of pixels

    static int run(const CommandLine& commandLine);
    // `views chart`: the trends chart as a PNG, drawn offscreen by the window's TrendChart.
    static int chart(const CommandLine& commandLine);
};
