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
    // CsvWithBom: CSV that starts with a UTF-8 byte order mark, so that spreadsheet programs on
    // Windows read Cyrillic right.
    enum class Format { Csv, CsvWithBom, Json };

    static bool write(QSqlDatabase& db, const ConnectionSpec& spec, const HoroscopeFilter& filter,
                      bool revisionsAvailable, Format format, QIODevice* out,
                      const std::function<void(qint64 rows)>& progress,
                      const std::atomic_bool* cancel, qint64* rows, DbError* error);

    static QString csvField(const QString& value);
    static QStringList columns();
};
