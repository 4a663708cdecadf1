#pragma once

#include <QCoreApplication>

class CommandLine;

// `horoscope-admin horoscopes list`: the browser's rows for a filter, in its order, from the
// same query code (HoroscopeQuery, HoroscopePager), as CSV or JSON on standard output.
class HoroscopesCommand final
{
    Q_DECLARE_TR_FUNCTIONS(HoroscopesCommand)
public:
    static constexpr int defaultLimit = 100;
    static constexpr int maxLimit = 10'000'000;

    static int run(const CommandLine& commandLine);
};
