#include "Csv.h"
#include "Database.h"
#include "HoroscopeFixtures.h"
#include "TrendChart.h"
#include "TrendFixtures.h"
#include "TrendTotalsModel.h"
#include "TrendsPage.h"
#include "ViewTrends.h"
#include "ViewsTableModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray cli(const ConnectionSpec& spec, const QStringList& args)
{
    QProcess p;
    const QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
    p.start(QStringLiteral(HA_EXECUTABLE), QStringList{u"--database-url"_s, url} + args);
    p.waitForFinished(60'000);
    if (p.exitCode() != 0)
        qWarning("%s", p.readAllStandardError().constData());
    return p.readAllStandardOutput();
}

} // namespace

class TestTrends : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void daysAreZeroFilledAcrossALeapDay();
    void weeksStartOnMondayAndCountOnlyDaysInRange();
    void monthsAndTheirEdges();
    void unknownSignsGetTheirOwnSeries();
    void totalsSharesAndChange();
    void commandLineEqualsTheChart_data();
    void commandLineEqualsTheChart();
    void chartRendersOffscreenWithEverySeries();
    void legendHidesIsolatesAndHoverDescribes();
    void denseSeriesAreThinnedAndZoomBringsDetailBack();
    void refreshKeepsZoomAndAutoRefreshHasAFloor();
    void rawTableRefusesEdits();
    void exportAgreesWithSqlOnPartialBucketsGapsAndUnknownKeys();

private:
    ConnectionSpec m_spec;
};

void TestTrends::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"trends"_s);
    QCOMPARE(insertLeapDayViews(m_spec), QString());
}

void TestTrends::daysAreZeroFilledAcrossALeapDay()
{
    const ViewTrends t =
        load(m_spec, QDate(2024, 2, 27), QDate(2024, 3, 2), ViewTrends::Bucket::Day);
    QCOMPARE(t.buckets.size(), 5);
    QCOMPARE(t.buckets.at(2), QDate(2024, 2, 29));
    QCOMPARE(t.counts.value(u"aries"_s), (QList<qint64>{27, 0, 29, 1, 2}));
    QCOMPARE(t.counts.value(u"leo"_s), (QList<qint64>{0, 0, 1000, 0, 0}));
    QCOMPARE(t.counts.value(u"pisces"_s), (QList<qint64>{0, 0, 0, 0, 0}));
    QCOMPARE(t.signs.size(), 12);
}

void TestTrends::weeksStartOnMondayAndCountOnlyDaysInRange()
{
    // 2024-02-28 is a Wednesday; 2024-03-05 a Tuesday.
    const ViewTrends t =
        load(m_spec, QDate(2024, 2, 28), QDate(2024, 3, 5), ViewTrends::Bucket::Week);
    QCOMPARE(t.buckets, (QList<QDate>{QDate(2024, 2, 26), QDate(2024, 3, 4)}));
    // Week of 26 Feb within the range: 28 (missing), 29, 1, 2, 3 March.
    QCOMPARE(t.counts.value(u"aries"_s), (QList<qint64>{29 + 1 + 2 + 3, 4 + 5}));
    QCOMPARE(t.counts.value(u"leo"_s), (QList<qint64>{1000, 0}));
}

void TestTrends::monthsAndTheirEdges()
{
    const ViewTrends t =
        load(m_spec, QDate(2024, 2, 25), QDate(2024, 3, 3), ViewTrends::Bucket::Month);
    QCOMPARE(t.buckets, (QList<QDate>{QDate(2024, 2, 1), QDate(2024, 3, 1)}));
    QCOMPARE(t.counts.value(u"aries"_s), (QList<qint64>{25 + 26 + 27 + 29, 1 + 2 + 3}));
    const ViewTrends year =
        load(m_spec, QDate(2023, 12, 31), QDate(2024, 1, 1), ViewTrends::Bucket::Month);
    QCOMPARE(year.buckets, (QList<QDate>{QDate(2023, 12, 1), QDate(2024, 1, 1)}));
}

void TestTrends::unknownSignsGetTheirOwnSeries()
{
    const ConnectionSpec spec = migratedTestDatabase(u"trends_odd"_s);
    QCOMPARE(TestCluster::execute(
                 spec, u"INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) "
                       "VALUES ('Ophiuchus', '2026-01-02', 7)"_s),
             QString());
    const ViewTrends t = load(spec, QDate(2026, 1, 1), QDate(2026, 1, 3), ViewTrends::Bucket::Day);
    QCOMPARE(t.signs.size(), 13);
    QCOMPARE(t.signs.last(), u"Ophiuchus"_s);
    QCOMPARE(t.counts.value(u"Ophiuchus"_s), (QList<qint64>{0, 7, 0}));
}

void TestTrends::totalsSharesAndChange()
{
    // 2024-03-01..03-05 against the 5 days before (02-25..02-29).
    const ViewTrends t =
        load(m_spec, QDate(2024, 3, 1), QDate(2024, 3, 5), ViewTrends::Bucket::Day);
    QCOMPARE(t.totals.value(u"aries"_s), 1 + 2 + 3 + 4 + 5);
    QCOMPARE(t.previous.value(u"aries"_s), 25 + 26 + 27 + 29);
    QCOMPARE(t.previous.value(u"leo"_s), 1000);
    QCOMPARE(t.total(), 15);
    QCOMPARE(t.share(u"aries"_s), 1.0);
    QCOMPARE(t.share(u"leo"_s), 0.0);
    QVERIFY(std::abs(t.change(u"aries"_s) - (15.0 - 107.0) / 107.0) < 1e-9);
    QCOMPARE(t.change(u"leo"_s), -1.0);
    QVERIFY(std::isnan(t.change(u"virgo"_s))); // nothing before: no percentage
    TrendTotalsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrends(t);
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(model.index(0, TrendTotalsModel::ShareColumn).data().toString(), u"100.0%"_s);
    QCOMPARE(model.index(4, TrendTotalsModel::ChangeColumn).data().toString(), u"-100.0%"_s);
    QCOMPARE(model.index(5, TrendTotalsModel::ChangeColumn).data().toString(), u"—"_s);
}

void TestTrends::commandLineEqualsTheChart_data()
{
    QTest::addColumn<QString>("bucket");
    QTest::newRow("day") << u"day"_s;
    QTest::newRow("week") << u"week"_s;
    QTest::newRow("month") << u"month"_s;
}

void TestTrends::commandLineEqualsTheChart()
{
    QFETCH(QString, bucket);
    ViewTrends::Bucket b;
    QVERIFY(ViewTrends::parseBucket(bucket, &b));
    const QDate from(2024, 2, 10);
    const QDate to(2024, 3, 20);
    TrendChart chart;
    chart.setTrends(load(m_spec, from, to, b));

    const QStringList args{u"views"_s,    u"export"_s,
                           u"--from"_s,   from.toString(Qt::ISODate),
                           u"--to"_s,     to.toString(Qt::ISODate),
                           u"--bucket"_s, bucket};
    // CSV: bucket,sign,views for every bucket and sign.
    const QList<QByteArray> lines =
        cli(m_spec, args + QStringList{u"--format"_s, u"csv"_s}).trimmed().split('\n');
    QCOMPARE(lines.first().trimmed(),
             QByteArray("bucket,sign,views,first_day,last_day,days,complete"));
    QHash<QString, QList<QPointF>> fromCsv;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines.at(i).trimmed().split(',');
        QCOMPARE(f.size(), 7);
        const QDate day = QDate::fromString(QString::fromLatin1(f.at(0)), Qt::ISODate);
        fromCsv[QString::fromUtf8(f.at(1))] << QPointF(
            static_cast<qreal>(day.startOfDay().toMSecsSinceEpoch()), f.at(2).toDouble());
    }
    // JSON: the same rows.
    const QJsonObject json =
        QJsonDocument::fromJson(cli(m_spec, args + QStringList{u"--format"_s, u"json"_s})).object();
    QCOMPARE(json.value(u"bucket"_s).toString(), bucket);
    QHash<QString, QList<QPointF>> fromJson;
    for (const QJsonValue& v : json.value(u"rows"_s).toArray()) {
        const QJsonObject o = v.toObject();
        const QDate day = QDate::fromString(o.value(u"bucket"_s).toString(), Qt::ISODate);
        fromJson[o.value(u"sign"_s).toString()]
            << QPointF(static_cast<qreal>(day.startOfDay().toMSecsSinceEpoch()),
                       o.value(u"views"_s).toDouble());
    }
    QCOMPARE(fromCsv.size(), chart.seriesNames().size());
    for (const QString& sign : chart.seriesNames()) {
        QCOMPARE(fromCsv.value(sign), chart.points(sign));
        QCOMPARE(fromJson.value(sign), chart.points(sign));
    }
}

void TestTrends::chartRendersOffscreenWithEverySeries()
{
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    const ViewTrends t =
        load(m_spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Day);
    chart.setTrends(t);
    QCOMPARE(chart.seriesNames().size(), 12);
    for (const QString& sign : chart.seriesNames()) {
        QCOMPARE(chart.points(sign).size(), 60); // 2024 is a leap year
        // Fewer points than pixels: all drawn, from the first recorded view (20 February).
        QCOMPARE(chart.drawnPoints(sign), chart.points(sign).mid(19));
    }
    const QImage image = chart.toImage();
    QCOMPARE(image.size(), QSize(1600, 1000));
    // Something was drawn: the image is not one flat colour, and aries' red is in it.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 20);
}

void TestTrends::denseSeriesAreThinnedAndZoomBringsDetailBack()
{
    // Ten years of one value a day, with one spike: thinned, the spike and both ends stay.
    ViewTrends t;
    t.bucket = ViewTrends::Bucket::Day;
    t.from = QDate(2016, 1, 1);
    t.to = QDate(2025, 12, 31);
    t.buckets = ViewTrends::bucketStarts(t.from, t.to, t.bucket);
    t.signs = {u"aries"_s};
    QList<qint64> counts(t.buckets.size(), 100);
    counts[1234] = 5000;
    counts[2000] = 0;
    t.counts.insert(u"aries"_s, counts);
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    chart.setTrends(t);
    const QList<QPointF> drawn = chart.drawnPoints(u"aries"_s);
    QVERIFY2(drawn.size() <= 800, qPrintable(QString::number(drawn.size())));
    QCOMPARE(drawn.first(), chart.points(u"aries"_s).first());
    QCOMPARE(drawn.last(), chart.points(u"aries"_s).last());
    QVERIFY(drawn.contains(chart.points(u"aries"_s).at(1234)));
    QVERIFY(drawn.contains(chart.points(u"aries"_s).at(2000)));
    for (const QPointF& p : drawn)
        QVERIFY(chart.points(u"aries"_s).contains(p)); // picked, never interpolated
    chart.zoomTo(QDate(2019, 5, 1), QDate(2019, 5, 31));
    const QList<QPointF> zoomed = chart.drawnPoints(u"aries"_s);
    QVERIFY(zoomed.size() >= 31 && zoomed.size() <= 35); // every day of May, plus the edges
}

void TestTrends::legendHidesIsolatesAndHoverDescribes()
{
    TrendChart chart;
    chart.setTrends(load(m_spec, QDate(2024, 2, 27), QDate(2024, 3, 2), ViewTrends::Bucket::Day));
    QVERIFY(chart.isSignVisible(u"leo"_s));
    chart.setSignVisible(u"leo"_s, false);
    QVERIFY(!chart.isSignVisible(u"leo"_s));
    chart.showOnly(u"aries"_s);
    for (const QString& sign : chart.seriesNames())
        QCOMPARE(chart.isSignVisible(sign), sign == u"aries");
    chart.showAll();
    QVERIFY(chart.isSignVisible(u"leo"_s));
    const QString hover = chart.describePoint(u"leo"_s, 2);
    QVERIFY2(hover.contains(u"Leo") && hover.contains(u"1,000") && hover.contains(u"29"),
             qPrintable(hover));
}

void TestTrends::refreshKeepsZoomAndAutoRefreshHasAFloor()
{
    Database database(m_spec);
    database.start();
    TrendsPage page(&database);
    page.resize(900, 600);
    page.show();
    page.setBucket(ViewTrends::Bucket::Day);
    page.setRange(TrendsPage::Preset::Custom, QDate(2024, 2, 1), QDate(2024, 3, 31));
    QTRY_VERIFY(page.trends().buckets.size() == 60);
    page.chart()->zoomTo(QDate(2024, 2, 20), QDate(2024, 3, 5));
    const auto zoomed = page.chart()->visibleRange();
    QVERIFY(zoomed.first >= QDate(2024, 2, 19) && zoomed.second <= QDate(2024, 3, 6));
    const int before = page.refreshCount();
    page.refresh();
    QTRY_VERIFY(page.refreshCount() > before);
    QCOMPARE(page.chart()->visibleRange(), zoomed);
    page.setAutoRefreshSeconds(1);
    QCOMPARE(page.autoRefreshSeconds(), 5);
    page.setAutoRefreshSeconds(0);
    QCOMPARE(page.autoRefreshSeconds(), 0);

    QTemporaryDir dir;
    QVERIFY(page.exportPng(dir.filePath(u"chart.png"_s)));
    QImage png(dir.filePath(u"chart.png"_s));
    QCOMPARE(png.size(), page.chart()->size() * 2);
    QVERIFY(page.exportCsv(dir.filePath(u"numbers.csv"_s)));
    QFile csv(dir.filePath(u"numbers.csv"_s));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), page.trends().toCsv());
}

void TestTrends::rawTableRefusesEdits()
{
    Database database(m_spec);
    database.start();
    TrendsPage page(&database);
    ViewsTableModel* model = page.rawViews();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<ViewsTableModel::Row> rows;
    bool truncated = false;
    DbError error;
    QSqlDatabase db = TestCluster::open(m_spec);
    QVERIFY(ViewsTableModel::load(db, m_spec, {u"aries"_s}, QDate(2024, 3, 1), QDate(2024, 3, 10),
                                  &rows, &truncated, &error));
    TestCluster::close(db);
    QCOMPARE(rows.size(), 10);
    QVERIFY(!truncated);
    model->setRows(rows, truncated);
    const QModelIndex count = model->index(0, ViewsTableModel::ViewsColumn);
    QVERIFY(!(model->flags(count) & Qt::ItemIsEditable));
    QVERIFY(!model->setData(count, 999));
    QCOMPARE(count.data().toString(), u"10"_s);
    QCOMPARE(TestCluster::scalar(m_spec, u"SELECT view_count FROM horoscope_views WHERE "
                                         "zodiac_sign = 'aries' AND view_date = '2024-03-10'"_s)
                 .toInt(),
             10);
}

// Weeks from Friday 7 to Tuesday 25 November 2025 (a partial week at each end); Taurus, Gemini
// and Leo have no rows 12-21 November while the others have; one row for a key that is not a
// sign. What views export prints, in both formats and both ways of counting missing days, is
// what plain SQL over horoscope_views gives.
void TestTrends::exportAgreesWithSqlOnPartialBucketsGapsAndUnknownKeys()
{
    const ConnectionSpec spec = migratedTestDatabase(u"trends_frame"_s);
    QCOMPARE(TestCluster::execute(spec, uR"(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT s.sign, d::date, 100 + s.n * 3 + extract(day FROM d)::int
        FROM generate_series('2025-10-20'::date, '2025-12-05'::date, interval '1 day') d,
             unnest(ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                          'sagittarius','capricorn','aquarius','pisces']) WITH ORDINALITY s(sign, n)
        WHERE NOT (s.sign IN ('taurus', 'gemini', 'leo')
                   AND d BETWEEN '2025-11-12' AND '2025-11-21');
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        VALUES ('ophiuchus', '2025-11-10', 7);
    )"_s),
             QString());
    // One line per bucket and key, computed here without the app: the week's days inside the
    // range, its views, whether it is whole and over; with gaps, a key with no row in a week
    // where a sign has rows has no number.
    const auto expected = [&](const QString& unit, bool gaps) {
        const QString last = unit == u"week" ? u"6"_s : u"0"_s;
        QString sql = uR"(
            WITH r AS (SELECT '2025-11-07'::date AS f, '2025-11-25'::date AS t),
            b AS (SELECT w::date AS start FROM r, generate_series(date_trunc('%1', r.f),
                                                                 r.t, interval '1 %1') w),
            k AS (SELECT unnest(ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra',
                                      'scorpio','sagittarius','capricorn','aquarius','pisces'])
                         AS sign
                  UNION SELECT DISTINCT zodiac_sign FROM horoscope_views, r
                        WHERE view_date BETWEEN r.f AND r.t),
            cell AS (
                SELECT b.start, k.sign, greatest(b.start, r.f) AS first_day,
                       least(b.start + %2, r.t) AS last_day,
                       (SELECT sum(view_count) FROM horoscope_views v
                        WHERE v.zodiac_sign = k.sign
                          AND v.view_date BETWEEN greatest(b.start, r.f)
                                              AND least(b.start + %2, r.t)) AS views,
                       EXISTS (SELECT 1 FROM horoscope_views v
                               WHERE v.zodiac_sign IN ('aries','taurus','gemini','cancer','leo',
                                     'virgo','libra','scorpio','sagittarius','capricorn',
                                     'aquarius','pisces')
                                 AND v.view_date BETWEEN greatest(b.start, r.f)
                                                     AND least(b.start + %2, r.t)) AS others,
                       b.start >= r.f AND b.start + %2 <= r.t AND b.start + %2 < current_date
                           AS complete
                FROM b CROSS JOIN k CROSS JOIN r)
            SELECT string_agg(concat_ws(',', start, sign,
                                        CASE WHEN views IS NULL AND others AND %3
                                             THEN '' ELSE coalesce(views, 0)::text END,
                                        first_day, last_day, last_day - first_day + 1,
                                        complete::text),
                              E'\n' ORDER BY start, sign)
            FROM cell
        )"_s;
        return TestCluster::scalar(spec, sql.arg(unit, last, gaps ? u"true"_s : u"false"_s))
            .toString()
            .split(u'\n');
    };
    const QStringList args{u"views"_s,      u"export"_s, u"--from"_s,
                           u"2025-11-07"_s, u"--to"_s,   u"2025-11-25"_s};
    const QList<std::pair<QString, bool>> cases{
        {u"week"_s, false}, {u"week"_s, true}, {u"day"_s, true}};
    for (const auto& [unit, gaps] : cases) {
        QStringList extra{u"--bucket"_s, unit};
        if (gaps)
            extra << u"--missing"_s << u"gap"_s;
        const QList<QStringList> csv =
            parseCsv(cli(spec, args + extra + QStringList{u"--format"_s, u"csv"_s}));
        QVERIFY(!csv.isEmpty());
        QCOMPARE(csv.first(), (QStringList{u"bucket"_s, u"sign"_s, u"views"_s, u"first_day"_s,
                                           u"last_day"_s, u"days"_s, u"complete"_s}));
        QStringList fromCsv;
        for (qsizetype i = 1; i < csv.size(); ++i)
            fromCsv << csv.at(i).join(u',');
        const QJsonArray rows =
            QJsonDocument::fromJson(cli(spec, args + extra + QStringList{u"--format"_s, u"json"_s}))
                .object()
                .value(u"rows"_s)
                .toArray();
        QStringList fromJson;
        for (const QJsonValue& v : rows) {
            const QJsonObject o = v.toObject();
            const QJsonValue views = o.value(u"views"_s);
            fromJson << QStringList{o.value(u"bucket"_s).toString(),
                                    o.value(u"sign"_s).toString(),
                                    views.isNull() ? QString() : QString::number(views.toInteger()),
                                    o.value(u"first_day"_s).toString(),
                                    o.value(u"last_day"_s).toString(),
                                    QString::number(o.value(u"days"_s).toInt()),
                                    o.value(u"complete"_s).toBool() ? u"true"_s : u"false"_s}
                            .join(u',');
        }
        QStringList want = expected(unit, gaps);
        std::sort(want.begin(), want.end());
        std::sort(fromCsv.begin(), fromCsv.end());
        std::sort(fromJson.begin(), fromJson.end());
        // 4 weeks or 19 days, 12 signs and ophiuchus
        QCOMPARE(fromCsv.size(), (unit == u"week" ? 4 : 19) * 13);
        QCOMPARE(fromCsv, want);
        QCOMPARE(fromJson, want);
    }
}

QTEST_MAIN(TestTrends)
#include "tst_trends.moc"
