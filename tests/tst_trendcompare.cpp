// Issue 23, items 5 and beyond: the Overview's change over complete days, comparing periods
// (views export/chart --compare), `views summary` and `views report`. Every number is checked
// against plain SQL written here, not against the app's own queries.
#include "Database.h"
#include "HoroscopeFixtures.h"
#include "SignSummary.h"
#include "SignSummaryModel.h"
#include "TrendChart.h"
#include "TrendCompare.h"
#include "TrendTotalsModel.h"
#include "TrendsPage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

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
    env.remove(u"QT_QPA_PLATFORM"_s); // a command that draws picks offscreen itself
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HA_EXECUTABLE), QStringList{u"--database-url"_s, url} + args);
    p.waitForFinished(60'000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

// Rows of plain SQL as strings, first column as key.
QMap<QString, QStringList> rowsOf(const ConnectionSpec& spec, const QString& sql)
{
    QMap<QString, QStringList> rows;
    QSqlDatabase db = TestCluster::open(spec);
    {
        QSqlQuery q(db);
        if (!q.exec(sql))
            qWarning("%s", qPrintable(q.lastError().text()));
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << (q.isNull(i) ? u"null"_s : q.value(i).toString());
            rows.insert(row.first(), row);
        }
    }
    TestCluster::close(db);
    return rows;
}

QString jsonText(const QJsonValue& v)
{
    if (v.isNull())
        return u"null"_s;
    if (v.isBool())
        return v.toBool() ? u"true"_s : u"false"_s;
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == std::floor(d) ? QString::number(static_cast<qint64>(d))
                                  : QString::number(d, 'f', 1);
    }
    return v.toString();
}

} // namespace

class TestTrendCompare : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void overviewComparesCompleteDays();
    void viewsSummaryAgreesWithSql();
    void viewsSummaryRefusesBadValues();
    void viewsExportComparesBucketByBucket_data();
    void viewsExportComparesBucketByBucket();
    void compareRefusesWhatItCannotAlign();
    void viewsChartDrawsTheComparison();
    void trendsPageComparesAndZoomFollows();
    void viewsReportIsAOnePagePdf();
    void viewsReportRefusesABadRange();

private:
    ConnectionSpec m_spec;   // leap-day views (HoroscopeFixtures)
    ConnectionSpec m_recent; // views around today: gaps, an unknown key, today's partial day
};

void TestTrendCompare::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"compare"_s);
    QCOMPARE(insertLeapDayViews(m_spec), QString());
    m_recent = migratedTestDatabase(u"compare_recent"_s);
    // aries: every day of the last 30, 10 + the day's distance, today 5000 (a morning's views
    // that would dwarf any complete day); taurus: nothing from 10 to 3 days ago (a gap);
    // ophiuchus: not a sign, a few days. Horoscopes: aries today and tomorrow, taurus up to
    // yesterday, leo only tomorrow.
    QCOMPARE(TestCluster::execute(m_recent, uR"(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT 'aries', current_date - n, CASE WHEN n = 0 THEN 5000 ELSE 10 + n END
        FROM generate_series(0, 30) n;
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT 'taurus', current_date - n, 3 * n + 1
        FROM generate_series(0, 30) n WHERE n NOT BETWEEN 3 AND 10;
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT 'ophiuchus', current_date - n, 7 FROM generate_series(1, 4) n;
        INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) VALUES
            ('aries', current_date, 'a'), ('aries', current_date + 1, 'b'),
            ('taurus', current_date - 1, 'c'), ('leo', current_date + 1, 'd');
    )"_s),
             QString());
}

// Item 5: the Overview's change compares the last 7 complete days with the 7 before; today's
// morning is not one of them, and the header says so.
void TestTrendCompare::overviewComparesCompleteDays()
{
    QList<SignSummary> rows;
    QSqlDatabase db = TestCluster::open(m_recent);
    {
        DbError error;
        QVERIFY2(SignSummary::load(db, m_recent, &rows, &error), qPrintable(error.message));
    }
    TestCluster::close(db);
    SignSummaryModel model;
    model.setRows(rows);
    QCOMPARE(model.index(0, SignSummaryModel::SignColumn).data(SignSummaryModel::RawValueRole),
             QVariant(u"aries"_s));
    const auto sql = rowsOf(m_recent, uR"(
        SELECT zodiac_sign,
               sum(view_count) FILTER (WHERE view_date BETWEEN current_date - 7
                                                           AND current_date - 1),
               sum(view_count) FILTER (WHERE view_date BETWEEN current_date - 14
                                                           AND current_date - 8)
        FROM horoscope_views GROUP BY 1)"_s);
    QCOMPARE(sql.value(u"aries"_s).value(1), u"98"_s); // 11 + … + 17, today's 5000 left out
    QCOMPARE(model.index(0, SignSummaryModel::ViewsColumn)
                 .data(SignSummaryModel::RawValueRole)
                 .toString(),
             sql.value(u"aries"_s).value(1));
    const double change = model.index(0, SignSummaryModel::ChangeColumn)
                              .data(SignSummaryModel::RawValueRole)
                              .toDouble();
    QVERIFY2(std::abs(change - (98.0 / 147.0 - 1.0)) < 1e-9, qPrintable(QString::number(change)));
    const QString header =
        model.headerData(SignSummaryModel::ChangeColumn, Qt::Horizontal).toString();
    QVERIFY2(header.contains(u"complete"_s), qPrintable(header));
    QVERIFY2(model.headerData(SignSummaryModel::ViewsColumn, Qt::Horizontal)
                 .toString()
                 .contains(u"complete"_s),
             qPrintable(header));
    QVERIFY(!model.headerData(SignSummaryModel::ChangeColumn, Qt::Horizontal, Qt::ToolTipRole)
                 .toString()
                 .isEmpty());
}

// `views summary`: per sign the last N complete days, the N before, the change, the latest
// horoscope and whether today's and tomorrow's exist, as plain SQL computes them.
void TestTrendCompare::viewsSummaryAgreesWithSql()
{
    const auto sql = rowsOf(m_recent, uR"(
        WITH v AS (
            SELECT zodiac_sign AS sign,
                   coalesce(sum(view_count) FILTER (WHERE view_date BETWEEN current_date - 5
                                                                  AND current_date - 1), 0) AS l,
                   coalesce(sum(view_count) FILTER (WHERE view_date BETWEEN current_date - 10
                                                                  AND current_date - 6), 0) AS p
            FROM horoscope_views GROUP BY 1),
        c AS (
            SELECT zodiac_sign AS sign, max(horoscope_date) AS latest,
                   bool_or(horoscope_date = current_date) AS today,
                   bool_or(horoscope_date = current_date + 1) AS tomorrow
            FROM horoscope_cache GROUP BY 1),
        s AS (SELECT unnest(ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra',
                                  'scorpio','sagittarius','capricorn','aquarius','pisces']) AS sign
              UNION SELECT sign FROM v UNION SELECT sign FROM c)
        SELECT s.sign, coalesce(v.l, 0), coalesce(v.p, 0),
               CASE WHEN coalesce(v.p, 0) = 0 THEN NULL
                    ELSE round((v.l - v.p) * 100.0 / v.p, 1) END,
               c.latest::text, coalesce(c.today, false), coalesce(c.tomorrow, false)
        FROM s LEFT JOIN v USING (sign) LEFT JOIN c USING (sign))"_s);
    QCOMPARE(sql.size(), 13);
    QCOMPARE(sql.value(u"taurus"_s).value(2), u"0"_s); // the gap: no change to state

    const Run json =
        run(m_recent, {u"views"_s, u"summary"_s, u"--days"_s, u"5"_s, u"--format"_s, u"json"_s});
    QVERIFY2(json.code == 0, json.err.constData());
    const QJsonObject doc = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(doc.value(u"days"_s).toInt(), 5);
    const QJsonArray rows = doc.value(u"rows"_s).toArray();
    QCOMPARE(rows.size(), 13);
    QCOMPARE(rows.first().toObject().value(u"sign"_s).toString(), u"aries"_s);
    QCOMPARE(rows.last().toObject().value(u"sign"_s).toString(), u"ophiuchus"_s);
    for (const QJsonValue& v : rows) {
        const QJsonObject row = v.toObject();
        const QString sign = row.value(u"sign"_s).toString();
        const QStringList got{sign,
                              jsonText(row.value(u"views_last"_s)),
                              jsonText(row.value(u"views_previous"_s)),
                              jsonText(row.value(u"change_percent"_s)),
                              jsonText(row.value(u"latest_date"_s)),
                              jsonText(row.value(u"today"_s)),
                              jsonText(row.value(u"tomorrow"_s))};
        QStringList want = sql.value(sign);
        if (want.value(4) == u"null"_s)
            want[4] = u"null"_s;
        QCOMPARE(got, want);
    }

    const Run csv =
        run(m_recent, {u"views"_s, u"summary"_s, u"--days"_s, u"5"_s, u"--format"_s, u"csv"_s});
    QVERIFY2(csv.code == 0, csv.err.constData());
    const QList<QByteArray> lines = csv.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 14);
    QCOMPARE(lines.first().trimmed(),
             "sign,views_last,views_previous,change_percent,latest_date,today,tomorrow");
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList fields = QString::fromUtf8(lines.at(i).trimmed()).split(u',');
        QStringList want = sql.value(fields.first());
        for (QString& w : want)
            if (w == u"null"_s)
                w.clear();
        QCOMPARE(fields, want);
    }

    // The default: a table for people, 7 days.
    const Run text = run(m_recent, {u"views"_s, u"summary"_s});
    QVERIFY2(text.code == 0, text.err.constData());
    QVERIFY2(text.out.contains("7 complete days"), text.out.constData());
    QVERIFY2(text.out.contains("aries") || text.out.contains("Aries"), text.out.constData());
}

void TestTrendCompare::viewsSummaryRefusesBadValues()
{
    const QList<QStringList> cases{
        {u"--days"_s, u"0"_s},     {u"--days"_s, u"seven"_s},      {u"--days"_s, u"10000"_s},
        {u"--format"_s, u"xml"_s}, {u"--from"_s, u"2024-01-01"_s},
    };
    for (const QStringList& extra : cases) {
        const Run r = run(m_recent, QStringList{u"views"_s, u"summary"_s} + extra);
        QVERIFY2(r.code == 2, qPrintable(extra.join(u' ') + u": "_s + QString::fromUtf8(r.err)));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }
}

void TestTrendCompare::viewsExportComparesBucketByBucket_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("sql"); // per row: bucket, sign, views, compared bucket, compared
    // 1..5 March against the 5 days before: 25 Feb..29 Feb, day by day.
    QTest::newRow("previous by day")
        << QStringList{u"--from"_s,     u"2024-03-01"_s, u"--to"_s,
                       u"2024-03-05"_s, u"--compare"_s,  u"previous"_s}
        << u"SELECT d::date, d::date - 5, 'day' FROM generate_series('2024-03-01'::date, "
           "'2024-03-05', interval '1 day') d"_s;
    // Any offset in days.
    QTest::newRow("7 days by day")
        << QStringList{u"--from"_s,     u"2024-03-01"_s, u"--to"_s,
                       u"2024-03-05"_s, u"--compare"_s,  u"7d"_s}
        << u"SELECT d::date, d::date - 7, 'day' FROM generate_series('2024-03-01'::date, "
           "'2024-03-05', interval '1 day') d"_s;
    // Weeks from a Wednesday: the previous period is moved by whole weeks, so each partial
    // week is compared with the same days of its week before.
    QTest::newRow("previous by week")
        << QStringList{u"--from"_s,   u"2024-03-06"_s, u"--to"_s,      u"2024-03-10"_s,
                       u"--bucket"_s, u"week"_s,       u"--compare"_s, u"previous"_s}
        << u"SELECT '2024-03-04'::date, '2024-02-26'::date, 'week'"_s;
}

void TestTrendCompare::viewsExportComparesBucketByBucket()
{
    QFETCH(QStringList, args);
    QFETCH(QString, sql);
    const Run r =
        run(m_spec, QStringList{u"views"_s, u"export"_s, u"--format"_s, u"json"_s} + args);
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
    QVERIFY2(doc.contains(u"compare"_s), r.out.constData());
    const QDate from = QDate::fromString(args.at(1), Qt::ISODate);
    const QDate to = QDate::fromString(args.at(3), Qt::ISODate);
    const qint64 shift = from.daysTo(QDate::fromString(
        doc.value(u"compare"_s).toObject().value(u"from"_s).toString(), Qt::ISODate));
    // What plain SQL says each bucket and its compared bucket hold, clipped to the two ranges.
    const auto want =
        rowsOf(m_spec, uR"(
        WITH b(bucket, compared, kind) AS (%1)
        SELECT b.bucket::text || ' ' || s.sign,
               (SELECT coalesce(sum(view_count), 0) FROM horoscope_views
                WHERE zodiac_sign = s.sign AND view_date BETWEEN greatest(b.bucket, '%2')
                      AND least(b.bucket + CASE b.kind WHEN 'week' THEN 6 ELSE 0 END, '%3')),
               b.compared::text,
               (SELECT coalesce(sum(view_count), 0) FROM horoscope_views
                WHERE zodiac_sign = s.sign
                      AND view_date BETWEEN greatest(b.compared, '%2'::date + %4)
                      AND least(b.compared + CASE b.kind WHEN 'week' THEN 6 ELSE 0 END,
                                '%3'::date + %4))
        FROM b, unnest(ARRAY['aries', 'leo', 'pisces']) s(sign))"_s
                           .arg(sql, from.toString(Qt::ISODate), to.toString(Qt::ISODate))
                           .arg(shift));
    QVERIFY(!want.isEmpty());
    int checked = 0;
    for (const QJsonValue& v : doc.value(u"rows"_s).toArray()) {
        const QJsonObject row = v.toObject();
        const QString key =
            row.value(u"bucket"_s).toString() + u' ' + row.value(u"sign"_s).toString();
        if (!want.contains(key))
            continue;
        const QStringList w = want.value(key);
        QCOMPARE(QString::number(row.value(u"views"_s).toInteger()), w.at(1));
        QCOMPARE(row.value(u"compared_bucket"_s).toString(), w.at(2));
        QCOMPARE(QString::number(row.value(u"compared_views"_s).toInteger()), w.at(3));
        ++checked;
    }
    QCOMPARE(checked, want.size());

    // The CSV carries the same two columns at the end of each row.
    const Run csv = run(m_spec, QStringList{u"views"_s, u"export"_s} + args);
    QVERIFY2(csv.code == 0, csv.err.constData());
    const QList<QByteArray> lines = csv.out.split('\n');
    QVERIFY2(lines.first().trimmed().endsWith(",compared_bucket,compared_views"),
             lines.first().constData());
}

void TestTrendCompare::compareRefusesWhatItCannotAlign()
{
    const QStringList base{u"views"_s,      u"export"_s, u"--from"_s,
                           u"2024-03-01"_s, u"--to"_s,   u"2024-03-31"_s};
    const QList<QStringList> cases{
        {u"--compare"_s, u"month"_s},
        {u"--compare"_s, u"0d"_s},
        {u"--compare"_s, u"10d"_s, u"--bucket"_s, u"week"_s},
        {u"--compare"_s, u"30d"_s, u"--bucket"_s, u"month"_s},
    };
    for (const QStringList& extra : cases) {
        const Run r = run(m_spec, base + extra);
        QVERIFY2(r.code == 2, qPrintable(extra.join(u' ') + u": "_s + QString::fromUtf8(r.err)));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }
}

void TestTrendCompare::viewsChartDrawsTheComparison()
{
    QTemporaryDir dir;
    const QString plain = dir.filePath(u"plain.png"_s);
    const QString compared = dir.filePath(u"compared.png"_s);
    const QStringList args{u"views"_s,  u"chart"_s,      u"--from"_s,  u"2024-03-01"_s,
                           u"--to"_s,   u"2024-03-10"_s, u"--signs"_s, u"aries"_s,
                           u"--size"_s, u"800x500"_s};
    const Run a = run(m_spec, args + QStringList{u"--out"_s, plain});
    QVERIFY2(a.code == 0, a.err.constData());
    const Run b =
        run(m_spec, args + QStringList{u"--out"_s, compared, u"--compare"_s, u"previous"_s});
    QVERIFY2(b.code == 0, b.err.constData());
    QVERIFY(QImage(compared) != QImage(plain));
    // What the command drew, in this process: the dashed line holds 20 Feb..29 Feb, each at
    // the place of the day ten days later (28 Feb had no row: 0).
    ViewTrends trends;
    QSqlDatabase db = TestCluster::open(m_spec);
    {
        DbError error;
        TrendComparison previous;
        QCOMPARE(TrendCompare::parse(u"previous"_s, ViewTrends::Bucket::Day, &previous), QString());
        QVERIFY2(TrendCompare::load(db, m_spec, {QDate(2024, 3, 1), QDate(2024, 3, 10)}, previous,
                                    &trends, &error),
                 qPrintable(error.message));
    }
    TestCluster::close(db);
    QCOMPARE(trends.compared.from, QDate(2024, 2, 20));
    QCOMPARE(trends.compared.to, QDate(2024, 2, 29));
    QCOMPARE(trends.compared.counts.value(u"aries"_s),
             (QList<qint64>{20, 21, 22, 23, 24, 25, 26, 27, 0, 29}));
    TrendChart chart;
    chart.resize(800, 500);
    chart.setTrends(trends);
    const QList<QPointF> dashed = chart.comparedPoints(u"aries"_s);
    QCOMPARE(dashed.size(), 10);
    QCOMPARE(dashed.first(), QPointF(chart.points(u"aries"_s).first().x(), 20));
    QVERIFY2(chart.comparedLegend().contains(u"20 Feb – 29 Feb 2024"_s),
             qPrintable(chart.comparedLegend()));
    QVERIFY(chart.yRange().second >= 29); // the dashed line fits
    // The crosshair reads both: 1 March, aries 1 against 20 on 20 Feb.
    const QString crosshair = chart.crosshairText(0);
    QVERIFY2(crosshair.contains(u"(compared: 20)"_s), qPrintable(crosshair));
    QVERIFY2(crosshair.contains(u"(compared, from "_s), qPrintable(crosshair));
    TrendTotalsModel totals;
    totals.setTrends(trends);
    QCOMPARE(totals.columnCount(), int(TrendTotalsModel::ColumnCount));
    QCOMPARE(totals.index(0, TrendTotalsModel::ComparedColumn)
                 .data(TrendTotalsModel::RawValueRole)
                 .toLongLong(),
             20 + 21 + 22 + 23 + 24 + 25 + 26 + 27 + 29);
    chart.setKind(TrendChart::Kind::Share); // lines only
    QVERIFY(chart.comparedLegend().isEmpty());
    // A zoom compares the part with its counterpart.
    const ViewTrends part = trends.slice(0, 1);
    QCOMPARE(part.compared.totals.value(u"aries"_s), 20 + 21);
}

// The trends page: the choice of a comparison reloads with it; the totals show the compared
// views and follow the zoom; by week a number of days is rounded to whole weeks.
void TestTrendCompare::trendsPageComparesAndZoomFollows()
{
    Database database(m_spec);
    database.start();
    TrendsPage page(&database);
    page.resize(1000, 600);
    page.show();
    page.setBucket(ViewTrends::Bucket::Day);
    page.setRange(TrendsPage::Preset::Custom, QDate(2024, 3, 1), QDate(2024, 3, 10));
    QTRY_VERIFY(page.trends().buckets.size() == 10);
    QVERIFY(!page.trends().compared.isOn());
    QCOMPARE(page.totals()->columnCount(), int(TrendTotalsModel::ComparedColumn));
    const int before = page.refreshCount();
    page.setComparison(TrendComparison::Mode::Previous);
    QTRY_VERIFY(page.refreshCount() > before && page.trends().compared.isOn());
    QCOMPARE(page.totals()->columnCount(), int(TrendTotalsModel::ColumnCount));
    const auto comparedOf = [&page](int row) {
        return page.totals()
            ->index(row, TrendTotalsModel::ComparedColumn)
            .data(TrendTotalsModel::RawValueRole)
            .toLongLong();
    };
    QCOMPARE(comparedOf(0), 20 + 21 + 22 + 23 + 24 + 25 + 26 + 27 + 29);
    QVERIFY(page.chart()->comparedLegend().startsWith(u"Dashed: "_s));
    QVERIFY(page.totals()
                ->headerData(TrendTotalsModel::ChangeColumn, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(u"the previous period"_s));
    page.chart()->zoomTo(QDate(2024, 3, 1), QDate(2024, 3, 3));
    QTRY_COMPARE(comparedOf(0), 20 + 21 + 22); // 1..3 March against 20..22 Feb
    if (!qEnvironmentVariableIsEmpty("HA_SHOTS"))
        page.grab().save(qEnvironmentVariable("HA_SHOTS") + u"/trends-compare.png"_s);

    page.setBucket(ViewTrends::Bucket::Week);
    page.setComparison(TrendComparison::Mode::Days, 10); // by week: 7
    QTRY_VERIFY(page.trends().bucket == ViewTrends::Bucket::Week &&
                page.trends().compared.mode == TrendComparison::Mode::Days);
    QCOMPARE(page.trends().compared.offsetDays, 7);
    page.setComparison(TrendComparison::Mode::None);
    QTRY_VERIFY(!page.trends().compared.isOn());
    QCOMPARE(page.totals()->columnCount(), int(TrendTotalsModel::ComparedColumn));
}

// `views report`: one page, drawn without a display, with the totals as text in it.
void TestTrendCompare::viewsReportIsAOnePagePdf()
{
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    QVERIFY2(!pdftotext.isEmpty(), "pdftotext is missing: run scripts/setup-deps.sh");
    QTemporaryDir dir;
    const QString file = dir.filePath(u"report.pdf"_s);
    const Run r = run(m_spec, {u"views"_s, u"report"_s, u"--from"_s, u"2024-02-01"_s, u"--to"_s,
                               u"2024-03-31"_s, u"--bucket"_s, u"week"_s, u"--compare"_s,
                               u"previous"_s, u"--out"_s, file});
    QVERIFY2(r.code == 0, r.err.constData());
    QFile pdf(file);
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    QVERIFY(bytes.startsWith("%PDF"));
    QVERIFY2(bytes.contains("/Type /Pages") || bytes.contains("/Type/Pages"), "no page tree");
    QVERIFY2(bytes.contains("/Count 1"), "not exactly one page");
    QProcess text;
    text.start(pdftotext, {u"-layout"_s, file, u"-"_s});
    QVERIFY(text.waitForFinished(30'000));
    const QString words = QString::fromUtf8(text.readAllStandardOutput());
    // Aries from 1 Feb to 31 Mar: 20..29 Feb without the 28th, 1..10 Mar.
    const qint64 aries = TestCluster::scalar(m_spec, u"SELECT sum(view_count) FROM horoscope_views "
                                                     "WHERE zodiac_sign = 'aries' AND view_date "
                                                     "BETWEEN '2024-02-01' AND '2024-03-31'"_s)
                             .toLongLong();
    QCOMPARE(aries, 272);
    QVERIFY2(words.contains(u"Aries"_s) && words.contains(u"272"_s), qPrintable(words));
    QVERIFY2(words.contains(u"1000"_s) || words.contains(u"1,000"_s), qPrintable(words));
    QVERIFY2(words.contains(u"by week"_s), qPrintable(words));
    QVERIFY2(words.contains(u"Biggest"_s), qPrintable(words));

    // In Russian when asked.
    const QString ru = dir.filePath(u"ru.pdf"_s);
    const Run rr = run(m_spec, {u"--lang"_s, u"ru"_s, u"views"_s, u"report"_s, u"--from"_s,
                                u"2024-02-01"_s, u"--to"_s, u"2024-03-31"_s, u"--out"_s, ru});
    QVERIFY2(rr.code == 0, rr.err.constData());
    text.start(pdftotext, {u"-layout"_s, ru, u"-"_s});
    QVERIFY(text.waitForFinished(30'000));
    const QString russian = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY2(russian.contains(u"Овен"_s), qPrintable(russian));
}

void TestTrendCompare::viewsReportRefusesABadRange()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"report.pdf"_s);
    const QList<std::pair<QStringList, int>> cases{
        {{u"--from"_s, u"2024-03-31"_s, u"--to"_s, u"2024-02-01"_s, u"--out"_s, file}, 2},
        {{u"--from"_s, u"2024-02-30"_s, u"--to"_s, u"2024-03-01"_s, u"--out"_s, file}, 2},
        {{u"--from"_s, u"2024-02-01"_s, u"--to"_s, u"2024-03-01"_s}, 2},
        {{u"--from"_s, u"2024-02-01"_s, u"--to"_s, u"2024-03-01"_s, u"--out"_s,
          dir.filePath(u"x.png"_s)},
         2},
        {{u"--from"_s, u"2024-02-01"_s, u"--to"_s, u"2024-03-01"_s, u"--compare"_s, u"5d"_s,
          u"--out"_s, file},
         2},
        {{u"--from"_s, u"2024-02-01"_s, u"--to"_s, u"2024-03-01"_s, u"--out"_s,
          dir.filePath(u"missing/report.pdf"_s)},
         1},
    };
    for (const auto& [extra, code] : cases) {
        const Run r = run(m_spec, QStringList{u"views"_s, u"report"_s} + extra);
        QVERIFY2(r.code == code, qPrintable(extra.join(u' ') + u": "_s + QString::fromUtf8(r.err)));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }
    QVERIFY(!QFile::exists(file));
}

QTEST_MAIN(TestTrendCompare)
#include "tst_trendcompare.moc"
