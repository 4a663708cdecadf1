// The trends chart as a manager uses it: zoom, hiding, the crosshair, colours, unfinished
// buckets, exported pictures, the keyboard, the other kinds, and `views chart`.
#include "Database.h"
#include "HoroscopeFixtures.h"
#include "TrendChart.h"
#include "TrendFixtures.h"
#include "TrendTotalsModel.h"
#include "TrendsPage.h"
#include "ViewTrends.h"
#include "ZodiacSign.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLegend>
#include <QLegendMarker>
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

// Every sign every day from 20 October to 5 December 2025, a different number each day, except
// Taurus, Gemini and Leo, which have no rows 12-21 November; and one row for "ophiuchus".
ConnectionSpec framedViews()
{
    const ConnectionSpec spec = migratedTestDatabase(u"trendchart_frame"_s);
    const QString error = TestCluster::execute(spec, uR"(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT s.sign, d::date, 100 + s.n * 3 + extract(day FROM d)::int
        FROM generate_series('2025-10-20'::date, '2025-12-05'::date, interval '1 day') d,
             unnest(ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                          'sagittarius','capricorn','aquarius','pisces']) WITH ORDINALITY s(sign, n)
        WHERE NOT (s.sign IN ('taurus', 'gemini', 'leo')
                   AND d BETWEEN '2025-11-12' AND '2025-11-21');
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        VALUES ('ophiuchus', '2025-11-10', 7);
    )"_s);
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));
    return spec;
}

} // namespace

class TestTrendChart : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
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
    void viewsChartRangeIsBounded();
    void contentChangesAreMarkedOnTheTimeAxis();
    void partialBucketsAreMarkedAtBothEnds(); // issue 23, 1
    void missingRowsAreNamedAndMayBeGaps();   // issue 23, 3
    void unknownKeysAreNamedAndStyledApart(); // issue 23, 4
    void totalsSumWhatTheChartDraws();        // issue 23, 6

private:
    ConnectionSpec m_spec;
};

void TestTrendChart::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"trendchart"_s);
    QCOMPARE(insertLeapDayViews(m_spec), QString());
}

void TestTrendChart::newRangeStartsUnzoomed()
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

void TestTrendChart::resetZoomAfterABucketChangeFitsTheAxes()
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

void TestTrendChart::hidingAndZoomRescaleYAndUpdateTotals()
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

void TestTrendChart::crosshairListsEveryVisibleSign()
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

void TestTrendChart::paletteStaysDistinguishable()
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

void TestTrendChart::unfinishedBucketAndNoDataYet()
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

void TestTrendChart::exportedPictureSaysWhatItShows()
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

void TestTrendChart::keyboardZoomsPansAndTogglesSigns()
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
    QTest::keyClick(&chart, Qt::Key_Right, Qt::ShiftModifier); // Right alone moves the crosshair
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

void TestTrendChart::smallMultiplesAndShareOfTotal()
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
    // Each sign's swatch is a box filled with its colour (the lines' "shape from series" made
    // the areas' swatches empty outlines).
    const auto* view = chart.findChild<QChartView*>();
    QVERIFY(view);
    int areas = 0;
    for (QLegendMarker* marker : view->chart()->legend()->markers()) {
        if (marker->type() != QLegendMarker::LegendMarkerTypeArea)
            continue;
        ++areas;
        QCOMPARE(marker->shape(), QLegend::MarkerShapeRectangle);
        QCOMPARE(marker->brush().style(), Qt::SolidPattern);
    }
    QVERIFY(areas >= 12);
    chart.setKind(TrendChart::Kind::SmallMultiples);
    const QImage image = chart.toImage(1.0);
    QCOMPARE(image.size(), QSize(1000, 700));
    QVERIFY(inkIn(image, 0, image.height()) > 2000);
    chart.setKind(TrendChart::Kind::Lines);
    QVERIFY(!chart.drawnPoints(u"aries"_s).isEmpty());
}

void TestTrendChart::viewsChartWritesAPng()
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
    QVERIFY2(chart.title().startsWith(
                 u"Views per sign, 1 Feb 2024 – 31 Mar 2024, by week (from Monday): "_s),
             qPrintable(chart.title()));

    const QString multiples = dir.filePath(u"multiples.png"_s);
    const Run small =
        run(m_spec, QStringList{u"views"_s, u"chart"_s, u"--from"_s, u"2024-02-01"_s, u"--to"_s,
                                u"2024-03-31"_s, u"--kind"_s, u"small-multiples"_s, u"--signs"_s,
                                u"aries,leo"_s, u"--out"_s, multiples});
    QVERIFY2(small.code == 0, small.err.constData());
    QCOMPARE(QImage(multiples).size(), QSize(1600, 1000));
}

void TestTrendChart::viewsChartRefusesBadValues()
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

// As views export: at most ViewTrends::maxBuckets points per sign (the whole calendar by day
// took 29 s and 1.17 GB), refused in one line that says what to use instead.
void TestTrendChart::viewsChartRangeIsBounded()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"long.png"_s);
    const QDate from(2000, 1, 1);
    const QList<QStringList> tooMany{
        {u"--from"_s, from.toString(Qt::ISODate), u"--to"_s,
         from.addDays(10'000).toString(Qt::ISODate)},
        {u"--from"_s, u"0001-01-01"_s, u"--to"_s, u"9999-12-31"_s, u"--bucket"_s, u"month"_s},
    };
    for (const QStringList& range : tooMany) {
        QElapsedTimer took;
        took.start();
        const Run r = run(m_spec, QStringList{u"views"_s, u"chart"_s, u"--out"_s, file} + range);
        QVERIFY2(r.code == 2, qPrintable(range.join(u' ') + u": "_s + QString::fromUtf8(r.err)));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("10000") && r.err.contains("--bucket week or month"),
                 r.err.constData());
        QVERIFY(took.elapsed() < 10'000);
    }
    QVERIFY(!QFile::exists(file));
    // As many days as the default picture's plot has pixels (issue 23: more is refused as
    // unreadable, tst_trendreading): drawn.
    const Run r = run(m_spec, {u"views"_s, u"chart"_s, u"--out"_s, file, u"--from"_s,
                               from.toString(Qt::ISODate), u"--to"_s,
                               from.addDays(1'279).toString(Qt::ISODate)});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(QFile::exists(file));
}

void TestTrendChart::contentChangesAreMarkedOnTheTimeAxis()
{
    const ConnectionSpec spec = migratedTestDatabase(u"trendchart_notes"_s);
    QCOMPARE(TestCluster::execute(spec, uR"(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT 'leo', d::date, 10
        FROM generate_series('2024-02-01'::date, '2024-03-31'::date, interval '1 day') d;
        INSERT INTO horoscope_cache_revisions (cache_id, zodiac_sign, horoscope_date, content,
                                               generated_at, operation, regenerated, changed_at)
        VALUES (1, 'leo', '2024-02-29', 'old', now(), 'UPDATE', true, '2024-02-29 10:00'),
               (2, 'virgo', '2024-02-29', 'old', now(), 'UPDATE', false, '2024-02-29 11:00'),
               (3, 'virgo', '2024-03-10', 'old', now(), 'DELETE', false, '2024-03-10 09:00'),
               (4, 'virgo', '2024-05-10', 'old', now(), 'DELETE', false, '2024-05-10 09:00');
    )"_s),
             QString());
    const ViewTrends t = load(spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Day);
    QCOMPARE(t.annotations.size(), 3); // per horoscope and kind; 10 May is outside the range
    QCOMPARE(t.annotations.at(0).day, QDate(2024, 2, 29));
    QCOMPARE(t.annotations.at(0).regenerated, 1);
    QCOMPARE(t.annotations.at(1).corrected, 1);
    QCOMPARE(t.annotations.at(2).invalidated, 1);
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    chart.setTrends(t);
    QCOMPARE(chart.annotationPoints(), (QList<QPointF>{QPointF(msOf(QDate(2024, 2, 29)), 0),
                                                       QPointF(msOf(QDate(2024, 3, 10)), 0)}));
    QVERIFY2(chart.crosshairText(28).contains(u"Leo regenerated; "_s) &&
                 chart.crosshairText(28).endsWith(u"Virgo edited"_s),
             qPrintable(chart.crosshairText(28)));
    chart.zoomTo(QDate(2024, 3, 1), QDate(2024, 3, 31));
    QCOMPARE(chart.annotationPoints().size(), 1);
    // Without the history table (a database the app never migrated): no marks, no error.
    QCOMPARE(TestCluster::execute(spec, u"DROP TABLE horoscope_cache_revisions CASCADE"_s),
             QString());
    QVERIFY(load(spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Day)
                .annotations.isEmpty());
}

// By week from Friday 7 November to Tuesday 25 November: the first week holds 3 of its 7 days,
// the last 2; both are drawn like the unfinished bucket, and the crosshair says which days.
void TestTrendChart::partialBucketsAreMarkedAtBothEnds()
{
    const ConnectionSpec spec = framedViews();
    TrendChart chart;
    chart.resize(800, 500);
    chart.show();
    const ViewTrends t =
        load(spec, QDate(2025, 11, 7), QDate(2025, 11, 25), ViewTrends::Bucket::Week);
    QCOMPARE(t.buckets.size(), 4);
    chart.setTrends(t);
    const QList<QPointF> all = chart.points(u"aries"_s);
    const QList<QPointF> solid = chart.drawnPoints(u"aries"_s);
    QVERIFY(!solid.isEmpty());
    QCOMPARE(solid.first().x(), msOf(QDate(2025, 11, 10))); // the whole weeks only
    QCOMPARE(solid.last().x(), msOf(QDate(2025, 11, 17)));
    QCOMPARE(chart.partialHeadPoints(u"aries"_s), all.mid(0, 2));
    QCOMPARE(chart.partialPoints(u"aries"_s), all.mid(2, 2));
    QCOMPARE(chart.partialHeadPoints(u"aries"_s).first().y(), 3 * 103 + 7 + 8 + 9);
    QVERIFY2(chart.crosshairText(0).contains(u"7–9 Nov, 3 of 7 days"_s),
             qPrintable(chart.crosshairText(0)));
    QVERIFY2(chart.crosshairText(3).contains(u"24–25 Nov, 2 of 7 days"_s),
             qPrintable(chart.crosshairText(3)));
    QVERIFY2(!chart.crosshairText(1).contains(u"of 7 days"_s), qPrintable(chart.crosshairText(1)));
    QCOMPARE(t.firstDay(0), QDate(2025, 11, 7));
    QCOMPARE(t.lastDay(3), QDate(2025, 11, 25));
    QCOMPARE(t.dayCount(0), 3);
    QVERIFY(!t.isComplete(0) && t.isComplete(1) && t.isComplete(2) && !t.isComplete(3));
}

void TestTrendChart::missingRowsAreNamedAndMayBeGaps()
{
    const ConnectionSpec spec = framedViews();
    TrendChart chart;
    chart.resize(1000, 600);
    chart.show();
    const ViewTrends t =
        load(spec, QDate(2025, 11, 1), QDate(2025, 11, 30), ViewTrends::Bucket::Day);
    chart.setTrends(t);
    const QString said = u"Taurus, Gemini, Leo: no rows 12–21 Nov while other signs have"_s;
    QVERIFY2(chart.warningText().contains(said), qPrintable(chart.warningText()));
    // The default: a missing row is 0 views (the bot writes a row only when a sign is viewed),
    // drawn as 0 and said above.
    QCOMPARE(chart.missingDays(), TrendChart::MissingDays::Zero);
    QVERIFY(chart.drawnPoints(u"taurus"_s).contains(QPointF(msOf(QDate(2025, 11, 15)), 0)));
    chart.setMissingDays(TrendChart::MissingDays::Gap);
    const QList<QList<QPointF>> parts = chart.drawnSegments(u"taurus"_s);
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts.at(0).last().x(), msOf(QDate(2025, 11, 11)));
    QCOMPARE(parts.at(1).first().x(), msOf(QDate(2025, 11, 22)));
    QCOMPARE(chart.drawnSegments(u"aries"_s).size(), 1);
    QVERIFY2(chart.warningText().contains(said), qPrintable(chart.warningText()));

    // In the totals: the signs concerned say so.
    TrendTotalsModel totals;
    totals.setTrends(t);
    for (int row = 0; row < totals.rowCount(); ++row) {
        const QModelIndex sign = totals.index(row, TrendTotalsModel::SignColumn);
        const QString key = sign.data(TrendTotalsModel::SignKeyRole).toString();
        const QString tip = sign.data(Qt::ToolTipRole).toString();
        const bool concerned = QStringList{u"taurus"_s, u"gemini"_s, u"leo"_s}.contains(key);
        QVERIFY2(tip.contains(u"no rows 12–21 Nov"_s, Qt::CaseInsensitive) == concerned,
                 qPrintable(key + u": "_s + tip));
    }
    // Zoomed out of the stretch: nothing to say.
    chart.zoomTo(QDate(2025, 11, 23), QDate(2025, 11, 30));
    QVERIFY2(!chart.warningText().contains(u"no rows"_s), qPrintable(chart.warningText()));
}

void TestTrendChart::unknownKeysAreNamedAndStyledApart()
{
    const ConnectionSpec spec = framedViews();
    TrendChart chart;
    chart.resize(1000, 600);
    chart.show();
    const ViewTrends t =
        load(spec, QDate(2025, 11, 1), QDate(2025, 11, 30), ViewTrends::Bucket::Day);
    chart.setTrends(t);
    QCOMPARE(chart.seriesNames().last(), u"ophiuchus"_s);
    QVERIFY2(chart.warningText().contains(u"ophiuchus: not one of the 12 signs"_s),
             qPrintable(chart.warningText()));
    const QPen odd = chart.seriesPen(u"ophiuchus"_s);
    QVERIFY(odd.style() != Qt::DotLine); // dotted means unfinished
    const QColor marks = TrendChart::annotationColor();
    for (const QString& sign : ZodiacSign::keys()) {
        const QPen pen = chart.seriesPen(sign);
        QVERIFY(pen.style() != odd.style());
        QVERIFY2(deltaE(pen.color(), odd.color()) >= 20, qPrintable(sign));
        QVERIFY2(deltaE(pen.color(), marks) >= 30, qPrintable(sign));
        // The legend's swatch shows the line's dashes.
        QCOMPARE(chart.legendPen(sign).style(), pen.style());
    }
    QVERIFY(deltaE(odd.color(), marks) >= 20);
    QCOMPARE(chart.legendPen(u"ophiuchus"_s).style(), odd.style());
    TrendTotalsModel totals;
    totals.setTrends(t);
    const QModelIndex last = totals.index(totals.rowCount() - 1, TrendTotalsModel::SignColumn);
    QVERIFY2(last.data().toString().contains(u"ophiuchus (not a sign)"_s),
             qPrintable(last.data().toString()));
    QVERIFY(!last.data(Qt::ToolTipRole).toString().isEmpty());
}

// Hidden signs are marked and left out of the shares (which then equal the share chart's), and
// a zoomed range's change compares it with as many days just before it.
void TestTrendChart::totalsSumWhatTheChartDraws()
{
    const ConnectionSpec spec = framedViews();
    Database database(spec);
    database.start();
    TrendsPage page(&database);
    page.resize(1000, 640);
    page.show();
    page.setRange(TrendsPage::Preset::Custom, QDate(2025, 11, 1), QDate(2025, 11, 30));
    QTRY_VERIFY(page.trends().buckets.size() == 30);
    page.chart()->setSignVisible(u"leo"_s, false);
    TrendTotalsModel* totals = page.totals();
    double shares = 0;
    for (int row = 0; row < totals->rowCount(); ++row) {
        const QString key = totals->index(row, 0).data(TrendTotalsModel::SignKeyRole).toString();
        const QModelIndex share = totals->index(row, TrendTotalsModel::ShareColumn);
        if (key == u"leo") {
            QVERIFY2(totals->index(row, 0).data().toString().contains(u"hidden"_s),
                     qPrintable(totals->index(row, 0).data().toString()));
            QVERIFY(!share.data(TrendTotalsModel::RawValueRole).isValid());
            QCOMPARE(share.data().toString(), u"—"_s);
            continue;
        }
        shares += share.data(TrendTotalsModel::RawValueRole).toDouble();
    }
    QVERIFY2(std::abs(shares - 1.0) < 1e-9, qPrintable(QString::number(shares)));
    const double aquarius = TestCluster::scalar(spec, uR"(
        SELECT sum(view_count) FILTER (WHERE zodiac_sign = 'aquarius')::float8
               / sum(view_count) FILTER (WHERE zodiac_sign <> 'leo')
        FROM horoscope_views WHERE view_date BETWEEN '2025-11-01' AND '2025-11-30')"_s)
                                .toDouble();
    QCOMPARE(totals->index(10, TrendTotalsModel::ShareColumn)
                 .data(TrendTotalsModel::RawValueRole)
                 .toDouble(),
             aquarius);

    // Zoomed to 17-23 November: against 10-16 November.
    page.chart()->zoomTo(QDate(2025, 11, 17), QDate(2025, 11, 23));
    for (const QString& sign : {u"aries"_s, u"taurus"_s}) {
        const double want = TestCluster::scalar(spec, uR"(
            SELECT (sum(view_count) FILTER (WHERE view_date >= '2025-11-17')
                    - sum(view_count) FILTER (WHERE view_date < '2025-11-17'))::float8
                   / sum(view_count) FILTER (WHERE view_date < '2025-11-17')
            FROM horoscope_views
            WHERE zodiac_sign = '%1' AND view_date BETWEEN '2025-11-10' AND '2025-11-23')"_s.arg(
                                                          sign))
                                .toDouble();
        const int row = static_cast<int>(ZodiacSign::keys().indexOf(sign));
        const QModelIndex change = totals->index(row, TrendTotalsModel::ChangeColumn);
        QVERIFY2(change.data(TrendTotalsModel::RawValueRole).isValid(),
                 qPrintable(sign + u": "_s + change.data().toString()));
        QVERIFY(std::abs(change.data(TrendTotalsModel::RawValueRole).toDouble() - want) < 1e-9);
    }

    // The page lets the manager draw missing days as gaps.
    QComboBox* missing = nullptr;
    for (QComboBox* box : page.findChildren<QComboBox*>())
        if (box->accessibleName() == u"Days without rows")
            missing = box;
    QVERIFY(missing);
    QCOMPARE(page.chart()->missingDays(), TrendChart::MissingDays::Zero);
    missing->setCurrentIndex(1);
    QCOMPARE(page.chart()->missingDays(), TrendChart::MissingDays::Gap);
}

QTEST_MAIN(TestTrendChart)
#include "tst_trendchart.moc"
