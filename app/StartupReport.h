#pragma once

class MainWindow;

// With HA_REPORT_STARTUP=1 in the environment, one line on stderr per start-up milestone, for
// tests/benchmarks/bench_startup ("startup <milestone> <ms since main()>"):
//   window-painted    the main window's first paint
//   rows-painted      the list painted with its first page of rows
//   horoscope-opened  the editor showed its first horoscope
//   spelling-ready    the editor's spell check has its dictionaries
// Without the variable it does nothing.
namespace StartupReport {
void begin(); // first thing in main()
void watch(MainWindow* window);
} // namespace StartupReport
