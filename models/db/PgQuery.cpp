#include "PgQuery.h"

#include "PgSession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <cmath>
#include <vector>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

namespace {

// The statement a connection streams rows from now, kept on the driver: a query whose rows
// were dropped by a later statement must not read that statement's rows as its own.
constexpr const char* kStatementProperty = "haPgStatement";

// Type OIDs from PostgreSQL's catalog/pg_type.h.
enum Oid : unsigned {
    BoolOid = 16,
    ByteaOid = 17,
    Int8Oid = 20,
    Int2Oid = 21,
    Int4Oid = 23,
    Float4Oid = 700,
    Float8Oid = 701,
    DateOid = 1082,
    TimeOid = 1083,
    TimestampOid = 1114,
    TimestamptzOid = 1184,
    TimetzOid = 1266,
    NumericOid = 1700,
};

QMetaType typeOf(unsigned oid)
{
    switch (oid) {
    case BoolOid:
        return QMetaType(QMetaType::Bool);
    case Int8Oid:
        return QMetaType(QMetaType::LongLong);
    case Int2Oid:
    case Int4Oid:
        return QMetaType(QMetaType::Int);
    case NumericOid:
    case Float4Oid:
    case Float8Oid:
        return QMetaType(QMetaType::Double);
    case DateOid:
        return QMetaType(QMetaType::QDate);
    case TimeOid:
    case TimetzOid:
        return QMetaType(QMetaType::QTime);
    case TimestampOid:
    case TimestamptzOid:
        return QMetaType(QMetaType::QDateTime);
    case ByteaOid:
        return QMetaType(QMetaType::QByteArray);
    default: // text, varchar, name, oid (as Qt 6.4's QPSQL), xid (an int would overflow), …
        return QMetaType(QMetaType::QString);
    }
}

QVariant decode(unsigned oid, const char* text, int length)
{
    const QMetaType type = typeOf(oid);
    const QByteArray raw = QByteArray::fromRawData(text, length);
    switch (type.id()) {
    case QMetaType::Bool:
        return text[0] == 't';
    case QMetaType::LongLong:
        return raw.toLongLong();
    case QMetaType::Int:
        return raw.toInt();
    case QMetaType::Double: {
        bool ok = false;
        const double d = raw.toDouble(&ok);
        if (ok)
            return d;
        if (qstricmp(text, "NaN") == 0)
            return qQNaN();
        if (qstricmp(text, "Infinity") == 0)
            return qInf();
        if (qstricmp(text, "-Infinity") == 0)
            return -qInf();
        return QVariant();
    }
    case QMetaType::QDate:
        return QDate::fromString(QString::fromLatin1(raw), Qt::ISODate);
    case QMetaType::QTime:
        return QTime::fromString(QString::fromLatin1(raw), Qt::ISODate);
    case QMetaType::QDateTime: {
        // As QPSQL reads it: with the zone the server wrote, or UTC when it wrote none.
        const QString s = QString::fromLatin1(raw);
        const QStringView time = QStringView(s).mid(11);
        if (time.contains(u'-') || time.contains(u'+') || time.endsWith(u'Z'))
            return QDateTime::fromString(s, Qt::ISODate);
        return QDateTime::fromString(s + u'Z', Qt::ISODate);
    }
    case QMetaType::QByteArray: {
        size_t size = 0;
        unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
        QByteArray out(reinterpret_cast<const char*>(bytes), static_cast<qsizetype>(size));
        PQfreemem(bytes);
        return out;
    }
    default:
        return QString::fromUtf8(raw);
    }
}

// As QSqlResult decides it: a null variant, or a null string, date or byte array.
bool isNullValue(const QVariant& v)
{
    if (v.isNull())
        return true;
    switch (v.metaType().id()) {
    case QMetaType::QString:
        return v.toString().isNull();
    case QMetaType::QByteArray:
        return v.toByteArray().isNull();
    case QMetaType::QDate:
        return v.toDate().isNull();
    case QMetaType::QDateTime:
        return v.toDateTime().isNull();
    default:
        return false;
    }
}

// The text form PostgreSQL reads for a parameter of the type it infers from the statement.
QByteArray encode(const QVariant& v)
{
    switch (v.metaType().id()) {
    case QMetaType::Bool:
        return v.toBool() ? "true" : "false";
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = v.toDouble();
        if (std::isnan(d))
            return "NaN";
        if (std::isinf(d))
            return d > 0 ? "Infinity" : "-Infinity";
        return QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QMetaType::QDate:
        return v.toDate().toString(Qt::ISODate).toLatin1();
    case QMetaType::QTime:
        return v.toTime().toString(Qt::ISODateWithMs).toLatin1();
    case QMetaType::QDateTime: {
        QDateTime t = v.toDateTime();
        if (t.timeSpec() == Qt::LocalTime) // ISO text would leave the zone to the server
            t = t.toOffsetFromUtc(t.offsetFromUtc());
        return t.toString(Qt::ISODateWithMs).toLatin1();
    }
    case QMetaType::QByteArray:
        return v.toByteArray();
    default:
        return v.toString().toUtf8();
    }
}

void discardResults(PGconn* conn)
{
    while (PGresult* r = PQgetResult(conn))
        PQclear(r);
}

} // namespace

PgQuery::PgQuery(const QSqlDatabase& db)
    : m_driver(db.driver())
    , m_conn(PgSession::connection(db))
{}

PgQuery::~PgQuery()
{
    finish();
}

QString PgQuery::numberPlaceholders(const QString& sql)
{
    QString out;
    out.reserve(sql.size() + 16);
    int n = 0;
    const qsizetype size = sql.size();
    for (qsizetype i = 0; i < size; ++i) {
        const QChar c = sql.at(i);
        const auto copyUntil = [&](const QString& end) {
            const qsizetype stop = sql.indexOf(end, i + 1);
            const qsizetype last = stop < 0 ? size : stop + end.size();
            out += QStringView(sql).mid(i, last - i);
            i = last - 1;
        };
        if (c == u'\'') {
            copyUntil(u"'"_s); // '' inside a string is two strings in a row: still copied
        } else if (c == u'"') {
            copyUntil(u"\""_s);
        } else if (c == u'-' && i + 1 < size && sql.at(i + 1) == u'-') {
            copyUntil(u"\n"_s);
        } else if (c == u'/' && i + 1 < size && sql.at(i + 1) == u'*') {
            copyUntil(u"*/"_s);
        } else if (c == u'$' &&
                   (i == 0 || !(sql.at(i - 1).isLetterOrNumber() || sql.at(i - 1) == u'_'))) {
            // A dollar quote $tag$ … $tag$ (a $1 placeholder is not one).
            qsizetype j = i + 1;
            while (j < size && (sql.at(j).isLetter() || sql.at(j) == u'_'))
                ++j;
            if (j < size && sql.at(j) == u'$') {
                const QString tag = sql.mid(i, j - i + 1);
                const qsizetype stop = sql.indexOf(tag, j + 1);
                const qsizetype last = stop < 0 ? size : stop + tag.size();
                out += QStringView(sql).mid(i, last - i);
                i = last - 1;
            } else {
                out += c;
            }
        } else if (c == u'?') {
            out += u'$' + QString::number(++n);
        } else {
            out += c;
        }
    }
    return out;
}

bool PgQuery::prepare(const QString& sql)
{
    finish();
    m_sql = numberPlaceholders(sql);
    m_values.clear();
    m_bindIndex = 0;
    m_error = QSqlError();
    return true;
}

void PgQuery::addBindValue(const QVariant& value)
{
    bindValue(m_bindIndex++, value);
}

void PgQuery::bindValue(int position, const QVariant& value)
{
    if (position < 0)
        return;
    if (m_values.size() <= position)
        m_values.resize(position + 1);
    m_values[position] = value;
}

bool PgQuery::exec()
{
    m_bindIndex = 0;
    return run(m_sql, m_values);
}

bool PgQuery::exec(const QString& sql)
{
    m_sql = sql;
    m_values.clear();
    m_bindIndex = 0;
    return run(m_sql, m_values);
}

bool PgQuery::owns() const
{
    return m_driver && m_driver->property(kStatementProperty).toULongLong() == m_statementId;
}

void PgQuery::finish()
{
    if (m_streaming && m_conn && owns()) {
        // Nothing else may run on the connection before the rest is read (or cancelled).
        bool ok = true;
        while (PGresult* r = PQgetResult(m_conn)) {
            const ExecStatusType status = PQresultStatus(r);
            ok = ok && (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK);
            PQclear(r);
        }
        end(ok);
    }
    m_streaming = false;
    m_wrapped = false;
    if (m_result)
        PQclear(m_result);
    m_result = nullptr;
    m_active = false;
    m_row = -1;
    m_rows = 0;
    m_columns = 0;
    m_rowsAffected = -1;
}

void PgQuery::setError(PGresult* result, const char* fallbackState)
{
    // As QPSQL words it, so DbError and logs read the same: libpq's message and the SQLSTATE.
    QString state =
        result ? QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)) : QString();
    QString message = result && *PQresultErrorMessage(result)
                          ? QString::fromUtf8(PQresultErrorMessage(result))
                          : QString::fromUtf8(m_conn ? PQerrorMessage(m_conn) : "");
    // A connection that died has no SQLSTATE from the server: say so in the code, not only
    // in libpq's words.
    if (state.isEmpty() && m_conn && PQstatus(m_conn) == CONNECTION_BAD)
        state = u"08006"_s;
    else if (state.isEmpty() && fallbackState)
        state = QString::fromLatin1(fallbackState);
    if (message.isEmpty())
        message = QCoreApplication::translate("PgQuery", "no connection to the server");
    m_error = QSqlError(u"PgQuery: "_s +
                            QCoreApplication::translate("PgQuery", "Unable to run the statement"),
                        message + u'(' + state + u')', QSqlError::StatementError, state);
}

bool PgQuery::begin()
{
    const QByteArray settings =
        m_driver ? m_driver->property(PgSession::kTransactionSettings).toByteArray() : QByteArray();
    if (settings.isEmpty() || PQtransactionStatus(m_conn) != PQTRANS_IDLE)
        return true;
    PGresult* r = PQexec(m_conn, "BEGIN; " + settings);
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        setError(r);
    PQclear(r);
    if (!ok) {
        if (PQtransactionStatus(m_conn) != PQTRANS_IDLE)
            PQclear(PQexec(m_conn, "ROLLBACK"));
        return false;
    }
    m_wrapped = true;
    return true;
}

bool PgQuery::end(bool ok)
{
    if (!m_wrapped)
        return ok;
    m_wrapped = false;
    PGresult* r = PQexec(m_conn, ok ? "COMMIT" : "ROLLBACK");
    if (ok && PQresultStatus(r) != PGRES_COMMAND_OK) {
        setError(r);
        ok = false;
    }
    PQclear(r);
    return ok;
}

// Takes the first result of a statement; false (and lastError) when it failed.
bool PgQuery::takeResult(PGresult* result)
{
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    switch (status) {
    case PGRES_SINGLE_TUPLE:
    case PGRES_TUPLES_OK:
    case PGRES_COMMAND_OK: {
        m_result = result;
        m_active = true;
        m_columns = PQnfields(result);
        m_rows = PQntuples(result);
        const char* tuples = PQcmdTuples(result);
        m_rowsAffected = *tuples ? QByteArray(tuples).toInt() : (m_columns > 0 ? m_rows : 0);
        return true;
    }
    default:
        setError(result);
        if (result)
            PQclear(result);
        return false;
    }
}

bool PgQuery::run(const QString& sql, const QList<QVariant>& values)
{
    finish();
    m_error = QSqlError();
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
        setError(nullptr, "08003");
        return false;
    }
    // Rows another statement left unread would be taken for this one's (QPSQL does the same).
    discardResults(m_conn);
    if (!begin())
        return false;

    std::vector<QByteArray> texts;
    texts.reserve(static_cast<size_t>(values.size()));
    std::vector<const char*> params;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const QVariant& v : values) {
        const bool null = isNullValue(v);
        texts.push_back(null ? QByteArray() : encode(v));
        params.push_back(null ? nullptr : texts.back().constData());
        lengths.push_back(static_cast<int>(texts.back().size()));
        // Bytes go as they are (binary); everything else as text the server parses.
        formats.push_back(!null && v.metaType().id() == QMetaType::QByteArray ? 1 : 0);
    }
    const QByteArray text = sql.toUtf8();
    const int count = static_cast<int>(params.size());

    const quint64 id = m_driver ? m_driver->property(kStatementProperty).toULongLong() + 1 : 1;
    if (m_driver)
        m_driver->setProperty(kStatementProperty, id);
    m_statementId = id;

    if (!m_forwardOnly) {
        PGresult* r = PQexecParams(m_conn, text.constData(), count, nullptr, params.data(),
                                   lengths.data(), formats.data(), 0);
        const bool ok = takeResult(r);
        const QSqlError statementError = m_error;
        if (!end(ok)) {
            if (ok) { // the COMMIT failed: the statement's rows never happened
                PQclear(m_result);
                m_result = nullptr;
                m_active = false;
            } else {
                m_error = statementError;
            }
            return false;
        }
        return true;
    }

    if (!PQsendQueryParams(m_conn, text.constData(), count, nullptr, params.data(), lengths.data(),
                           formats.data(), 0)) {
        setError(nullptr, "08006");
        end(false);
        return false;
    }
    PQsetSingleRowMode(m_conn);
    PGresult* first = PQgetResult(m_conn);
    const bool ok = takeResult(first);
    if (ok && PQresultStatus(first) == PGRES_SINGLE_TUPLE) {
        m_streaming = true;
        m_rows = 1;
        return true;
    }
    discardResults(m_conn);
    const QSqlError statementError = m_error;
    if (!end(ok)) {
        if (!ok)
            m_error = statementError;
        return false;
    }
    return ok;
}

bool PgQuery::next()
{
    if (!m_active || !m_result)
        return false;
    if (!m_forwardOnly) {
        if (m_row + 1 >= m_rows) {
            m_row = m_rows;
            return false;
        }
        ++m_row;
        return true;
    }
    if (m_row < 0) { // the first row came with exec()
        if (PQntuples(m_result) == 0)
            return false;
        m_row = 0;
        return true;
    }
    if (!m_streaming)
        return false;
    if (!owns()) {
        m_streaming = false;
        m_error = QSqlError(
            u"PgQuery: "_s + QCoreApplication::translate("PgQuery", "Unable to get result"),
            QCoreApplication::translate("PgQuery", "The rows were dropped by a later statement."),
            QSqlError::StatementError);
        return false;
    }
    PQclear(m_result);
    m_result = PQgetResult(m_conn);
    const ExecStatusType status = m_result ? PQresultStatus(m_result) : PGRES_TUPLES_OK;
    if (status == PGRES_SINGLE_TUPLE)
        return true;
    m_streaming = false;
    const bool ok = status == PGRES_TUPLES_OK;
    if (!ok) {
        setError(m_result);
        PQclear(m_result);
        m_result = nullptr;
        m_active = false;
    }
    discardResults(m_conn);
    const QSqlError statementError = m_error;
    if (!end(ok) && !ok)
        m_error = statementError;
    return false;
}

QVariant PgQuery::value(int column) const
{
    if (!m_result || column < 0 || column >= m_columns)
        return QVariant();
    const int row = m_forwardOnly ? 0 : m_row;
    if (row < 0 || row >= PQntuples(m_result))
        return QVariant();
    const unsigned oid = PQftype(m_result, column);
    if (PQgetisnull(m_result, row, column))
        return QVariant(typeOf(oid), nullptr);
    return decode(oid, PQgetvalue(m_result, row, column), PQgetlength(m_result, row, column));
}

bool PgQuery::isNull(int column) const
{
    if (!m_result || column < 0 || column >= m_columns)
        return true;
    const int row = m_forwardOnly ? 0 : m_row;
    if (row < 0 || row >= PQntuples(m_result))
        return true;
    return PQgetisnull(m_result, row, column);
}

int PgQuery::size() const
{
    return m_forwardOnly || !m_active || m_columns == 0 ? -1 : m_rows;
}
