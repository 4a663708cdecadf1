#include "Database.h"
#include "HoroscopeFixtures.h"
#include "TrendChart.h"
#include "TrendTotalsModel.h"
#include "TrendsPage.h"
#include "ViewTrends.h"
#include "ViewsTableModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>
#include <array>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

ViewTrends load(const ConnectionSpec& spec, const QDate& from, const QDate& to,
                ViewTrends::Bucket bucket)
{
    ViewTrends t;
    QSqlDatabase db = TestCluster::open(spec);
    {
        DbError error;
        ViewTrends::Range r{from, to, bucket};
        if (!ViewTrends::load(db, spec, r, &t, &error))
            qWarning("%s", qPrintable(error.message));
    }
    TestCluster::close(db);
    return t;
}

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

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const ConnectionSpec& spec, const QStringList& args)
{
    QProcess p;
    const QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"QT_QPA_PLATFORM"_s); // the command picks offscreen itself
    env.remove(u"DISPLAY"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HA_EXECUTABLE), QStringList{u"--database-url"_s, url} + args);
    p.waitForFinished(60'000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

// Days that are all one value, for tests that need known maxima without the database.
ViewTrends flat(ViewTrends::Bucket bucket, const QDate& from, const QDate& to, qint64 value)
{
    ViewTrends t;
    t.bucket = bucket;
    t.from = from;
    t.to = to;
    t.firstRecorded = from.addYears(-1);
    t.buckets = ViewTrends::bucketStarts(from, to, bucket);
    t.signs = {u"aries"_s, u"taurus"_s};
    for (const QString& sign : std::as_const(t.signs)) {
        t.counts.insert(sign, QList<qint64>(t.buckets.size(), value));
        t.totals.insert(sign, value * t.buckets.size());
    }
    return t;
}

// CIE L*a*b* distance (1976) between two sRGB colours.
double deltaE(const QColor& a, const QColor& b)
{
    const auto lab = [](const QColor& c) {
        const auto lin = [](double v) {
            return v > 0.04045 ? std::pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
        };
        const double r = lin(c.redF()), g = lin(c.greenF()), bl = lin(c.blueF());
        const double x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047;
        const double y = 0.2126 * r + 0.7152 * g + 0.0722 * bl;
        const double z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883;
        const auto f = [](double t) {
            return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116;
        };
        return std::array<double, 3>{116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
    };
    const auto p = lab(a);
    const auto q = lab(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

// Pixels that are clearly not the white background in a horizontal strip of the image.
int inkIn(const QImage& image, int top, int bottom)
{
    int ink = 0;
    for (int y = top; y < bottom; ++y)
        for (int x = 0; x < image.width(); ++x)
            ink += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
    return ink;
}

qreal msOf(const QDate& d)
{
    return static_cast<qreal>(d.startOfDay().toMSecsSinceEpoch());
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
    void newRangeStartsUnzoomed();                 // 1
    void resetZoomAfterABucketChangeFitsTheAxes(); // 2
    void hidingAndZoomRescaleYAndUpdateTotals();   // 3
    void crosshairListsEveryVisibleSign();         // 4
    void paletteStaysDistinguishable();            // 5
    void unfinishedBucketAndNoDataYet();           // 6
    void exportedPictureSaysWhatItShows();         // 7
    void keyboardZoomsPansAndTogglesSigns();       // 8
    void smallMultiplesAndShareOfTotal();
    void viewsChartWritesAPng();
    void viewsChartRefusesBadValues();

private:
    ConnectionSpec m_spec;
};

void TestTrends::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"trends"_s);
    // aries: every day from 2024-02-20 to 2024-03-10 with count = day of month, except
    // 2024-02-28 (no row); leo: only 2024-02-29 with 1000.
    QCOMPARE(TestCluster::execute(m_spec, uR"(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT 'aries', d::date, extract(day FROM d)::int
        FROM generate_series('2024-02-20'::date, '2024-03-10'::date, interval '1 day') d
        WHERE d::date <> '2024-02-28';
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count) VALUES ('leo', '2024-02-29', 1000);
    )"_s),
             QString());
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
    QCOMPARE(lines.first().trimmed(), QByteArray("bucket,sign,views"));
    QHash<QString, QList<QPointF>> fromCsv;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> f = lines.at(i).trimmed().split(',');
        QCOMPARE(f.size(), 3);
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

void TestTrends::newRangeStartsUnzoomed()
{
    Database database(m_spec);
    database.start();
    TrendsPage page(&database);
    page.resize(900, 600);
    page.show();
    page.setRange(TrendsPage::Preset::Custom, QDate(2024, 2, 1), QDate(2024, 3, 31));
    QTRY_VERIFY(page.trends().buckets.size() == 60);
    page.chart()->zoomTo(QDate(2024, 2, 20), QDate(2024, 3, 5));
    page.setRange(TrendsPage::Preset::Custom, QDate(2024, 1, 1), QDate(2024, 3, 31));
    QTRY_VERIFY(page.trends().buckets.size() == 91);
    QCOMPARE(page.chart()->visibleRange(), std::pair(QDate(2024, 1, 1), QDate(2024, 3, 31)));
    QVERIFY2(page.caption().contains(u"1/1/24"_s) || page.caption().contains(u"2024"_s),
             qPrintable(page.caption()));
}

void TestTrends::resetZoomAfterABucketChangeFitsTheAxes()
{
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    const QDate from(2024, 1, 1);
    const QDate to(2024, 6, 30);
    chart.setTrends(flat(ViewTrends::Bucket::Day, from, to, 100));
    chart.zoomTo(QDate(2024, 2, 1), QDate(2024, 3, 1));
    chart.setTrends(flat(ViewTrends::Bucket::Week, from, to, 700));
    QVERIFY2(chart.yRange().second >= 700, qPrintable(QString::number(chart.yRange().second)));
    chart.resetZoom();
    QVERIFY2(chart.yRange().second >= 700, qPrintable(QString::number(chart.yRange().second)));
    QVERIFY(chart.yRange().second < 1400);
    QCOMPARE(chart.visibleRange().first, QDate(2024, 1, 1));
}

void TestTrends::hidingAndZoomRescaleYAndUpdateTotals()
{
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    chart.setTrends(load(m_spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Day));
    QVERIFY(chart.yRange().second >= 1000); // leo's 1000 on 29 Feb
    chart.showOnly(u"aries"_s);             // at most 31 a day
    QVERIFY2(chart.yRange().second < 100, qPrintable(QString::number(chart.yRange().second)));
    chart.showAll();
    QVERIFY(chart.yRange().second >= 1000);
    chart.zoomTo(QDate(2024, 3, 2), QDate(2024, 3, 10)); // leo's day is out of view
    QVERIFY2(chart.yRange().second < 100, qPrintable(QString::number(chart.yRange().second)));

    Database database(m_spec);
    database.start();
    TrendsPage page(&database);
    page.resize(900, 600);
    page.show();
    page.setRange(TrendsPage::Preset::Custom, QDate(2024, 2, 1), QDate(2024, 3, 31));
    QTRY_VERIFY(page.trends().buckets.size() == 60);
    page.chart()->zoomTo(QDate(2024, 3, 2), QDate(2024, 3, 10));
    const int aries = 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10;
    QCOMPARE(page.totals()->index(0, TrendTotalsModel::TotalColumn).data().toString(),
             QString::number(aries));
    QVERIFY2(page.caption().contains(u"%1 views"_s.arg(aries)), qPrintable(page.caption()));
    page.chart()->setSignVisible(u"aries"_s, false);
    QVERIFY2(page.caption().contains(u"0 views"_s), qPrintable(page.caption()));
}

void TestTrends::crosshairListsEveryVisibleSign()
{
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setTrends(load(m_spec, QDate(2024, 2, 27), QDate(2024, 3, 2), ViewTrends::Bucket::Day));
    chart.setSignVisible(u"taurus"_s, false);
    // A little beside the 29 February point: the nearest bucket is read, not the line.
    QTest::mouseMove(chart.viewport(), chart.positionOf(2) + QPoint(12, -40));
    QTRY_VERIFY(chart.isCrosshairVisible());
    const QStringList lines = chart.hoverText().split(u'\n');
    QCOMPARE(lines.size(), 1 + 11 + 1); // the date, 11 visible signs, the total
    QVERIFY2(lines.at(0).contains(u"29"_s), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).endsWith(u"Leo: 1,000"_s), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).endsWith(u"Aries: 29"_s), qPrintable(lines.at(2)));
    QCOMPARE(lines.last(), u"Total: 1,029"_s);
    QVERIFY(!chart.hoverText().contains(u"Taurus"_s));
}

void TestTrends::paletteStaysDistinguishable()
{
    TrendChart chart;
    chart.setTrends(load(m_spec, QDate(2024, 2, 27), QDate(2024, 3, 2), ViewTrends::Bucket::Day));
    const QStringList signs = chart.seriesNames();
    QCOMPARE(signs.size(), 12);
    for (qsizetype i = 0; i < signs.size(); ++i) {
        for (qsizetype j = i + 1; j < signs.size(); ++j) {
            const QPen a = chart.seriesPen(signs.at(i));
            const QPen b = chart.seriesPen(signs.at(j));
            const double d = deltaE(a.color(), b.color());
            // Apart in colour; the closest pairs also apart in line style.
            const QString what = u"%1/%2: %3"_s.arg(signs.at(i), signs.at(j)).arg(d);
            QVERIFY2(d >= 20, qPrintable(what));
            if (a.style() == b.style())
                QVERIFY2(d >= 30, qPrintable(what));
        }
    }
}

void TestTrends::unfinishedBucketAndNoDataYet()
{
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    // Weeks from 29 Jan; the first view is on 20 Feb; the range ends on Tuesday 5 March, so
    // the week of 4 March is unfinished.
    chart.setTrends(load(m_spec, QDate(2024, 2, 1), QDate(2024, 3, 5), ViewTrends::Bucket::Week));
    const QList<QPointF> solid = chart.drawnPoints(u"aries"_s);
    QVERIFY(!solid.isEmpty());
    QCOMPARE(solid.first().x(), msOf(QDate(2024, 2, 19))); // no zeros before the first view
    QCOMPARE(solid.last().x(), msOf(QDate(2024, 2, 26)));  // the last complete week
    const QList<QPointF> tail = chart.partialPoints(u"aries"_s);
    QCOMPARE(tail.size(), 2);
    QCOMPARE(tail.last(), QPointF(msOf(QDate(2024, 3, 4)), 4 + 5));
    QVERIFY(chart.crosshairText(0).contains(u"no data yet"_s));
    QVERIFY(chart.crosshairText(5).contains(u"unfinished"_s));
}

void TestTrends::exportedPictureSaysWhatItShows()
{
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    chart.setTrends(load(m_spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Week));
    QVERIFY2(chart.title().contains(u"1 Feb 2024"_s) && chart.title().contains(u"31 Mar 2024"_s) &&
                 chart.title().contains(u"by week"_s),
             qPrintable(chart.title()));
    const QImage image = chart.toImage();
    // The title is drawn at the top, above the plot.
    QVERIFY(inkIn(image, 0, image.height() / 14) > 200);
    chart.zoomTo(QDate(2024, 2, 12), QDate(2024, 3, 4));
    QVERIFY2(chart.title().contains(u"12 Feb 2024"_s), qPrintable(chart.title()));
}

void TestTrends::keyboardZoomsPansAndTogglesSigns()
{
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setTrends(load(m_spec, QDate(2024, 1, 1), QDate(2024, 4, 30), ViewTrends::Bucket::Day));
    chart.setFocus();
    const auto full = chart.visibleRange();
    QTest::keyClick(&chart, Qt::Key_Plus);
    const auto in = chart.visibleRange();
    QVERIFY(in.first > full.first && in.second < full.second);
    QTest::keyClick(&chart, Qt::Key_Right);
    const auto right = chart.visibleRange();
    QVERIFY(right.first > in.first);
    QCOMPARE(right.first.daysTo(right.second), in.first.daysTo(in.second));
    QTest::keyClick(&chart, Qt::Key_Minus);
    QTest::keyClick(&chart, Qt::Key_0);
    QCOMPARE(chart.visibleRange(), full);

    // The signs from the keyboard: a menu of checkable entries; A shows all again.
    QAction* leo = nullptr;
    for (QAction* action : chart.signsMenu()->actions())
        if (action->text().endsWith(u"Leo"_s))
            leo = action;
    QVERIFY(leo && leo->isCheckable() && leo->isChecked());
    leo->trigger();
    QVERIFY(!chart.isSignVisible(u"leo"_s));
    QTest::keyClick(&chart, Qt::Key_A);
    QVERIFY(chart.isSignVisible(u"leo"_s));
    QVERIFY(leo->isChecked());

    Database database(m_spec);
    TrendsPage page(&database);
    const auto buttons = page.findChildren<QToolButton*>();
    const auto signs = std::find_if(buttons.begin(), buttons.end(), [&](QToolButton* b) {
        return b->menu() == page.chart()->signsMenu();
    });
    QVERIFY(signs != buttons.end());
    QVERIFY((*signs)->text().contains(u'&')); // Alt and a letter opens it
}

void TestTrends::smallMultiplesAndShareOfTotal()
{
    TrendChart chart;
    chart.resize(1000, 700);
    chart.show();
    chart.setTrends(load(m_spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Day));
    chart.setKind(TrendChart::Kind::Share);
    QCOMPARE(chart.yRange(), std::pair(qreal(0), qreal(100)));
    QVERIFY(chart.title().startsWith(u"Share"_s));
    // 29 Feb: leo 1000 of 1029.
    QVERIFY2(chart.crosshairText(28).contains(u"Leo: 1,000 (97.2%)"_s),
             qPrintable(chart.crosshairText(28)));
    chart.setKind(TrendChart::Kind::SmallMultiples);
    const QImage image = chart.toImage(1.0);
    QCOMPARE(image.size(), QSize(1000, 700));
    QVERIFY(inkIn(image, 0, image.height()) > 2000);
    chart.setKind(TrendChart::Kind::Lines);
    QVERIFY(!chart.drawnPoints(u"aries"_s).isEmpty());
}

void TestTrends::viewsChartWritesAPng()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"trends.png"_s);
    const QStringList args{u"views"_s,      u"chart"_s,    u"--from"_s, u"2024-02-01"_s, u"--to"_s,
                           u"2024-03-31"_s, u"--bucket"_s, u"week"_s,   u"--out"_s,      file,
                           u"--size"_s,     u"900x600"_s};
    const Run lines = run(m_spec, args);
    QVERIFY2(lines.code == 0, lines.err.constData());
    const QImage image(file);
    QCOMPARE(image.size(), QSize(900, 600));
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 5)
        for (int x = 0; x < image.width(); x += 5)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 20);
    QVERIFY(inkIn(image, 0, 40) > 100); // the title line
    // The same render path in this process: its title is what the command drew.
    TrendChart chart;
    chart.resize(900, 600);
    chart.setTrends(load(m_spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Week));
    QCOMPARE(chart.title(), u"Views per sign, 1 Feb 2024 – 31 Mar 2024, by week (from Monday)"_s);

    const QString multiples = dir.filePath(u"multiples.png"_s);
    const Run small =
        run(m_spec, QStringList{u"views"_s, u"chart"_s, u"--from"_s, u"2024-02-01"_s, u"--to"_s,
                                u"2024-03-31"_s, u"--kind"_s, u"small-multiples"_s, u"--signs"_s,
                                u"aries,leo"_s, u"--out"_s, multiples});
    QVERIFY2(small.code == 0, small.err.constData());
    QCOMPARE(QImage(multiples).size(), QSize(1600, 1000));
}

void TestTrends::viewsChartRefusesBadValues()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"x.png"_s);
    const QStringList base{u"views"_s,      u"chart"_s, u"--from"_s,
                           u"2024-02-01"_s, u"--to"_s,  u"2024-03-31"_s};
    const QList<std::pair<QStringList, int>> cases{
        {{u"--kind"_s, u"pie"_s, u"--out"_s, file}, 2},
        {{u"--size"_s, u"10x10"_s, u"--out"_s, file}, 2},
        {{u"--signs"_s, u"aries,dragon"_s, u"--out"_s, file}, 2},
        {{u"--out"_s, dir.filePath(u"x.jpg"_s)}, 2},
        {{u"--bucket"_s, u"year"_s, u"--out"_s, file}, 2},
        {{u"--format"_s, u"csv"_s, u"--out"_s, file}, 2},
        {{u"--out"_s, dir.filePath(u"missing/x.png"_s)}, 1},
    };
    for (const auto& [extra, code] : cases) {
        const Run r = run(m_spec, base + extra);
        QVERIFY2(r.code == code, qPrintable(extra.join(u' ') + u": "_s + QString::fromUtf8(r.err)));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }
    QVERIFY(!QFile::exists(file));
}

QTEST_MAIN(TestTrends)
#include "tst_trends.moc"
