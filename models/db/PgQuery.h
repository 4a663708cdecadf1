#pragma once

#include <QList>
#include <QPointer>
#include <QSqlError>
#include <QString>
#include <QVariant>

class QSqlDatabase;
class QSqlDriver;
struct pg_conn;
struct pg_result;

// A statement with bound values, run with libpq's PQexecParams (or PQsendQueryParams) on the
// connection of a QSqlDatabase: the unnamed statement, parsed, bound and run in one round
// trip. QSqlQuery::prepare sends a named PREPARE and a later EXECUTE, which a transaction
// pooler (PgBouncer in pool_mode = transaction) may hand to two different server sessions.
// The API follows QSqlQuery; '?' placeholders become $1, $2, … and values stay bound.
//
// Values come back as Qt 6.4's QPSQL gives them: int2/int4 -> int, int8 -> qlonglong, bool,
// float4/float8/numeric -> double, date -> QDate, time -> QTime, timestamp(tz) -> QDateTime,
// bytea -> QByteArray, anything else (text, oid, xid, arrays, …) -> QString; a NULL is a
// null QVariant of that type. (QPSQL reads xid into an int, which overflows; here it is text.)
//
// A forward-only query streams its rows (libpq's single-row mode): read them to the end, or
// call finish(), before the connection runs another statement.
class PgQuery final
{
public:
    explicit PgQuery(const QSqlDatabase& db);
    ~PgQuery();
    PgQuery(const PgQuery&) = delete;
    PgQuery& operator=(const PgQuery&) = delete;

    void setForwardOnly(bool forward) { m_forwardOnly = forward; }
    bool isForwardOnly() const { return m_forwardOnly; }

    // Keeps the text for exec(); always true (the server checks it when it runs).
    bool prepare(const QString& sql);
    // After exec() the next addBindValue() starts again at the first placeholder.
    void addBindValue(const QVariant& value);
    void bindValue(int position, const QVariant& value);
    bool exec();
    bool exec(const QString& sql); // one statement, no placeholders

    bool next();
    bool isActive() const { return m_active; }
    bool isSelect() const { return m_columns > 0; }
    QVariant value(int column) const;
    bool isNull(int column) const;
    int size() const; // rows of a buffered result; -1 when forward-only or not a query
    int numRowsAffected() const { return m_rowsAffected; }
    const QSqlError& lastError() const { return m_error; }
    void finish(); // drops the rows not read yet

    // '?' placeholders outside quotes and comments become $1, $2, …; exposed for the tests.
    static QString numberPlaceholders(const QString& sql);

private:
    bool run(const QString& sql, const QList<QVariant>& values);
    bool begin();
    bool end(bool ok);
    void setError(pg_result* result, const char* fallbackState = nullptr);
    bool takeResult(pg_result* result);
    bool owns() const;

    QPointer<QSqlDriver> m_driver;
    pg_conn* m_conn = nullptr;
    QString m_sql;
    QList<QVariant> m_values;
    int m_bindIndex = 0;
    bool m_forwardOnly = false;
    bool m_active = false;
    bool m_streaming = false;  // single-row mode: more rows may come
    bool m_wrapped = false;    // this query opened a transaction for the session settings
    quint64 m_statementId = 0; // the connection's statement this query streams from
    pg_result* m_result = nullptr;
    int m_row = -1;
    int m_rows = 0;
    int m_columns = 0;
    int m_rowsAffected = -1;
    QSqlError m_error;
};
