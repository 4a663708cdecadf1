#include "HoroscopeExporter.h"

#include "ConnectionSpec.h"
#include "HoroscopeQuery.h"
#include "PgQuery.h"

#include <QIODevice>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

QStringList HoroscopeExporter::columns()
{
    return {u"id"_s,      u"zodiac_sign"_s,  u"horoscope_date"_s,
            u"content"_s, u"generated_at"_s, u"corrected"_s};
}

QString HoroscopeExporter::csvField(const QString& value)
{
    if (!value.contains(u',') && !value.contains(u'"') && !value.contains(u'\n') &&
        !value.contains(u'\r'))
        return value;
    QString quoted = value;
    quoted.replace(u'"', u"\"\""_s);
    return u'"' + quoted + u'"';
}

QString HoroscopeExporter::spreadsheetCell(const QString& value)
{
    // What Excel and LibreOffice would run as a formula (OWASP's "CSV injection" list).
    static const QString starters = u"=+-@\t\r"_s;
    if (!value.isEmpty() && starters.contains(value.front()))
        return u'\'' + value;
    return value;
}

bool HoroscopeExporter::write(QSqlDatabase& db, const ConnectionSpec& spec,
                              const HoroscopeFilter& filter, bool revisionsAvailable, Format format,
                              QIODevice* out, const std::function<void(qint64)>& progress,
                              const std::atomic_bool* cancel, qint64* rows, DbError* error)
{
    const HoroscopeQuery::Sql sql = HoroscopeQuery(filter, revisionsAvailable).exportRows();
    // Streams the rows (single-row mode): a million rows never sit in memory at once.
    PgQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql.text);
    HoroscopeQuery::bind(q, sql);
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    *rows = 0;
    auto put = [out, error](const QByteArray& bytes) {
        if (out->write(bytes) == bytes.size())
            return true;
        *error = DbError::make(DbError::Kind::Query,
                               tr("Could not write the export file: %1").arg(out->errorString()));
        return false;
    };
    const bool csv = format != Format::Json;
    // The spreadsheet flavour only: plain CSV is data for programs and stays as stored.
    const auto cell = [format](const QString& value) {
        return csvField(format == Format::CsvWithBom ? spreadsheetCell(value) : value);
    };
    if (format == Format::CsvWithBom && !put("\xEF\xBB\xBF"))
        return false;
    if (csv) {
        if (!put(columns().join(u',').toUtf8() + "\r\n"))
            return false;
    } else if (!put("[")) {
        return false;
    }
    while (q.next()) {
        if (cancel && cancel->load()) {
            *error = DbError::make(DbError::Kind::Cancelled, tr("The export was cancelled."));
            return false;
        }
        QByteArray line;
        if (csv) {
            line = (QString::number(q.value(0).toInt()) + u',' + cell(q.value(1).toString()) +
                    u',' + q.value(2).toDate().toString(Qt::ISODate) + u',' +
                    cell(q.value(3).toString()) + u',' + q.value(4).toString() + u',' +
                    (q.value(5).toBool() ? u"true"_s : u"false"_s) + u"\r\n"_s)
                       .toUtf8();
        } else {
            const QJsonObject object{
                {u"id"_s, q.value(0).toInt()},
                {u"zodiac_sign"_s, q.value(1).toString()},
                {u"horoscope_date"_s, q.value(2).toDate().toString(Qt::ISODate)},
                {u"content"_s, q.value(3).toString()},
                {u"generated_at"_s, q.value(4).toString()},
                {u"corrected"_s, q.value(5).toBool()},
            };
            line = (*rows == 0 ? "\n  " : ",\n  ") +
                   QJsonDocument(object).toJson(QJsonDocument::Compact);
        }
        if (!put(line))
            return false;
        ++*rows;
        if (progress && *rows % 1000 == 0)
            progress(*rows);
    }
    if (q.lastError().isValid()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    if (format == Format::Json && !put(*rows == 0 ? "]\n" : "\n]\n"))
        return false;
    if (progress)
        progress(*rows);
    return true;
}
