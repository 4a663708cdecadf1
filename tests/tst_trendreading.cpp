// Issue 23, items 2 and 7-10: the trends read at face value: month names, ticks on the points,
// annotations that say what changed, a PNG fit for a slide, and the keyboard and refresh.
#include "Database.h"
#include "HoroscopeFixtures.h"
#include "OverviewPage.h"
#include "TrendChart.h"
#include "TrendFixtures.h"
#include "TrendTotalsModel.h"
#include "TrendsPage.h"
#include "ViewTrends.h"
#include "WindowFixture.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

// Every bucket of two signs one value (aries) and a rising one (taurus); no database.
ViewTrends made(ViewTrends::Bucket bucket, const QDate& from, const QDate& to)
{
    ViewTrends t;
    t.bucket = bucket;
    t.from = from;
    t.to = to;
    t.today = to.addDays(30);
    t.firstRecorded = from.addYears(-1);
    t.buckets = ViewTrends::bucketStarts(from, to, bucket);
    t.signs = {u"aries"_s, u"taurus"_s};
    QList<qint64> rising;
    for (qsizetype i = 0; i < t.buckets.size(); ++i)
        rising << 10 + i;
    t.counts.insert(u"aries"_s, QList<qint64>(t.buckets.size(), 20));
    t.counts.insert(u"taurus"_s, rising);
    for (const QString& sign : std::as_const(t.signs)) {
        qint64 sum = 0;
        for (qint64 c : t.counts.value(sign))
            sum += c;
        t.totals.insert(sign, sum);
    }
    return t;
}

// The rows of the first band of ink from the top (the title line), in pixels.
int firstTextLineHeight(const QImage& image)
{
    const auto inkInRow = [&](int y) {
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 128)
                return true;
        return false;
    };
    int y = 0;
    while (y < image.height() && !inkInRow(y))
        ++y;
    int height = 0;
    while (y + height < image.height() && inkInRow(y + height))
        ++height;
    return height;
}

} // namespace

class TestTrendReading : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void monthHeaderNamesTheMonth();                // item 2
    void ticksSitOnBucketStarts();                  // item 7
    void shareAxisReadsRoundPercentages();          // item 7
    void annotationsNameTheHoroscopeDay();          // item 8
    void annotationsAreVisibleAboveTheLines();      // item 8
    void slidePictureIsReadable();                  // item 9
    void slidePictureSizeIsBounded();               // item 9
    void arrowKeysMoveTheCrosshair();               // item 10
    void refreshKeepsTheCrosshair();                // item 10
    void chartFocusIsVisible();                     // item 10
    void altSOpensTheSignsMenuAndTabLeavesTotals(); // item 10
    void changeColumnFitsAt1024();                  // item 10
    void overviewRefreshesItself();                 // item 10

private:
    ConnectionSpec m_spec;
};

void TestTrendReading::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"trendreading"_s);
    QCOMPARE(TestCluster::execute(m_spec, uR"(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT s, d::date, 10 + extract(day FROM d)::int
        FROM unnest(ARRAY['aries', 'leo', 'virgo']) s,
             generate_series('2024-02-01'::date, '2024-03-31'::date, interval '1 day') d;
        INSERT INTO horoscope_cache_revisions (cache_id, zodiac_sign, horoscope_date, content,
            generated_at, operation, regenerated, changed_at, changed_by_person, change_kind)
        VALUES (1, 'leo', '2024-03-05', 'old', now(), 'UPDATE', true, '2024-02-27 10:00',
                'Anna', 'regenerated'),
               (2, 'virgo', '2024-02-01', 'old', now(), 'UPDATE', false, '2024-01-30 11:00',
                'Boris', 'edited'),
               (3, 'aries', '2024-03-20', 'old', now(), 'DELETE', false, '2024-03-20 09:00',
                NULL, NULL);
    )"_s),
             QString());
}

void TestTrendReading::cleanup()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestTrendReading::monthHeaderNamesTheMonth()
{
    TrendChart chart;
    chart.resize(800, 500);
    chart.setTrends(made(ViewTrends::Bucket::Month, QDate(2025, 1, 1), QDate(2025, 12, 31)));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QCOMPARE(chart.describePoint({}, 10), u"November 2025"_s);
    QVERIFY2(chart.crosshairText(10).startsWith(u"November 2025"_s),
             qPrintable(chart.crosshairText(10)));
    // Russian writes a month alone in the nominative: "ноябрь", not "ноября".
    QLocale::setDefault(QLocale(QLocale::Russian, QLocale::Russia));
    QCOMPARE(chart.describePoint({}, 10), u"ноябрь 2025"_s);
}

void TestTrendReading::ticksSitOnBucketStarts()
{
    TrendChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const struct
    {
        ViewTrends::Bucket bucket;
        QDate from, to;
    } cases[] = {
        {ViewTrends::Bucket::Day, QDate(2026, 11, 5), QDate(2026, 12, 20)},
        {ViewTrends::Bucket::Day, QDate(2026, 3, 1), QDate(2026, 3, 31)}, // summer time starts
        {ViewTrends::Bucket::Week, QDate(2026, 11, 6), QDate(2027, 3, 31)},
        {ViewTrends::Bucket::Month, QDate(2025, 1, 15), QDate(2026, 12, 31)},
    };
    for (const auto& c : cases) {
        const ViewTrends t = made(c.bucket, c.from, c.to);
        chart.setTrends(t);
        QCoreApplication::processEvents();
        for (int zoomed = 0; zoomed < 2; ++zoomed) {
            const QList<QDate> dates = chart.xTickDates();
            const QList<qreal> xs = chart.xTickPositions();
            QVERIFY2(dates.size() >= 3 && dates.size() == xs.size(),
                     qPrintable(u"%1 ticks"_s.arg(dates.size())));
            for (qsizetype i = 0; i < dates.size(); ++i) {
                const QDate d = dates.at(i);
                const qsizetype bucket = t.buckets.indexOf(d);
                const QString what = d.toString(Qt::ISODate);
                QVERIFY2(bucket >= 0, qPrintable(what + u" is no bucket's start"_s));
                if (c.bucket == ViewTrends::Bucket::Week)
                    QVERIFY2(d.dayOfWeek() == 1, qPrintable(what + u" is no Monday"_s));
                if (c.bucket == ViewTrends::Bucket::Month)
                    QVERIFY2(d.day() == 1, qPrintable(what + u" is no 1st"_s));
                const qreal point = chart.positionOf(static_cast<int>(bucket)).x();
                QVERIFY2(
                    std::abs(xs.at(i) - point) <= 1.0,
                    qPrintable(
                        u"%1: gridline at %2, point at %3"_s.arg(what).arg(xs.at(i)).arg(point)));
            }
            chart.zoomTo(t.buckets.at(1), t.buckets.at(t.buckets.size() * 2 / 3));
            QCoreApplication::processEvents();
        }
    }
}

void TestTrendReading::shareAxisReadsRoundPercentages()
{
    TrendChart chart;
    chart.resize(900, 500);
    ViewTrends t = made(ViewTrends::Bucket::Day, QDate(2026, 11, 1), QDate(2026, 11, 30));
    t.counts[u"aries"_s].fill(55); // lines: 0 to 60 in 7 ticks, which the share axis kept
    chart.setTrends(t);
    chart.setKind(TrendChart::Kind::Share);
    const QList<qreal> ticks = chart.yTickValues();
    QVERIFY(ticks.size() >= 3);
    for (qreal v : ticks) {
        QVERIFY2(std::abs(std::fmod(v, 5.0)) < 1e-9 && v >= 0 && v <= 100,
                 qPrintable(u"a tick at %1 %"_s.arg(v)));
    }
}

void TestTrendReading::annotationsNameTheHoroscopeDay()
{
    const ViewTrends t =
        load(m_spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Day);
    QList<QDate> days;
    for (const ViewTrends::Annotation& a : t.annotations)
        days << a.day;
    // The horoscope's own date (its views happen then), not the day of the change (27 Feb).
    QCOMPARE(days, (QList<QDate>{QDate(2024, 2, 1), QDate(2024, 3, 5), QDate(2024, 3, 20)}));
    TrendChart chart;
    chart.resize(900, 500);
    chart.setTrends(t);
    const int leo = static_cast<int>(t.bucketOf(QDate(2024, 3, 5)));
    QVERIFY2(chart.crosshairText(leo).contains(u"Leo regenerated by Anna"_s),
             qPrintable(chart.crosshairText(leo)));
    QVERIFY2(chart.crosshairText(0).contains(u"Virgo edited by Boris"_s),
             qPrintable(chart.crosshairText(0)));
    const int aries = static_cast<int>(t.bucketOf(QDate(2024, 3, 20)));
    QVERIFY2(chart.crosshairText(aries).contains(u"Aries deleted"_s),
             qPrintable(chart.crosshairText(aries)));
    QVERIFY(!chart.crosshairText(static_cast<int>(t.bucketOf(QDate(2024, 2, 27))))
                 .contains(u"regenerated"_s));
}

void TestTrendReading::annotationsAreVisibleAboveTheLines()
{
    const ViewTrends t =
        load(m_spec, QDate(2024, 2, 1), QDate(2024, 3, 31), ViewTrends::Bucket::Day);
    TrendChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setTrends(t);
    QCoreApplication::processEvents();
    const QList<QRectF> rects = chart.annotationRects();
    QCOMPARE(rects.size(), 3);
    const QImage image = chart.viewport()->grab().toImage(); // in viewport() coordinates
    const QRectF inside = QRectF(chart.viewport()->rect());
    for (const QRectF& r : rects) {
        // Seen: at least 12 px, whole (the one on 1 Feb sits on the plot's left edge).
        QVERIFY2(r.width() >= 12 && r.height() >= 12,
                 qPrintable(u"a mark of %1 x %2 px"_s.arg(r.width()).arg(r.height())));
        QVERIFY2(inside.contains(r),
                 qPrintable(u"a mark at %1,%2 cut by the edge"_s.arg(r.x()).arg(r.y())));
        // Above the lines: the mark's middle has its own dark colour.
        const QColor middle = image.pixelColor(r.center().toPoint());
        QVERIFY2(qGray(middle.rgb()) < 90, qPrintable(middle.name()));
    }
}

void TestTrendReading::slidePictureIsReadable()
{
    QTemporaryDir dir;
    const Run r = run(m_spec,
                      {u"views"_s, u"chart"_s, u"--from"_s, u"2024-02-01"_s, u"--to"_s,
                       u"2024-03-31"_s, u"--bucket"_s, u"week"_s, u"--size"_s, u"1600x1000"_s},
                      dir.path());
    QVERIFY2(r.code == 0, r.err.constData());
    // The default name says what and when.
    const QString file = dir.filePath(u"view-trends-2024-02-01-2024-03-31-week.png"_s);
    QVERIFY2(QFile::exists(file), qPrintable(QDir(dir.path()).entryList().join(u", "_s)));
    const QImage image(file);
    QCOMPARE(image.size(), QSize(1600, 1000));
    // The title line grows with the picture (it was 11 px high at 1600 x 1000).
    const int title = firstTextLineHeight(image);
    QVERIFY2(title >= 18, qPrintable(u"the title is %1 px high"_s.arg(title)));

    // The total and a legend entry for the dotted, unfinished bucket.
    ViewTrends t = made(ViewTrends::Bucket::Day, QDate(2026, 11, 1), QDate(2026, 11, 30));
    t.today = QDate(2026, 11, 30);
    TrendChart chart;
    chart.resize(1000, 600);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setTrends(t);
    QVERIFY2(chart.title().contains(QLocale().toString(t.total())), qPrintable(chart.title()));
    QVERIFY2(chart.legendLabels().contains(u"Unfinished (dotted)"_s),
             qPrintable(chart.legendLabels().join(u", "_s)));
}

void TestTrendReading::slidePictureSizeIsBounded()
{
    QTemporaryDir dir;
    const Run big = run(m_spec,
                        {u"views"_s, u"chart"_s, u"--from"_s, u"2024-02-01"_s, u"--to"_s,
                         u"2024-03-31"_s, u"--size"_s, u"4001x1000"_s},
                        dir.path());
    QCOMPARE(big.code, 2);
    QVERIFY2(big.err.contains("4000") && big.err.count('\n') == 1, big.err.constData());
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
    const Run help = run(m_spec, {u"--help"_s});
    QVERIFY2(help.out.contains("at most 4000x4000"), help.out.constData());
    // A range too fine for the width is refused in one line that says what to do.
    const Run fine = run(m_spec,
                         {u"views"_s, u"chart"_s, u"--from"_s, u"2000-01-01"_s, u"--to"_s,
                          u"2026-12-31"_s, u"--size"_s, u"800x600"_s},
                         dir.path());
    QCOMPARE(fine.code, 2);
    QVERIFY2(fine.err.contains("--bucket week or month") && fine.err.count('\n') == 1,
             fine.err.constData());
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void TestTrendReading::arrowKeysMoveTheCrosshair()
{
    TrendChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const ViewTrends t = made(ViewTrends::Bucket::Day, QDate(2026, 11, 1), QDate(2026, 11, 30));
    chart.setTrends(t);
    chart.setFocus();
    const auto full = chart.visibleRange();
    QTest::keyClick(&chart, Qt::Key_Right);
    QVERIFY(chart.isCrosshairVisible());
    QCOMPARE(chart.visibleRange(), full); // moved the crosshair, not the chart
    QCOMPARE(chart.hoverText(), chart.crosshairText(0));
    QTest::keyClick(&chart, Qt::Key_Right);
    QTest::keyClick(&chart, Qt::Key_Right);
    QCOMPARE(chart.hoverText(), chart.crosshairText(2));
    QTest::keyClick(&chart, Qt::Key_Left);
    QCOMPARE(chart.hoverText(), chart.crosshairText(1));
    // Read out: a screen reader gets the values through the accessible description.
    QVERIFY2(chart.accessibleDescription().contains(chart.crosshairText(1)),
             qPrintable(chart.accessibleDescription()));
    QTest::keyClick(&chart, Qt::Key_End);
    QCOMPARE(chart.hoverText(), chart.crosshairText(static_cast<int>(t.buckets.size()) - 1));
    // Shift and the arrows (or Page Up/Down) pan a zoomed chart.
    QTest::keyClick(&chart, Qt::Key_Plus);
    const auto in = chart.visibleRange();
    QTest::keyClick(&chart, Qt::Key_Left, Qt::ShiftModifier);
    QVERIFY(chart.visibleRange().first < in.first);
    QTest::keyClick(&chart, Qt::Key_PageDown);
    QCOMPARE(chart.visibleRange(), in);
}

void TestTrendReading::refreshKeepsTheCrosshair()
{
    TrendChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    ViewTrends t = made(ViewTrends::Bucket::Day, QDate(2026, 11, 1), QDate(2026, 11, 30));
    chart.setTrends(t);
    chart.hoverAt(chart.positionOf(10));
    QVERIFY(chart.isCrosshairVisible());
    t.counts[u"aries"_s][10] = 77; // the refresh brings a new number
    chart.setTrends(t);
    QVERIFY(chart.isCrosshairVisible());
    QCOMPARE(chart.hoverText(), chart.crosshairText(10));
    QVERIFY2(chart.hoverText().contains(u"77"_s), qPrintable(chart.hoverText()));
}

void TestTrendReading::chartFocusIsVisible()
{
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* other = new QLineEdit(&window);
    auto* chart = new TrendChart(&window);
    layout->addWidget(other);
    layout->addWidget(chart, 1);
    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    chart->setTrends(made(ViewTrends::Bucket::Day, QDate(2026, 11, 1), QDate(2026, 11, 30)));
    other->setFocus();
    QTRY_VERIFY(other->hasFocus());
    const QImage without = chart->grab().toImage();
    chart->setFocus();
    QTRY_VERIFY(chart->hasFocus());
    const QImage with = chart->grab().toImage();
    // The frame: the left edge's pixels change with the focus.
    int changed = 0;
    for (int y = 0; y < with.height(); ++y)
        changed += with.pixel(1, y) != without.pixel(1, y) ? 1 : 0;
    QVERIFY2(changed > with.height() / 2, qPrintable(u"%1 pixels changed"_s.arg(changed)));
}

void TestTrendReading::altSOpensTheSignsMenuAndTabLeavesTotals()
{
    WindowFixture f(m_spec);
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    QTest::keyClick(f.window.get(), Qt::Key_4, Qt::ControlModifier); // View trends
    TrendsPage* page = f.window->findChild<TrendsPage*>();
    QVERIFY(page);
    QTRY_VERIFY(page->isVisible());
    // The menu runs its own event loop while open: look at it from a timer, then close it.
    QMenu* menu = page->chart()->signsMenu();
    bool opened = false;
    QTimer poll;
    poll.setInterval(20);
    connect(&poll, &QTimer::timeout, menu, [&] {
        if (menu->isVisible()) {
            opened = true;
            menu->close();
        }
    });
    poll.start();
    QTest::keyClick(QApplication::focusWidget() ? QApplication::focusWidget() : f.window.get(),
                    Qt::Key_S, Qt::AltModifier);
    QTRY_VERIFY_WITH_TIMEOUT(opened, 3000);
    poll.stop();

    QTableView* totals = nullptr;
    for (QTableView* view : page->findChildren<QTableView*>())
        if (view->accessibleName() == u"Views per sign")
            totals = view;
    QVERIFY(totals);
    f.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    totals->setFocus();
    QTRY_VERIFY(totals->hasFocus());
    QTest::keyClick(totals, Qt::Key_Tab);
    QVERIFY2(!totals->hasFocus(), "Tab stays in the totals table");
}

void TestTrendReading::changeColumnFitsAt1024()
{
    WindowFixture f(m_spec);
    f.window->resize(1024, 640);
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QTest::keyClick(f.window.get(), Qt::Key_4, Qt::ControlModifier);
    TrendsPage* page = f.window->findChild<TrendsPage*>();
    QVERIFY(page);
    page->setRange(TrendsPage::Preset::Custom, QDate(2024, 2, 1), QDate(2024, 3, 31));
    QTRY_VERIFY(page->trends().from == QDate(2024, 2, 1) && page->totals()->rowCount() > 0);
    QTableView* totals = nullptr;
    for (QTableView* view : page->findChildren<QTableView*>())
        if (view->accessibleName() == u"Views per sign")
            totals = view;
    QVERIFY(totals);
    QHeaderView* header = totals->horizontalHeader();
    const int last = header->count() - 1;
    // The last column (Change) is seen whole, as wide as its contents, once laid out.
    const auto right = [&] {
        return header->sectionViewportPosition(last) + header->sectionSize(last);
    };
    QTRY_VERIFY_WITH_TIMEOUT(right() <= totals->viewport()->width(), 2000);
    QVERIFY2(right() <= totals->viewport()->width(),
             qPrintable(u"the Change column ends at %1 of %2 px"_s.arg(right()).arg(
                 totals->viewport()->width())));
    QVERIFY2(
        header->sectionSize(last) >=
            static_cast<QAbstractItemView*>(totals)->sizeHintForColumn(last),
        qPrintable(u"Change is %1 px, its values need %2"_s.arg(header->sectionSize(last))
                       .arg(static_cast<QAbstractItemView*>(totals)->sizeHintForColumn(last))));
}

void TestTrendReading::overviewRefreshesItself()
{
    Database database(m_spec);
    database.start();
    OverviewPage page(&database);
    page.setAutoRefreshMs(300);
    page.show();
    page.reload(); // as the window does once connected
    QTRY_VERIFY(page.reloadCount() >= 1 && !page.isLoading());
    QTRY_VERIFY(page.reloadCount() >= 3); // again while shown
    page.hide();
    QTRY_VERIFY(!page.isLoading());
    QVERIFY(!page.isAutoRefreshing()); // a hidden page does not load
    page.setAutoRefreshMs(60'000);
    const int before = page.reloadCount();
    page.show(); // becoming visible loads it
    QTRY_VERIFY(page.reloadCount() == before + 1);
}

QTEST_MAIN(TestTrendReading)
#include "tst_trendreading.moc"
