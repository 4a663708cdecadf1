#include "SqlSplitter.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestSqlSplitter : public QObject
{
    Q_OBJECT
private slots:
    void splits_data();
    void splits();
};

void TestSqlSplitter::splits_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("statements");
    QTest::newRow("two") << u"SELECT 1; SELECT 2;"_s << QStringList{u"SELECT 1"_s, u"SELECT 2"_s};
    QTest::newRow("no trailing semicolon")
        << u"SELECT 1;\nSELECT 2"_s << QStringList{u"SELECT 1"_s, u"SELECT 2"_s};
    QTest::newRow("semicolon in string")
        << u"SELECT 'a;b''c;'; SELECT 2"_s << QStringList{u"SELECT 'a;b''c;'"_s, u"SELECT 2"_s};
    QTest::newRow("E string escapes")
        << u"SELECT E'x\\';y'; SELECT 2"_s << QStringList{u"SELECT E'x\\';y'"_s, u"SELECT 2"_s};
    QTest::newRow("quoted identifier") << u"SELECT 1 AS \"a;\"\"b\"; SELECT 2"_s
                                       << QStringList{u"SELECT 1 AS \"a;\"\"b\""_s, u"SELECT 2"_s};
    QTest::newRow("dollar quoting")
        << u"CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql; SELECT 2"_s
        << QStringList{
               u"CREATE FUNCTION f() RETURNS int AS $fn$ BEGIN RETURN 1; END $fn$ LANGUAGE plpgsql"_s,
               u"SELECT 2"_s};
    QTest::newRow("anonymous dollar")
        << u"DO $$ BEGIN PERFORM 1; END $$; SELECT 2"_s
        << QStringList{u"DO $$ BEGIN PERFORM 1; END $$"_s, u"SELECT 2"_s};
    QTest::newRow("positional parameter is not a quote")
        << u"SELECT $1; SELECT 2"_s << QStringList{u"SELECT $1"_s, u"SELECT 2"_s};
    QTest::newRow("line comment") << u"-- a; b\nSELECT 1; -- c;\n"_s
                                  << QStringList{u"-- a; b\nSELECT 1"_s};
    QTest::newRow("nested block comment")
        << u"/* a /* b; */ c; */ SELECT 1;"_s << QStringList{u"/* a /* b; */ c; */ SELECT 1"_s};
    QTest::newRow("only comments") << u"-- nothing here;\n/* or; here */"_s << QStringList{};
    QTest::newRow("empty statements") << u";;SELECT 1;;"_s << QStringList{u"SELECT 1"_s};
}

void TestSqlSplitter::splits()
{
    QFETCH(QString, script);
    QFETCH(QStringList, statements);
    QCOMPARE(SqlSplitter::split(script), statements);
}

QTEST_GUILESS_MAIN(TestSqlSplitter)
#include "tst_sqlsplitter.moc"
