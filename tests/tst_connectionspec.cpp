#include "ConnectionSpec.h"

#include <QSqlDatabase>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestConnectionSpec : public QObject
{
    Q_OBJECT
private slots:
    void parsesValidForms_data();
    void parsesValidForms();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void emptyLeavesEverythingToLibpq();
    void displayNameNeverShowsPassword();
    void redactHidesSecretsInFreeText();
    void applyToSetsDriverFields();
    void nextTargetNeverKeepsThePreviousPort();
    void writesNeverTargetAStandby();
    void standbyUrlTakesWhatItLeavesOutFromThePrimary();
};

void TestConnectionSpec::parsesValidForms_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("sslmode");

    QTest::newRow("libpq uri")
        << u"postgresql://bot:s3cret@db.example.com:5432/horoscopes?sslmode=require"_s
        << u"db.example.com"_s << u"5432"_s << u"horoscopes"_s << u"bot"_s << u"s3cret"_s
        << u"require"_s;
    QTest::newRow("postgres scheme") << u"postgres://bot:pw@localhost/db"_s << u"localhost"_s
                                     << QString() << u"db"_s << u"bot"_s << u"pw"_s << QString();
    QTest::newRow("asyncpg") << u"postgresql+asyncpg://bot:pw@127.0.0.1:6543/db?ssl=require"_s
                             << u"127.0.0.1"_s << u"6543"_s << u"db"_s << u"bot"_s << u"pw"_s
                             << u"require"_s;
    QTest::newRow("asyncpg ssl=true")
        << u"postgresql+asyncpg://u@h/db?ssl=true"_s << u"h"_s << QString() << u"db"_s << u"u"_s
        << QString() << u"require"_s;
    QTest::newRow("psycopg2") << u"postgresql+psycopg2://bot:pw@h:5432/db?sslmode=verify-full"_s
                              << u"h"_s << u"5432"_s << u"db"_s << u"bot"_s << u"pw"_s
                              << u"verify-full"_s;
    QTest::newRow("percent-encoded")
        << u"postgresql://b%40t:p%40ss%3Aw%2Fo%20rd@h/my%20db"_s << u"h"_s << QString()
        << u"my db"_s << u"b@t"_s << u"p@ss:w/o rd"_s << QString();
    QTest::newRow("cyrillic password")
        << u"postgresql://bot:%D0%BF%D0%B0%D1%80%D0%BE%D0%BB%D1%8C@h/db"_s << u"h"_s << QString()
        << u"db"_s << u"bot"_s << u"пароль"_s << QString();
    QTest::newRow("ipv6") << u"postgresql://bot@[::1]:5433/db"_s << u"::1"_s << u"5433"_s << u"db"_s
                          << u"bot"_s << QString() << QString();
    QTest::newRow("ipv6 full") << u"postgresql://[2001:db8::1]/db"_s << u"2001:db8::1"_s
                               << QString() << u"db"_s << QString() << QString() << QString();
    QTest::newRow("unix socket in host")
        << u"postgresql://%2Fvar%2Frun%2Fpostgresql/db"_s << u"/var/run/postgresql"_s << QString()
        << u"db"_s << QString() << QString() << QString();
    QTest::newRow("unix socket as query")
        << u"postgresql:///db?host=/tmp/sock&port=5444"_s << u"/tmp/sock"_s << u"5444"_s << u"db"_s
        << QString() << QString() << QString();
    QTest::newRow("keywords")
        << u"host=db.internal port=5432 dbname=horoscopes user=bot sslmode=verify-full"_s
        << u"db.internal"_s << u"5432"_s << u"horoscopes"_s << u"bot"_s << QString()
        << u"verify-full"_s;
    QTest::newRow("keywords quoted")
        << u"host='/tmp/my sock' dbname='a b' password='it\\'s'"_s << u"/tmp/my sock"_s << QString()
        << u"a b"_s << QString() << u"it's"_s << QString();
    QTest::newRow("service only") << u"service=horoscopes"_s << QString() << QString() << QString()
                                  << QString() << QString() << QString();
    QTest::newRow("bare database name") << u"horoscopes"_s << QString() << QString()
                                        << u"horoscopes"_s << QString() << QString() << QString();
    QTest::newRow("surrounding spaces") << u"  postgresql://h/db  "_s << u"h"_s << QString()
                                        << u"db"_s << QString() << QString() << QString();
}

void TestConnectionSpec::parsesValidForms()
{
    QFETCH(QString, text);
    ConnectionSpec spec;
    QString error;
    QVERIFY2(ConnectionSpec::parse(text, &spec, &error), qPrintable(error));
    QFETCH(QString, host);
    QFETCH(QString, port);
    QFETCH(QString, database);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, sslmode);
    QCOMPARE(spec.host, host);
    QCOMPARE(spec.port, port);
    QCOMPARE(spec.database, database);
    QCOMPARE(spec.user, user);
    QCOMPARE(spec.password, password);
    QCOMPARE(spec.option(u"sslmode"_s), sslmode);
    if (text.contains(u"service="))
        QCOMPARE(spec.option(u"service"_s), u"horoscopes"_s);
}

void TestConnectionSpec::rejectsMalformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("mysql") << u"mysql://u:topsecret@h/db"_s << u"mysql"_s;
    QTest::newRow("sqlite") << u"sqlite:///tmp/x.db"_s << u"sqlite"_s;
    QTest::newRow("bad port") << u"postgresql://u:topsecret@h:99999/db"_s << u"99999"_s;
    QTest::newRow("port letters") << u"postgresql://u:topsecret@h:abc/db"_s << u"abc"_s;
    QTest::newRow("bad percent") << u"postgresql://u:topsecret%zz@h/db"_s << u"malformed"_s;
    QTest::newRow("unknown param")
        << u"postgresql://u:topsecret@h/db?frobnicate=1"_s << u"frobnicate"_s;
    QTest::newRow("unknown keyword")
        << u"host=h password=topsecret frobnicate=1"_s << u"frobnicate"_s;
    QTest::newRow("unterminated quote") << u"host='h password=topsecret"_s << u"malformed"_s;
    QTest::newRow("semicolon option")
        << u"host=h password=topsecret options='-c a=1;b'"_s << u"service"_s;
    QTest::newRow("unclosed ipv6") << u"postgresql://u:topsecret@[::1/db"_s << u"malformed"_s;
    // A typo in the scheme's slashes must not turn the whole URL into a database name.
    QTest::newRow("one slash") << u"postgresql:/u:topsecret@h/db"_s << u"postgresql://"_s;
    QTest::newRow("no slash") << u"postgresql:u:topsecret@h/db"_s << u"postgresql://"_s;
    QTest::newRow("asyncpg one slash")
        << u"postgresql+asyncpg:/u:topsecret@h/db"_s << u"postgresql+asyncpg://"_s;
    QTest::newRow("backslashes") << u"postgres:\\\\u:topsecret@h/db"_s << u"postgres://"_s;
    QTest::newRow("mysql one slash") << u"mysql:/u:topsecret@h/db"_s << u"mysql"_s;
}

void TestConnectionSpec::rejectsMalformed()
{
    QFETCH(QString, text);
    QFETCH(QString, mentions);
    ConnectionSpec spec;
    QString error;
    QVERIFY(!ConnectionSpec::parse(text, &spec, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QVERIFY2(!error.contains(u"topsecret"), qPrintable(error));
}

void TestConnectionSpec::emptyLeavesEverythingToLibpq()
{
    ConnectionSpec spec;
    QString error;
    QVERIFY(ConnectionSpec::parse(u"   "_s, &spec, &error));
    QCOMPARE(spec, ConnectionSpec());
}

void TestConnectionSpec::displayNameNeverShowsPassword()
{
    ConnectionSpec spec;
    QString error;
    QVERIFY(ConnectionSpec::parse(u"postgresql://bot:hunter2@[::1]:5433/db"_s, &spec, &error));
    QCOMPARE(spec.displayName(), u"bot@[::1]:5433/db"_s);
    QVERIFY(!spec.toRedactedConnInfo().contains(u"hunter2"));
    QVERIFY(spec.toRedactedConnInfo().contains(u"password=***"));
}

void TestConnectionSpec::redactHidesSecretsInFreeText()
{
    ConnectionSpec spec;
    spec.password = u"p@ss word"_s;
    QCOMPARE(spec.redact(u"failed for p@ss word and p%40ss%20word"_s), u"failed for *** and ***"_s);
    QCOMPARE(ConnectionSpec().redact(u"see postgresql://u:other@h/db and password='x y'"_s),
             u"see postgresql://u:***@h/db and password=***"_s);
}

void TestConnectionSpec::applyToSetsDriverFields()
{
    ConnectionSpec spec;
    QString error;
    QVERIFY(ConnectionSpec::parse(
        u"postgresql+asyncpg://bot:pw@h:6000/db?ssl=require&application_name=mine"_s, &spec,
        &error));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"apply"_s);
    spec.applyTo(db);
    QCOMPARE(db.hostName(), u"h"_s);
    QCOMPARE(db.port(), 6000);
    QCOMPARE(db.databaseName(), u"db"_s);
    QCOMPARE(db.userName(), u"bot"_s);
    QCOMPARE(db.password(), u"pw"_s);
    QVERIFY(db.connectOptions().contains(u"sslmode='require'"));
    QVERIFY(db.connectOptions().contains(u"application_name='mine'"));
    QVERIFY(!db.connectOptions().contains(u"horoscope-admin"));
    QVERIFY(db.connectOptions().contains(u"connect_timeout=10"));
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"apply"_s);
}

void TestConnectionSpec::nextTargetNeverKeepsThePreviousPort()
{
    // A read connection tries the standby, then the primary, on the same QSqlDatabase: a
    // standby with a port of its own and a primary with none (libpq's default) sent the
    // primary's connect to the standby's port ("failed once and then worked").
    ConnectionSpec standby;
    ConnectionSpec primary;
    QString error;
    QVERIFY(ConnectionSpec::parse(u"postgresql://bot@standby:6001/db"_s, &standby, &error));
    QVERIFY(ConnectionSpec::parse(u"postgresql://bot@primary/db"_s, &primary, &error));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"targets"_s);
    standby.applyTo(db);
    QCOMPARE(db.port(), 6001);
    primary.applyTo(db);
    QCOMPARE(db.hostName(), u"primary"_s);
    QCOMPARE(db.port(), -1); // libpq's default (PGPORT, 5432)
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"targets"_s);
}

void TestConnectionSpec::writesNeverTargetAStandby()
{
    ConnectionSpec spec;
    QString error;
    QVERIFY(ConnectionSpec::parse(
        u"postgresql://u@db1:5432,db2:5432/h?target_session_attrs=prefer-standby"_s, &spec,
        &error));
    QVERIFY(spec.hasStandby());
    QVERIFY(spec.libpqParameters().contains({u"target_session_attrs"_s, u"primary"_s}));
    const QList<ConnectionSpec> reads = spec.readTargets();
    QCOMPARE(reads.size(), 1);
    QCOMPARE(reads.first().host, u"db1,db2"_s);
    QVERIFY(
        reads.first().libpqParameters().contains({u"target_session_attrs"_s, u"prefer-standby"_s}));

    // The URL asks for the primary: everything stays there.
    QVERIFY(ConnectionSpec::parse(u"postgresql://u@db1,db2/h?target_session_attrs=read-write"_s,
                                  &spec, &error));
    QVERIFY(!spec.hasStandby());
    QVERIFY(spec.libpqParameters().contains({u"target_session_attrs"_s, u"read-write"_s}));
    // One host: left as it is (a read-only role must still connect).
    QVERIFY(ConnectionSpec::parse(u"postgresql://u@db1/h"_s, &spec, &error));
    QVERIFY(!spec.hasStandby());
    QCOMPARE(spec.readTargets().size(), 1);
    for (const auto& [key, value] : spec.libpqParameters())
        QVERIFY(key != u"target_session_attrs");
}

void TestConnectionSpec::standbyUrlTakesWhatItLeavesOutFromThePrimary()
{
    ConnectionSpec spec;
    QString error;
    QVERIFY(ConnectionSpec::parse(u"postgresql://admin:s3cret@db1/horoscopes?sslmode=require"_s,
                                  &spec, &error));
    QVERIFY(!spec.setStandbyUrl(u"postgresql:/x:pw2@db2"_s, &error));
    QVERIFY(!error.contains(u"pw2"));
    QVERIFY(spec.setStandbyUrl(u"postgresql://db2:5433"_s, &error));
    QVERIFY(spec.hasStandby());
    QList<ConnectionSpec> reads = spec.readTargets();
    QCOMPARE(reads.size(), 2);
    QCOMPARE(reads.at(0).host, u"db2"_s);
    QCOMPARE(reads.at(0).port, u"5433"_s);
    QCOMPARE(reads.at(0).database, u"horoscopes"_s);
    QCOMPARE(reads.at(0).user, u"admin"_s);
    QCOMPARE(reads.at(0).password, u"s3cret"_s);
    QCOMPARE(reads.at(0).option(u"sslmode"_s), u"require"_s);
    QCOMPARE(reads.at(1).host, u"db1"_s); // the fallback
    // Another role on the standby does not get the primary's password.
    QVERIFY(spec.setStandbyUrl(u"postgresql://reader@db2/horoscopes"_s, &error));
    reads = spec.readTargets();
    QCOMPARE(reads.at(0).user, u"reader"_s);
    QVERIFY(reads.at(0).password.isEmpty());
}

QTEST_GUILESS_MAIN(TestConnectionSpec)
#include "tst_connectionspec.moc"
