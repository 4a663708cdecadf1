#include "Csv.h"
#include "HoroscopeExporter.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeQuery.h"
#include "HoroscopeStore.h"
#include "HoroscopeTableModel.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

void waitIdle(HoroscopeTableModel& model)
{
    QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 20'000);
}

QList<int> ids(const HoroscopeTableModel& model)
{
    QList<int> list;
    for (int i = 0; i < model.rowCount(); ++i)
        list << model.rowAt(i)->id;
    return list;
}

void loadAll(HoroscopeTableModel& model)
{
    while (model.canFetchMore()) {
        model.fetchMore();
        waitIdle(model);
    }
}

} // namespace

class TestHoroscopes : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void firstPageThenMoreWithoutDuplicates();
    void pagingBothWaysWithRowsInsertedMeanwhile();
    void boundedMemoryTrimsAndRefetches();
    void everySortIsStableAndComplete_data();
    void everySortIsStableAndComplete();
    void editMovingARowOnIsShownOnce_data();
    void editMovingARowOnIsShownOnce();
    void filtersBySignsDatesAndCorrected();
    void searchIsCaseInsensitiveAndLiteral_data();
    void searchIsCaseInsensitiveAndLiteral();
    void newerQuerySupersedesOlder();
    void countsAndEstimates();
    void saveDetectsConcurrentEditAndDeletion();
    void historyKeepsChangesByAnyConnection();
    void restoreIsANewRevision();
    void invalidateDeletesAndKeepsHistory();
    void hugeTextAndEmojiRoundTrip();
    void exportsParseBackToTheSameRows();
    void coverageListsPresentAndCorrected();

private:
    ConnectionSpec m_spec; // 12 signs x 40 days, ending 2026-03-31
};

void TestHoroscopes::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"browse"_s);
    insertDays(m_spec, QDate(2026, 3, 31), 40);
}

void TestHoroscopes::firstPageThenMoreWithoutDuplicates()
{
    HoroscopeTableModel model(m_spec);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRevisionsAvailable(true);
    model.reload();
    waitIdle(model);
    QCOMPARE(model.rowCount(), HoroscopeTableModel::kPageSize);
    QCOMPARE(model.rowAt(0)->date, QDate(2026, 3, 31)); // newest first
    QVERIFY(model.canFetchMore());
    loadAll(model);
    QCOMPARE(model.rowCount(), 480);
    const QList<int> all = ids(model);
    QCOMPARE(QSet<int>(all.cbegin(), all.cend()).size(), 480);
    for (int i = 1; i < model.rowCount(); ++i)
        QVERIFY(model.rowAt(i - 1)->date >= model.rowAt(i)->date);
    QTRY_COMPARE(model.total(), 480);
    QVERIFY(!model.totalIsEstimate());
}

void TestHoroscopes::pagingBothWaysWithRowsInsertedMeanwhile()
{
    const ConnectionSpec spec = migratedTestDatabase(u"paging"_s);
    insertDays(spec, QDate(2026, 6, 30), 30);
    HoroscopeTableModel model(spec);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    waitIdle(model);
    const QDate lastLoaded = model.rowAt(model.rowCount() - 1)->date;

    // Meanwhile the bot adds a day far ahead (above what we read) and one below the cursor.
    QCOMPARE(TestCluster::execute(
                 spec,
                 u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
                 "VALUES ('leo', '2026-12-31', 'future'), ('ophiuchus', '2026-06-05', 'late')"_s),
             QString());
    loadAll(model);
    const QList<int> all = ids(model);
    QCOMPARE(QSet<int>(all.cbegin(), all.cend()).size(), all.size()); // no duplicates
    QCOMPARE(all.size(), 361); // 360 + the one below the cursor; the one above waits for a reload
    QVERIFY(lastLoaded > QDate(2026, 6, 5));

    // Jump into the middle, then page backwards to the top, rows inserted meanwhile included.
    model.jumpToDate(QDate(2026, 6, 10));
    waitIdle(model);
    QCOMPARE(model.rowAt(0)->date, QDate(2026, 6, 10));
    QVERIFY(model.canFetchPrevious());
    QCOMPARE(TestCluster::execute(
                 spec, u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
                       "VALUES ('ophiuchus', '2026-06-20', 'inserted above')"_s),
             QString());
    while (model.canFetchPrevious()) {
        model.fetchPrevious();
        waitIdle(model);
    }
    QCOMPARE(model.rowAt(0)->date, QDate(2026, 12, 31));
    loadAll(model);
    const QList<int> both = ids(model);
    QCOMPARE(both.size(), 363);
    QCOMPARE(QSet<int>(both.cbegin(), both.cend()).size(), 363);
    for (int i = 1; i < model.rowCount(); ++i) {
        const HoroscopeRow* a = model.rowAt(i - 1);
        const HoroscopeRow* b = model.rowAt(i);
        QVERIFY(a->date > b->date || (a->date == b->date && a->id > b->id));
    }
}

void TestHoroscopes::boundedMemoryTrimsAndRefetches()
{
    HoroscopeTableModel model(m_spec);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaxRows(250);
    QSignalSpy trimmed(&model, &HoroscopeTableModel::rowsTrimmed);
    model.reload();
    waitIdle(model);
    loadAll(model);
    QVERIFY(model.rowCount() <= 250);
    QVERIFY(!trimmed.isEmpty());
    QCOMPARE(model.rowAt(model.rowCount() - 1)->date, QDate(2026, 2, 20)); // the very last rows
    QVERIFY(model.canFetchPrevious());
    while (model.canFetchPrevious()) {
        model.fetchPrevious();
        waitIdle(model);
    }
    QCOMPARE(model.rowAt(0)->date, QDate(2026, 3, 31));
    QVERIFY(model.rowCount() <= 250);
}

void TestHoroscopes::everySortIsStableAndComplete_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    for (int c : {HoroscopeTableModel::SignColumn, HoroscopeTableModel::DateColumn,
                  HoroscopeTableModel::TextColumn, HoroscopeTableModel::LengthColumn,
                  HoroscopeTableModel::GeneratedColumn}) {
        QTest::addRow("column %d asc", c) << c << Qt::AscendingOrder;
        QTest::addRow("column %d desc", c) << c << Qt::DescendingOrder;
    }
}

void TestHoroscopes::everySortIsStableAndComplete()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    HoroscopeTableModel model(m_spec);
    model.reload();
    waitIdle(model);
    model.sort(column, order);
    waitIdle(model);
    loadAll(model);
    QCOMPARE(model.rowCount(), 480);
    const QList<int> all = ids(model);
    QCOMPARE(QSet<int>(all.cbegin(), all.cend()).size(), 480);
    for (int i = 1; i < model.rowCount(); ++i) {
        const QVariant a = model.index(i - 1, column).data(HoroscopeTableModel::RawValueRole);
        const QVariant b = model.index(i, column).data(HoroscopeTableModel::RawValueRole);
        const auto cmp = QVariant::compare(a, b);
        if (column == HoroscopeTableModel::TextColumn)
            continue; // collation order, checked by the server; uniqueness above suffices
        QVERIFY2(order == Qt::AscendingOrder ? cmp <= 0 : cmp >= 0,
                 qPrintable(a.toString() + u" vs "_s + b.toString()));
    }
}

void TestHoroscopes::editMovingARowOnIsShownOnce_data()
{
    QTest::addColumn<int>("column");
    QTest::addRow("length") << int(HoroscopeTableModel::LengthColumn);
    QTest::addRow("text") << int(HoroscopeTableModel::TextColumn);
}

// The edited row keeps its place in the list until the next reload; its new sort key puts it
// in a page not loaded yet, which must not bring it a second time.
void TestHoroscopes::editMovingARowOnIsShownOnce()
{
    QFETCH(int, column);
    const ConnectionSpec spec = migratedTestDatabase(u"moved"_s);
    insertDays(spec, QDate(2026, 3, 31), 30); // 360 rows
    HoroscopeTableModel model(spec);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    waitIdle(model);
    model.sort(column, Qt::AscendingOrder);
    waitIdle(model);
    QCOMPARE(model.rowCount(), HoroscopeTableModel::kPageSize);
    QVERIFY(model.canFetchMore());

    for (const int row : {0, 5, HoroscopeTableModel::kPageSize - 1}) {
        HoroscopeRow edited = *model.rowAt(row);
        const QString text = u"zz "_s + QString(400 + row, u'z'); // last by length and by text
        QCOMPARE(TestCluster::execute(spec, u"UPDATE horoscope_cache SET content = '%1' "
                                            "WHERE id = %2"_s.arg(text)
                                                .arg(edited.id)),
                 QString());
        edited.preview = text.left(200);
        edited.length = static_cast<int>(text.size());
        model.updateRow(edited); // what the browser does after a save
    }
    waitIdle(model); // the item model tester may have asked for more meanwhile
    loadAll(model);
    const QList<int> all = ids(model);
    QCOMPARE(QSet<int>(all.cbegin(), all.cend()).size(), all.size()); // each row once
    QCOMPARE(all.size(), 360);                                        // and none missing
}

void TestHoroscopes::filtersBySignsDatesAndCorrected()
{
    const ConnectionSpec spec = migratedTestDatabase(u"filters"_s);
    insertDays(spec, QDate(2026, 3, 31), 10);
    QCOMPARE(TestCluster::execute(spec,
                                  u"UPDATE horoscope_cache SET content = 'fixed by hand' "
                                  "WHERE zodiac_sign = 'leo' AND horoscope_date = '2026-03-30'"_s),
             QString());
    HoroscopeTableModel model(spec);
    model.setRevisionsAvailable(true);
    HoroscopeFilter f;
    f.signs = {u"leo"_s, u"virgo"_s};
    model.setFilter(f);
    waitIdle(model);
    loadAll(model);
    QCOMPARE(model.rowCount(), 20);
    f.from = QDate(2026, 3, 25);
    f.to = QDate(2026, 3, 27);
    model.setFilter(f);
    waitIdle(model);
    QCOMPARE(model.rowCount(), 6);
    for (int i = 0; i < model.rowCount(); ++i) {
        QVERIFY(model.rowAt(i)->date >= f.from && model.rowAt(i)->date <= f.to);
        QVERIFY(f.signs.contains(model.rowAt(i)->sign));
    }
    HoroscopeFilter corrected;
    corrected.correctedOnly = true;
    model.setFilter(corrected);
    waitIdle(model);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowAt(0)->sign, u"leo"_s);
    QVERIFY(model.rowAt(0)->corrected);
    QCOMPARE(model.index(0, HoroscopeTableModel::CorrectedColumn).data().toString(),
             u"corrected"_s);
}

void TestHoroscopes::searchIsCaseInsensitiveAndLiteral_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("cyrillic, other case") << u"ЛЮБОВЬ"_s << QStringList{u"Любовь и работа"_s};
    QTest::newRow("ё") << u"звЁзды"_s << QStringList{u"Звёзды на вашей стороне"_s};
    QTest::newRow("latin") << u"MERCURY"_s << QStringList{u"Mercury retrograde"_s};
    QTest::newRow("percent literal") << u"100%"_s << QStringList{u"Удача на 100% сегодня"_s};
    QTest::newRow("underscore literal") << u"a_b"_s << QStringList{u"code a_b here"_s};
    QTest::newRow("quote") << u"it's"_s << QStringList{u"it's fine"_s};
    QTest::newRow("backslash") << u"C:\\path"_s << QStringList{u"see C:\\path now"_s};
    QTest::newRow("percent alone matches only percent")
        << u"%"_s << QStringList{u"Удача на 100% сегодня"_s};
    QTest::newRow("nothing") << u"не встречается"_s << QStringList{};
}

void TestHoroscopes::searchIsCaseInsensitiveAndLiteral()
{
    static ConnectionSpec spec;
    if (spec.database.isEmpty()) {
        spec = migratedTestDatabase(u"search"_s);
        QCOMPARE(
            TestCluster::execute(
                spec, uR"(INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) VALUES
            ('aries', '2026-01-01', 'Любовь и работа'), ('aries', '2026-01-02', 'Звёзды на вашей стороне'),
            ('aries', '2026-01-03', 'Mercury retrograde'), ('aries', '2026-01-04', 'Удача на 100% сегодня'),
            ('aries', '2026-01-05', 'code a_b here'), ('aries', '2026-01-06', 'code axb here'),
            ('aries', '2026-01-07', 'it''s fine'), ('aries', '2026-01-08', E'see C:\\path now'),
            ('aries', '2026-01-09', 'see C:path now'))"_s),
            QString());
    }
    QFETCH(QString, search);
    QFETCH(QStringList, expected);
    HoroscopeTableModel model(spec);
    HoroscopeFilter f;
    f.search = search;
    model.setFilter(f);
    waitIdle(model);
    QStringList found;
    for (int i = 0; i < model.rowCount(); ++i)
        found << model.rowAt(i)->preview;
    QCOMPARE(found, expected);
}

void TestHoroscopes::newerQuerySupersedesOlder()
{
    HoroscopeTableModel model(m_spec);
    QSignalSpy pages(&model, &HoroscopeTableModel::pageLoaded);
    HoroscopeFilter f;
    f.search = u"aries"_s;
    model.setFilter(f);
    f.search = u"pisces 2026-03-31"_s;
    model.setFilter(f); // typed on before the first answer came
    waitIdle(model);
    // One connection answers in order: the older answer came first, and was dropped.
    QCOMPARE(pages.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowAt(0)->sign, u"pisces"_s);
}

void TestHoroscopes::countsAndEstimates()
{
    HoroscopeTableModel model(m_spec);
    HoroscopeFilter f;
    f.signs = {u"aries"_s};
    model.setFilter(f);
    QTRY_COMPARE(model.total(), 40);
    QVERIFY(!model.totalIsEstimate());
}

void TestHoroscopes::saveDetectsConcurrentEditAndDeletion()
{
    const ConnectionSpec spec = migratedTestDatabase(u"save"_s);
    insertDays(spec, QDate(2026, 5, 1), 1);
    QSqlDatabase db = TestCluster::open(spec);
    {
        HoroscopeStore store(db, spec, true);
        HoroscopeRecord mine;
        DbError error;
        const int id =
            TestCluster::scalar(spec, u"SELECT id FROM horoscope_cache WHERE zodiac_sign = 'leo'"_s)
                .toInt();
        QVERIFY(store.load(id, &mine, &error));
        QVERIFY(!mine.xmin.isEmpty());

        // The bot rewrites it meanwhile.
        QCOMPARE(
            TestCluster::execute(
                spec, u"UPDATE horoscope_cache SET content = 'bot text' WHERE id = %1"_s.arg(id)),
            QString());
        HoroscopeStore::SaveResult r = store.save(id, mine.xmin, u"editor text"_s);
        QCOMPARE(r.outcome, HoroscopeStore::SaveResult::Outcome::Conflict);
        QCOMPARE(r.current.content, u"bot text"_s);
        QCOMPARE(TestCluster::scalar(spec,
                                     u"SELECT content FROM horoscope_cache WHERE id = %1"_s.arg(id))
                     .toString(),
                 u"bot text"_s); // nothing overwritten

        // Knowingly replacing their version works with their row version.
        r = store.save(id, r.current.xmin, u"editor text"_s);
        QCOMPARE(r.outcome, HoroscopeStore::SaveResult::Outcome::Saved);
        QCOMPARE(r.current.content, u"editor text"_s);
        QVERIFY(r.current.corrected);

        // Empty text is refused.
        r = store.save(id, r.current.xmin, u" \n\t "_s);
        QCOMPARE(r.outcome, HoroscopeStore::SaveResult::Outcome::Failed);

        // Deleted meanwhile: caught, and it can be put back.
        QCOMPARE(TestCluster::execute(spec, u"DELETE FROM horoscope_cache WHERE id = %1"_s.arg(id)),
                 QString());
        r = store.save(id, r.current.xmin.isEmpty() ? mine.xmin : r.current.xmin, u"late edit"_s);
        QCOMPARE(r.outcome, HoroscopeStore::SaveResult::Outcome::Deleted);
        r = store.recreate(u"leo"_s, QDate(2026, 5, 1), u"late edit"_s);
        QCOMPARE(r.outcome, HoroscopeStore::SaveResult::Outcome::Saved);
        QCOMPARE(r.current.content, u"late edit"_s);
        // ...unless the bot already put one back: then it is a conflict, not a duplicate.
        r = store.recreate(u"leo"_s, QDate(2026, 5, 1), u"another"_s);
        QCOMPARE(r.outcome, HoroscopeStore::SaveResult::Outcome::Conflict);
        QCOMPARE(TestCluster::scalar(
                     spec, u"SELECT count(*) FROM horoscope_cache WHERE zodiac_sign = 'leo'"_s)
                     .toInt(),
                 1);
    }
    TestCluster::close(db);
}

void TestHoroscopes::historyKeepsChangesByAnyConnection()
{
    const ConnectionSpec spec = migratedTestDatabase(u"history"_s);
    insertDays(spec, QDate(2026, 5, 1), 1);
    QCOMPARE(TestCluster::execute(
                 spec,
                 u"SET application_name = 'horoscope-bot'; "
                 "UPDATE horoscope_cache SET content = 'v2' WHERE zodiac_sign = 'leo';"
                 "UPDATE horoscope_cache SET content = 'v2' WHERE zodiac_sign = 'leo';"
                 "UPDATE horoscope_cache SET content = 'v3', generated_at = now() + interval '1 s' "
                 "WHERE zodiac_sign = 'leo';"
                 "DELETE FROM horoscope_cache WHERE zodiac_sign = 'leo'"_s),
             QString());
    QSqlDatabase db = TestCluster::open(spec);
    {
        HoroscopeStore store(db, spec, true);
        QList<HoroscopeRevision> revs;
        DbError error;
        QVERIFY(store.revisions(u"leo"_s, QDate(2026, 5, 1), &revs, &error));
        QCOMPARE(revs.size(), 3); // the no-op update left nothing
        QCOMPARE(revs.at(0).operation, u"DELETE"_s);
        QCOMPARE(revs.at(0).content, u"v3"_s);
        QCOMPARE(revs.at(1).content, u"v2"_s);
        QVERIFY(revs.at(1).regenerated);
        QCOMPARE(revs.at(2).content, u"leo 2026-05-01 text"_s);
        QVERIFY(!revs.at(2).regenerated);
        QCOMPARE(revs.at(2).application, u"horoscope-bot"_s);
        QCOMPARE(revs.at(2).changedBy, u"horoscope"_s);
    }
    TestCluster::close(db);
    // Inserts, what the bot does most, add nothing.
    insertDays(spec, QDate(2026, 5, 2), 1);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache_revisions"_s).toInt(),
             3);
}

void TestHoroscopes::restoreIsANewRevision()
{
    const ConnectionSpec spec = migratedTestDatabase(u"restore"_s);
    insertDays(spec, QDate(2026, 5, 1), 1);
    QSqlDatabase db = TestCluster::open(spec);
    {
        HoroscopeStore store(db, spec, true);
        const int id =
            TestCluster::scalar(spec, u"SELECT id FROM horoscope_cache WHERE zodiac_sign = 'leo'"_s)
                .toInt();
        HoroscopeRecord r;
        DbError error;
        QVERIFY(store.load(id, &r, &error));
        auto saved = store.save(id, r.xmin, u"edited"_s);
        QCOMPARE(saved.outcome, HoroscopeStore::SaveResult::Outcome::Saved);
        QList<HoroscopeRevision> revs;
        QVERIFY(store.revisions(u"leo"_s, r.date, &revs, &error));
        QCOMPARE(revs.size(), 1);
        saved = store.save(id, saved.current.xmin, revs.at(0).content); // restore
        QCOMPARE(saved.outcome, HoroscopeStore::SaveResult::Outcome::Saved);
        QCOMPARE(saved.current.content, u"leo 2026-05-01 text"_s);
        QVERIFY(store.revisions(u"leo"_s, r.date, &revs, &error));
        QCOMPARE(revs.size(), 2);
        QCOMPARE(revs.at(0).content, u"edited"_s);
    }
    TestCluster::close(db);
}

void TestHoroscopes::invalidateDeletesAndKeepsHistory()
{
    const ConnectionSpec spec = migratedTestDatabase(u"invalidate"_s);
    insertDays(spec, QDate(2026, 5, 1), 1);
    auto versionOf = [&spec](const QString& sign) {
        return std::pair{
            TestCluster::scalar(
                spec, u"SELECT id FROM horoscope_cache WHERE zodiac_sign = '%1'"_s.arg(sign))
                .toInt(),
            TestCluster::scalar(
                spec,
                u"SELECT xmin::text FROM horoscope_cache WHERE zodiac_sign = '%1'"_s.arg(sign))
                .toString()};
    };
    const auto leo = versionOf(u"leo"_s);
    const auto virgo = versionOf(u"virgo"_s);
    const auto libra = versionOf(u"libra"_s);
    // Another editor corrects libra after the list was loaded: it must survive.
    QCOMPARE(TestCluster::execute(
                 spec,
                 u"UPDATE horoscope_cache SET content = 'fresh fix' WHERE zodiac_sign = 'libra'"_s),
             QString());
    QSqlDatabase db = TestCluster::open(spec);
    {
        HoroscopeStore store(db, spec, true);
        QList<int> removed;
        DbError error;
        QVERIFY(store.remove({leo, virgo, libra}, &removed, &error));
        std::sort(removed.begin(), removed.end());
        QList<int> expected{leo.first, virgo.first};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(removed, expected);
    }
    TestCluster::close(db);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache"_s).toInt(), 10);
    QCOMPARE(TestCluster::scalar(
                 spec, u"SELECT content FROM horoscope_cache WHERE zodiac_sign = 'libra'"_s)
                 .toString(),
             u"fresh fix"_s);
    QCOMPARE(
        TestCluster::scalar(
            spec, u"SELECT count(*) FROM horoscope_cache_revisions WHERE operation = 'DELETE'"_s)
            .toInt(),
        2);
}

void TestHoroscopes::hugeTextAndEmojiRoundTrip()
{
    const ConnectionSpec spec = migratedTestDatabase(u"huge"_s);
    insertDays(spec, QDate(2026, 5, 1), 1);
    QString huge;
    const QString piece =
        u"Звёзды 🌟 говорят: «удача» — 👩‍👩‍👧 близко!\n"_s;
    while (huge.toUtf8().size() < 1024 * 1024)
        huge += piece;
    huge += u"конец 🍀"_s;
    QSqlDatabase db = TestCluster::open(spec);
    {
        HoroscopeStore store(db, spec, true);
        const int id =
            TestCluster::scalar(spec, u"SELECT id FROM horoscope_cache WHERE zodiac_sign = 'leo'"_s)
                .toInt();
        HoroscopeRecord r;
        DbError error;
        QVERIFY(store.load(id, &r, &error));
        const auto saved = store.save(id, r.xmin, huge);
        QCOMPARE(saved.outcome, HoroscopeStore::SaveResult::Outcome::Saved);
        HoroscopeRecord back;
        QVERIFY(store.load(id, &back, &error));
        QCOMPARE(back.content.size(), huge.size());
        QVERIFY(back.content == huge);
    }
    TestCluster::close(db);
    HoroscopeTableModel model(spec);
    HoroscopeFilter f;
    f.search = u"👩‍👩‍👧"_s;
    model.setFilter(f);
    waitIdle(model);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowAt(0)->length, huge.toUcs4().size()); // characters, not UTF-16 units
    QVERIFY(model.rowAt(0)->preview.size() <= 400);
}

void TestHoroscopes::exportsParseBackToTheSameRows()
{
    const ConnectionSpec spec = migratedTestDatabase(u"export"_s);
    insertDays(spec, QDate(2026, 5, 1), 3);
    QCOMPARE(
        TestCluster::execute(
            spec,
            uR"(UPDATE horoscope_cache SET content = E'Строка 1, "кавычки"\nстрока 2 🌟\r\nи ещё'
                                          WHERE zodiac_sign = 'leo' AND horoscope_date = '2026-05-01')"_s),
        QString());
    HoroscopeFilter f;
    f.signs = {u"leo"_s, u"virgo"_s};
    QSqlDatabase db = TestCluster::open(spec);
    QByteArray csv;
    QByteArray json;
    {
        for (auto format : {HoroscopeExporter::Format::Csv, HoroscopeExporter::Format::Json}) {
            QBuffer buffer(format == HoroscopeExporter::Format::Csv ? &csv : &json);
            buffer.open(QIODevice::WriteOnly);
            qint64 rows = 0;
            DbError error;
            QVERIFY2(HoroscopeExporter::write(db, spec, f, true, format, &buffer, {}, nullptr,
                                              &rows, &error),
                     qPrintable(error.message));
            QCOMPARE(rows, 6);
        }
        // What the database holds, to compare against.
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT id, zodiac_sign, horoscope_date::text, content, "
                       u"to_json(generated_at) #>> '{}' "
                       "FROM horoscope_cache WHERE zodiac_sign IN ('leo', 'virgo') "
                       "ORDER BY horoscope_date DESC, id DESC"_s));
        QList<QStringList> expected;
        while (q.next())
            expected << QStringList{q.value(0).toString(), q.value(1).toString(),
                                    q.value(2).toString(), q.value(3).toString(),
                                    q.value(4).toString()};
        QCOMPARE(expected.size(), 6);

        const QList<QStringList> parsed = parseCsv(csv);
        QCOMPARE(parsed.size(), 7);
        QCOMPARE(parsed.first(), HoroscopeExporter::columns());
        for (int i = 0; i < 6; ++i)
            QCOMPARE(parsed.at(i + 1).mid(0, 5), expected.at(i));

        QJsonParseError jsonError;
        const QJsonArray array = QJsonDocument::fromJson(json, &jsonError).array();
        QCOMPARE(jsonError.error, QJsonParseError::NoError);
        QCOMPARE(array.size(), 6);
        for (int i = 0; i < 6; ++i) {
            const QJsonObject o = array.at(i).toObject();
            QCOMPARE(QString::number(o.value(u"id"_s).toInt()), expected.at(i).at(0));
            QCOMPARE(o.value(u"zodiac_sign"_s).toString(), expected.at(i).at(1));
            QCOMPARE(o.value(u"horoscope_date"_s).toString(), expected.at(i).at(2));
            QCOMPARE(o.value(u"content"_s).toString(), expected.at(i).at(3));
            QCOMPARE(o.value(u"generated_at"_s).toString(), expected.at(i).at(4));
        }
    }
    TestCluster::close(db);
}

void TestHoroscopes::coverageListsPresentAndCorrected()
{
    const ConnectionSpec spec = migratedTestDatabase(u"coverage"_s);
    insertDays(spec, QDate(2026, 5, 3), 3);
    QCOMPARE(
        TestCluster::execute(
            spec,
            u"DELETE FROM horoscope_cache WHERE zodiac_sign = 'leo' AND horoscope_date = "
            u"'2026-05-02';"
            "UPDATE horoscope_cache SET content = 'fix' WHERE zodiac_sign = 'virgo' AND horoscope_date = '2026-05-03'"_s),
        QString());
    QSqlDatabase db = TestCluster::open(spec);
    {
        QList<CoverageCell> cells;
        DbError error;
        QVERIFY(HoroscopeStore(db, spec, true)
                    .coverage(QDate(2026, 5, 1), QDate(2026, 5, 4), &cells, &error));
        QCOMPARE(cells.size(), 35);
        int corrected = 0;
        for (const CoverageCell& c : cells) {
            QVERIFY(!(c.sign == u"leo" && c.date == QDate(2026, 5, 2)));
            corrected += c.corrected ? 1 : 0;
        }
        QCOMPARE(corrected, 1);
    }
    TestCluster::close(db);
}

QTEST_GUILESS_MAIN(TestHoroscopes)
#include "tst_horoscopes.moc"
