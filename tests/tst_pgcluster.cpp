#include "DemoData.h"
#include "DemoDatabase.h"
#include "PgCluster.h"
#include "TestCluster.h"
#include "ZodiacSign.h"

#include <QFileInfo>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

class TestPgCluster : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void startsReusesAndStops();
    void secondInstanceUsesRunningServerAndLeavesItRunning();
    void listensOnSocketOnly();
    void demoDatabaseIsMigratedFilledAndReused();
    void demoTextsAreDeterministicAndVaried();

private:
    PgCluster::Options optionsIn(const QString& base) const;
    QTemporaryDir m_base{u"/tmp/ha-pgc-XXXXXX"_s};
};

void TestPgCluster::initTestCase()
{
    QVERIFY(m_base.isValid());
    QString error;
    QVERIFY2(PgCluster::preparePrivateDir(m_base.path(), &error), qPrintable(error));
}

PgCluster::Options TestPgCluster::optionsIn(const QString& name) const
{
    PgCluster::Options o;
    o.dataDir = m_base.path() + u'/' + name + u"/data"_s;
    o.socketDir = m_base.path() + u'/' + name + u"/s"_s;
    o.durable = false;
    QString error;
    PgCluster::preparePrivateDir(m_base.path() + u'/' + name, &error);
    return o;
}

void TestPgCluster::startsReusesAndStops()
{
    const PgCluster::Options o = optionsIn(u"a"_s);
    QString error;
    {
        PgCluster first(o);
        QVERIFY2(first.start(&error), qPrintable(error));
        QVERIFY(first.createdThisRun());
        QVERIFY(first.startedThisRun());
        QVERIFY(first.isRunning());
        QVERIFY(QFileInfo::exists(o.socketDir + u"/.s.PGSQL.5432"_s));
        QVERIFY(first.createDatabase(u"keepme"_s, &error));
        QVERIFY2(first.stop(&error), qPrintable(error));
        QVERIFY(!first.isRunning());
    }
    PgCluster second(o);
    QVERIFY2(second.start(&error), qPrintable(error));
    QVERIFY(!second.createdThisRun()); // reused, not initialized again
    QVERIFY(second.startedThisRun());
    // The database made in the first run is still there.
    QCOMPARE(TestCluster::scalar(second.connectionSpec(u"keepme"_s), u"SELECT 42"_s).toInt(), 42);
}

void TestPgCluster::secondInstanceUsesRunningServerAndLeavesItRunning()
{
    const PgCluster::Options o = optionsIn(u"b"_s);
    QString error;
    PgCluster owner(o);
    QVERIFY2(owner.start(&error), qPrintable(error));
    {
        PgCluster guest(o);
        QVERIFY2(guest.start(&error), qPrintable(error));
        QVERIFY(!guest.startedThisRun());
        QCOMPARE(guest.activeSocketDir(), o.socketDir);
    }
    QVERIFY(owner.isRunning()); // the guest did not stop a server it did not start
    {
        PgCluster scoped(o);
        QVERIFY(scoped.start(&error));
    }
    QVERIFY(owner.stop(&error));
    QVERIFY(!owner.isRunning());
}

void TestPgCluster::listensOnSocketOnly()
{
    REQUIRE_CLUSTER();
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QCOMPARE(TestCluster::scalar(spec, u"SHOW listen_addresses"_s).toString(), QString());
}

void TestPgCluster::demoDatabaseIsMigratedFilledAndReused()
{
    const PgCluster::Options o = optionsIn(u"demo"_s);
    QString error;
    auto ignore = [](const QString&) {};
    {
        DemoDatabase demo(o);
        QVERIFY2(demo.start(ignore, &error), qPrintable(error));
        const ConnectionSpec spec = demo.spec();
        QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache"_s).toInt(),
                 12 * DemoDatabase::kDays);
        QCOMPARE(TestCluster::scalar(spec, u"SELECT count(DISTINCT zodiac_sign) FROM "
                                           "horoscope_cache"_s)
                     .toInt(),
                 12);
        QCOMPARE(TestCluster::scalar(spec, u"SELECT max(horoscope_date) = current_date FROM "
                                           "horoscope_cache"_s)
                     .toBool(),
                 true);
        const int views =
            TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_views"_s).toInt();
        QVERIFY2(views < 12 * DemoDatabase::kDays, "some days must be missing");
        QVERIFY2(views > 12 * DemoDatabase::kDays * 9 / 10, "only a few days are missing");
        // Weekends are busier than Mondays, and leo is more popular than capricorn.
        QVERIFY(
            TestCluster::scalar(
                spec, uR"(SELECT avg(view_count) FILTER (WHERE extract(isodow FROM view_date) = 7)
                                              > avg(view_count) FILTER (WHERE extract(isodow FROM view_date) = 1)
                                       FROM horoscope_views)"_s)
                .toBool());
        QVERIFY(
            TestCluster::scalar(spec, uR"(SELECT sum(view_count) FILTER (WHERE zodiac_sign = 'leo')
                                              > sum(view_count) FILTER (WHERE zodiac_sign = 'capricorn')
                                       FROM horoscope_views)"_s)
                .toBool());
        TestCluster::execute(spec, u"UPDATE horoscope_cache SET content = 'edited' WHERE id = 1"_s);
        TestCluster::execute(spec,
                             u"DELETE FROM horoscope_cache WHERE horoscope_date = current_date"_s);
    }
    QVERIFY(!PgCluster(o).isRunning()); // stopped with the DemoDatabase that started it

    DemoDatabase again(o);
    QVERIFY2(again.start(ignore, &error), qPrintable(error));
    QVERIFY(!again.cluster().createdThisRun());
    const ConnectionSpec spec = again.spec();
    // Topped up to today, nothing duplicated, the user's edit kept.
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache"_s).toInt(),
             12 * DemoDatabase::kDays);
    QCOMPARE(
        TestCluster::scalar(spec, u"SELECT content FROM horoscope_cache WHERE id = 1"_s).toString(),
        u"edited"_s);
}

void TestPgCluster::demoTextsAreDeterministicAndVaried()
{
    const QDate day(2026, 3, 1);
    QCOMPARE(DemoData::horoscopeText(u"leo"_s, day), DemoData::horoscopeText(u"leo"_s, day));
    QSet<QString> texts;
    QSet<qsizetype> lengths;
    for (int d = 0; d < 30; ++d) {
        for (const QString& sign : ZodiacSign::keys()) {
            const QString t = DemoData::horoscopeText(sign, day.addDays(d));
            texts.insert(t);
            lengths.insert(t.size() / 20);
            QVERIFY(t.contains(QChar(0x0430))); // Cyrillic "а"
        }
    }
    QVERIFY2(texts.size() > 350, "almost every horoscope is different");
    QVERIFY2(lengths.size() > 8, "lengths vary");
}

QTEST_GUILESS_MAIN(TestPgCluster)
#include "tst_pgcluster.moc"
