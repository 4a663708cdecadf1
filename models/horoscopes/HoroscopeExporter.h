#pragma once

#include "DbError.h"
#include "HoroscopeFilter.h"

#include <QCoreApplication>
#include <atomic>
#include <functional>

class QIODevice;
class QSqlDatabase;
class ConnectionSpec;

// Writes the rows a filter selects, in its order, as CSV (RFC 4180, UTF-8) or JSON. Rows
// stream from the server (single-row mode), so memory stays flat for any table size.
class HoroscopeExporter final
{
    Q_DECLARE_TR_FUNCTIONS(HoroscopeExporter)
public:
    // CsvWithBom: CSV for spreadsheets: it starts with a UTF-8 byte order mark, so that
    // spreadsheet programs on Windows read Cyrillic right, and texts that would run as formulas
    // are neutralised.
    enum class Format { Csv, CsvWithBom, Json };

    static bool write(QSqlDatabase& db, const ConnectionSpec& spec, const HoroscopeFilter& filter,
                      bool revisionsAvailable, Format format, QIODevice* out,
                      const std::function<void(qint64 rows)>& progress,
                      const std::atomic_bool* cancel, qint64* rows, DbError* error);

    static QString csvField(const QString& value);
    // A text a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first),
    // with a ' before it so it shows as text.
    static QString spreadsheetCell(const QString& value);
    static QStringList columns();
};
