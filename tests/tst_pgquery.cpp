// PgQuery (issue 15): statements with bound values through PQexecParams, read back as QPSQL
// reads them, so converting a QSqlQuery::prepare call changes nothing but the protocol.
#include "DbError.h"
#include "PgQuery.h"
#include "PgSession.h"
#include "TestCluster.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

class TestPgQuery : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void valuesReadAsQpsqlReadsThem_data();
    void valuesReadAsQpsqlReadsThem();
    void xidIsTextAndDoesNotOverflow();
    void boundValuesStayValues_data();
    void boundValuesStayValues();
    void nullsAndEmptyStrings();
    void placeholdersOutsideQuotesAndComments();
    void rebindingAfterExec();
    void errorsCarryTheSqlState();
    void emptyResults();
    void rowsAffected();
    void singleRowModeStreams();
    void anErrorInTheMiddleOfAStream();
    void aLostConnectionIsClassifiedAsLost();
    void sessionSettingsPerTransaction();

private:
    ConnectionSpec m_spec;
    QSqlDatabase m_db;
};

void TestPgQuery::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = TestCluster::instance().freshDatabase(u"pgquery"_s);
    QCOMPARE(TestCluster::execute(m_spec, u"CREATE TABLE t (id int PRIMARY KEY, s text)"_s),
             QString());
}

void TestPgQuery::init()
{
    m_db = TestCluster::open(m_spec);
    QVERIFY(m_db.isOpen());
}

void TestPgQuery::cleanup()
{
    TestCluster::close(m_db);
}

void TestPgQuery::valuesReadAsQpsqlReadsThem_data()
{
    QTest::addColumn<QString>("expression");
    for (const char* e : {"1::int2",
                          "(-32768)::int2",
                          "2147483647::int4",
                          "-5::int4",
                          "9007199254740993::int8",
                          "-9007199254740993::int8",
                          "true",
                          "false",
                          "'Гороскоп'::text",
                          "'x'::varchar(20)",
                          "'abc'::name",
                          "'2024-02-29'::date",
                          "'2026-05-10 12:34:56.789+03'::timestamptz",
                          "'2026-05-10 12:34:56'::timestamp",
                          "'12:34:56'::time",
                          "12.5::numeric",
                          "1e300::float8",
                          "0.25::float4",
                          "'NaN'::float8",
                          "'Infinity'::float8",
                          "42::oid",
                          "'\\x00ff10'::bytea",
                          "ARRAY[1,2]",
                          "'{\"a\": 1}'::jsonb",
                          "interval '1 day'",
                          "NULL::int4",
                          "NULL::int8",
                          "NULL::text",
                          "NULL::date",
                          "NULL::timestamptz",
                          "NULL::bool",
                          "NULL::numeric",
                          "NULL::bytea"})
        QTest::newRow(e) << QString::fromUtf8(e);
}

void TestPgQuery::valuesReadAsQpsqlReadsThem()
{
    QFETCH(QString, expression);
    QSqlQuery qt(m_db);
    QVERIFY_SQL(qt, exec(u"SELECT "_s + expression));
    QVERIFY(qt.next());
    const QVariant expected = qt.value(0);
    const bool expectedNull = qt.isNull(0);
    qt.finish();
    for (const bool forwardOnly : {false, true}) {
        PgQuery q(m_db);
        q.setForwardOnly(forwardOnly);
        QVERIFY_SQL(q, exec(u"SELECT "_s + expression));
        QVERIFY(q.next());
        const QVariant actual = q.value(0);
        QCOMPARE(q.isNull(0), expectedNull);
        QCOMPARE(actual.isNull(), expected.isNull());
        if (expected.metaType().id() == QMetaType::ULongLong) // QPSQL: an int8 >= 0
            QCOMPARE(actual.toLongLong(), expected.toLongLong());
        else
            QVERIFY2(actual.metaType() == expected.metaType(),
                     qPrintable(u"%1 instead of %2"_s.arg(
                         QString::fromLatin1(actual.metaType().name()),
                         QString::fromLatin1(expected.metaType().name()))));
        if (expected.metaType().id() == QMetaType::Double && qIsNaN(expected.toDouble()))
            QVERIFY(qIsNaN(actual.toDouble()));
        else if (expected.metaType().id() == QMetaType::QDateTime)
            QCOMPARE(actual.toDateTime(), expected.toDateTime());
        else
            QCOMPARE(actual, expected);
        QVERIFY(!q.next());
    }
}

void TestPgQuery::xidIsTextAndDoesNotOverflow()
{
    PgQuery q(m_db);
    QVERIFY_SQL(q, exec(u"SELECT '4000000000'::xid"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0), QVariant(u"4000000000"_s));
}

void TestPgQuery::boundValuesStayValues_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("type");
    QTest::newRow("quotes") << QVariant(u"it's \"quoted\"; DROP TABLE t; --"_s) << u"text"_s;
    QTest::newRow("backslashes") << QVariant(u"C:\\path\\ \\' \\\\"_s) << u"text"_s;
    QTest::newRow("cyrillic+emoji")
        << QVariant(u"Скорпион 🦂 «сегодня»"_s) << u"text"_s;
    QTest::newRow("question mark") << QVariant(u"why? $1 ?"_s) << u"text"_s;
    QTest::newRow("int") << QVariant(-17) << u"int4"_s;
    QTest::newRow("int8") << QVariant(qint64(1) << 40) << u"int8"_s;
    QTest::newRow("bool") << QVariant(true) << u"bool"_s;
    QTest::newRow("double") << QVariant(0.1) << u"float8"_s;
    QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << u"date"_s;
    QTest::newRow("datetime") << QVariant(QDateTime(QDate(2026, 5, 10), QTime(1, 2, 3, 456),
                                                    Qt::OffsetFromUTC, 3 * 3600))
                              << u"timestamptz"_s;
    QTest::newRow("bytes") << QVariant(QByteArray("\x00\x01'\\\xff", 5)) << u"bytea"_s;
}

void TestPgQuery::boundValuesStayValues()
{
    QFETCH(QVariant, value);
    QFETCH(QString, type);
    PgQuery q(m_db);
    QVERIFY(q.prepare(u"SELECT ?::%1, ?::%1 IS NOT NULL, '?'"_s.arg(type)));
    q.addBindValue(value);
    q.addBindValue(value);
    QVERIFY_SQL(q, exec());
    QVERIFY(q.next());
    if (value.metaType().id() == QMetaType::QDateTime)
        QCOMPARE(q.value(0).toDateTime(), value.toDateTime());
    else
        QCOMPARE(q.value(0).toString(), value.toString());
    QCOMPARE(q.value(0).toByteArray(), value.toByteArray());
    QCOMPARE(q.value(1), QVariant(true));
    QCOMPARE(q.value(2), QVariant(u"?"_s));
}

void TestPgQuery::nullsAndEmptyStrings()
{
    PgQuery q(m_db);
    q.prepare(
        u"SELECT ?::text IS NULL, ?::text IS NULL, ?::text = '', ?::int IS NULL, ?::date IS NULL"_s);
    q.addBindValue(QVariant());
    q.addBindValue(QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(u""_s);
    q.addBindValue(QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(QDate());
    QVERIFY_SQL(q, exec());
    QVERIFY(q.next());
    for (int i = 0; i < 5; ++i)
        QVERIFY2(q.value(i).toBool(), qPrintable(QString::number(i)));
}

void TestPgQuery::placeholdersOutsideQuotesAndComments()
{
    QCOMPARE(PgQuery::numberPlaceholders(
                 u"SELECT '?''?', \"?\", ? -- ?\n, /* ? */ $$?$$, $x$ ? $x$, ?, $1"_s),
             u"SELECT '?''?', \"?\", $1 -- ?\n, /* ? */ $$?$$, $x$ ? $x$, $2, $1"_s);
}

void TestPgQuery::rebindingAfterExec()
{
    PgQuery q(m_db);
    q.prepare(u"SELECT ?::int * 2"_s);
    for (int i = 1; i <= 3; ++i) {
        q.addBindValue(i);
        QVERIFY_SQL(q, exec());
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), i * 2);
    }
    q.bindValue(0, 21);
    QVERIFY_SQL(q, exec());
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 42);
}

void TestPgQuery::errorsCarryTheSqlState()
{
    PgQuery q(m_db);
    QVERIFY(!q.exec(u"SELECT * FROM no_such_table"_s));
    QCOMPARE(q.lastError().nativeErrorCode(), u"42P01"_s);
    QVERIFY(q.lastError().databaseText().contains(u"no_such_table"));
    QCOMPARE(DbError::fromQuery(q.lastError(), m_spec).kind, DbError::Kind::Query);

    q.prepare(u"INSERT INTO t VALUES (?, ?)"_s);
    q.addBindValue(1);
    q.addBindValue(u"one"_s);
    QVERIFY_SQL(q, exec());
    q.addBindValue(1);
    q.addBindValue(u"again"_s);
    QVERIFY(!q.exec());
    QCOMPARE(q.lastError().nativeErrorCode(), u"23505"_s);

    QVERIFY_SQL(q, exec(u"SET statement_timeout = 50"_s));
    QVERIFY(!q.exec(u"SELECT pg_sleep(2)"_s));
    QCOMPARE(q.lastError().nativeErrorCode(), u"57014"_s);
    QCOMPARE(DbError::fromQuery(q.lastError(), m_spec).kind, DbError::Kind::Timeout);
    QVERIFY_SQL(q, exec(u"RESET statement_timeout"_s));
    QVERIFY_SQL(q, exec(u"DELETE FROM t"_s));
}

void TestPgQuery::emptyResults()
{
    for (const bool forwardOnly : {false, true}) {
        PgQuery q(m_db);
        q.setForwardOnly(forwardOnly);
        QVERIFY_SQL(q, exec(u"SELECT 1 WHERE false"_s));
        QVERIFY(q.isActive());
        QVERIFY(q.isSelect());
        QVERIFY(!q.next());
        QVERIFY(!q.value(0).isValid());
        QVERIFY(!q.lastError().isValid());
    }
}

void TestPgQuery::rowsAffected()
{
    PgQuery q(m_db);
    QVERIFY_SQL(q, exec(u"INSERT INTO t SELECT g, 'r' || g FROM generate_series(1, 5) g"_s));
    QCOMPARE(q.numRowsAffected(), 5);
    q.prepare(u"UPDATE t SET s = ? WHERE id > ?"_s);
    q.addBindValue(u"x"_s);
    q.addBindValue(2);
    QVERIFY_SQL(q, exec());
    QCOMPARE(q.numRowsAffected(), 3);
    QVERIFY(!q.isSelect());
    QVERIFY_SQL(q, exec(u"DELETE FROM t"_s));
    QCOMPARE(q.numRowsAffected(), 5);
}

void TestPgQuery::singleRowModeStreams()
{
    PgQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT g, repeat('x', 100) FROM generate_series(1, ?) g"_s);
    q.addBindValue(200'000);
    QVERIFY_SQL(q, exec());
    QCOMPARE(q.size(), -1);
    qint64 sum = 0;
    int rows = 0;
    while (q.next()) {
        sum += q.value(0).toLongLong();
        ++rows;
    }
    QVERIFY(!q.lastError().isValid());
    QCOMPARE(rows, 200'000);
    QCOMPARE(sum, 200'000LL * 200'001 / 2);

    // Left half read, the connection still serves the next statement.
    QVERIFY_SQL(q, exec());
    QVERIFY(q.next());
    q.finish();
    PgQuery other(m_db);
    QVERIFY_SQL(other, exec(u"SELECT 7"_s));
    QVERIFY(other.next());
    QCOMPARE(other.value(0).toInt(), 7);
}

void TestPgQuery::anErrorInTheMiddleOfAStream()
{
    PgQuery q(m_db);
    q.setForwardOnly(true);
    QVERIFY_SQL(q, exec(u"SELECT 1 / (500 - g) FROM generate_series(1, 100000) g"_s));
    int rows = 0;
    while (q.next())
        ++rows;
    QVERIFY(rows < 500);
    QCOMPARE(q.lastError().nativeErrorCode(), u"22012"_s);
    PgQuery after(m_db);
    QVERIFY_SQL(after, exec(u"SELECT 1"_s));
}

void TestPgQuery::aLostConnectionIsClassifiedAsLost()
{
    PgQuery pid(m_db);
    QVERIFY_SQL(pid, exec(u"SELECT pg_backend_pid()"_s));
    QVERIFY(pid.next());
    QCOMPARE(TestCluster::execute(m_spec,
                                  u"SELECT pg_terminate_backend(%1)"_s.arg(pid.value(0).toInt())),
             QString());
    PgQuery q(m_db);
    q.prepare(u"SELECT ?::int"_s);
    q.addBindValue(1);
    QVERIFY(!q.exec());
    QCOMPARE(DbError::fromQuery(q.lastError(), m_spec).kind, DbError::Kind::ConnectionLost);
    // What DatabaseSession checks after each job: libpq knows the connection is gone.
    QVERIFY(PQstatus(PgSession::connection(m_db)) != CONNECTION_OK);
    QVERIFY(!q.exec());
    QCOMPARE(DbError::fromQuery(q.lastError(), m_spec).kind, DbError::Kind::ConnectionLost);
}

// What a pooler gets: the settings in each transaction, and nothing left in the session.
void TestPgQuery::sessionSettingsPerTransaction()
{
    m_db.driver()->setProperty(PgSession::kTransactionSettings,
                               u"SELECT set_config('statement_timeout', '4321', true)"_s);
    PgQuery q(m_db);
    QVERIFY_SQL(q, exec(u"SHOW statement_timeout"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"4321ms"_s);
    q.setForwardOnly(true);
    QVERIFY_SQL(q,
                exec(u"SELECT current_setting('statement_timeout') FROM generate_series(1, 3)"_s));
    int rows = 0;
    while (q.next()) {
        QCOMPARE(q.value(0).toString(), u"4321ms"_s);
        ++rows;
    }
    QCOMPARE(rows, 3);
    QSqlError error;
    QVERIFY(PgSession::begin(m_db, &error));
    QVERIFY_SQL(q, exec(u"SELECT current_setting('statement_timeout')"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"4321ms"_s);
    QVERIFY_SQL(q, exec(u"COMMIT"_s));
    QCOMPARE(PQtransactionStatus(PgSession::connection(m_db)), PQTRANS_IDLE);
    m_db.driver()->setProperty(PgSession::kTransactionSettings, QVariant());
    QVERIFY_SQL(q, exec(u"SHOW statement_timeout"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"0"_s);
}

QTEST_GUILESS_MAIN(TestPgQuery)
#include "tst_pgquery.moc"
