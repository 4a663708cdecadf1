// The horoscope browser against horoscope_cache with 1,000 and 1,000,000 rows (about 1 KB of
// text each, generated in the server; one row in ten says "Луна", one in a thousand
// "Меркурий"): the cold first page (a new connection's first query after the server
// restarted), the warm one, resident memory, a jump to a date far down, every search case
// (a word in every row, in one in ten, in one in a thousand, in none; two letters; one letter)
// and every sort in both directions; and, as the baseline, the first page of a plain
// QSqlTableModel in the same run. Each case goes through the model as the window uses it
// (setFilter: the page, then the count, the same for every case); the figure is the median of
// three runs until the first page is complete (or the end is reached). Each measurement runs
// in a fresh child process so resident memory is its own.
//
// Issue 22: `horoscopes list` as a whole process (start, connect, query, 100 rows written), median
// of three, for every sort in both directions with a sign filter and a term common elsewhere but
// absent for that sign ("луна" never occurs for aries), and with terms no index can serve that
// match no row ("ъы", a lone "%"); as the baseline, the plain ORDER BY ... LIMIT 100 of the same
// query run by the server (parallel workers at their default), best of three, with the
// planner's own plan and with no index (a parallel scan of the table).
//
// Options: --sizes 1k,1m (default both) and --only PREFIX,... (only the cases whose names start
// so; the cold start, first page, jump and QSqlTableModel figures are then left out), for
// example: bench_browse --sizes 1m --only list_
#include "HoroscopeFixtures.h"
#include "HoroscopePager.h"
#include "HoroscopeQuery.h"
#include "HoroscopeTableModel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QSqlTableModel>
#include <QThread>
#include <algorithm>
#include <cstdio>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

double residentMb()
{
    QFile statm(u"/proc/self/statm"_s);
    statm.open(QIODevice::ReadOnly);
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return static_cast<double>(fields.value(1).toLongLong() * ::sysconf(_SC_PAGESIZE)) / 1048576.0;
}

double ms(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

void waitFor(HoroscopeTableModel& model)
{
    while (model.isLoading())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
}

// Child: on a server just restarted, the first page on a new connection (its first query),
// with the model's own query code, then the same again warm; and a new model's first page,
// its connections included.
int measureCold(const ConnectionSpec& spec, const QString& label)
{
    QElapsedTimer t;
    t.start();
    QSqlDatabase db = TestCluster::open(spec);
    const double connect = ms(t);
    {
        const HoroscopeQuery query(HoroscopeFilter{}, true);
        for (const char* which : {"cold", "warm"}) {
            t.restart();
            const HoroscopePager::Answer a = HoroscopePager::fetch(
                db, query, nullptr, false, HoroscopeTableModel::kPageSize, {});
            if (!a.ok || a.rows.size() != HoroscopeTableModel::kPageSize)
                qFatal("%s first page failed", which);
            std::printf("browse_%s_%s_first_page_query %.1f ms\n", qPrintable(label), which, ms(t));
        }
    }
    TestCluster::close(db);
    std::printf("browse_%s_cold_connect %.1f ms\n", qPrintable(label), connect);
    t.restart();
    HoroscopeTableModel model(spec);
    model.setRevisionsAvailable(true);
    model.reload();
    waitFor(model);
    if (model.rowCount() != HoroscopeTableModel::kPageSize)
        qFatal("new model's first page has %d rows", model.rowCount());
    std::printf("browse_%s_new_model_first_page_with_connect %.1f ms\n", qPrintable(label), ms(t));
    return 0;
}

bool selected(const QStringList& only, const QString& name)
{
    return only.isEmpty() || std::any_of(only.begin(), only.end(),
                                         [&](const QString& p) { return name.startsWith(p); });
}

struct Case
{
    const char* name;
    QString search;
    HoroscopeFilter::SortColumn sort;
    Qt::SortOrder order;
};

// Median of three: until the first answer (a bounded step of a search may have found no row
// yet), until the first rows are shown, and until a page (or the end) is in.
void measureCase(HoroscopeTableModel& model, const QString& label, const Case& c)
{
    QList<double> firstAnswer;
    QList<double> firstRows;
    QList<double> complete;
    int rows = 0;
    for (int run = 0; run < 3; ++run) {
        model.setFilter({}); // leave the case, so that each run starts anew
        waitFor(model);
        HoroscopeFilter f;
        f.search = c.search;
        f.sort = c.sort;
        f.order = c.order;
        double answer = -1;
        double shown = -1;
        QElapsedTimer t;
        const QMetaObject::Connection connection =
            QObject::connect(&model, &HoroscopeTableModel::pageLoaded, [&] {
                if (answer < 0)
                    answer = ms(t);
                if (shown < 0 && model.rowCount() > 0)
                    shown = ms(t);
            });
        t.start();
        model.setFilter(f);
        waitFor(model);
        complete << ms(t);
        firstAnswer << answer;
        firstRows << (shown < 0 ? ms(t) : shown);
        QObject::disconnect(connection);
        rows = model.rowCount();
    }
    for (QList<double>* list : {&firstAnswer, &firstRows, &complete})
        std::sort(list->begin(), list->end());
    std::printf("browse_%s_%s_first_page %.1f ms\n", qPrintable(label), c.name, complete.at(1));
    // Only where a search went on in bounded steps ("keep searching").
    if (firstAnswer.at(1) < complete.at(1) - 1.0) {
        std::printf("browse_%s_%s_first_answer %.1f ms\n", qPrintable(label), c.name,
                    firstAnswer.at(1));
        std::printf("browse_%s_%s_first_rows_shown %.1f ms\n", qPrintable(label), c.name,
                    firstRows.at(1));
    }
    std::printf("browse_%s_%s_rows %d rows\n", qPrintable(label), c.name, rows);
}

int measureModelCases(HoroscopeTableModel& model, const QString& label, const QStringList& only);

// Child: measure the browser's model on one database.
int measureModel(const ConnectionSpec& spec, const QString& label, const QDate& far,
                 const QStringList& only)
{
    HoroscopeTableModel model(spec);
    model.setRevisionsAvailable(true);
    model.reload(); // connects its own worker threads; the user's window has done that already
    waitFor(model);
    if (!only.isEmpty())
        return measureModelCases(model, label, only);
    const double before = residentMb();
    QElapsedTimer t;
    t.start();
    model.reload();
    waitFor(model);
    const double firstPage = ms(t);
    if (model.rowCount() != HoroscopeTableModel::kPageSize)
        qFatal("first page has %d rows", model.rowCount());
    const double rss = residentMb();
    t.restart();
    model.jumpToDate(far);
    waitFor(model);
    const double jump = ms(t);
    if (model.rowCount() == 0 || model.rowAt(0)->date > far)
        qFatal("jump did not land");
    std::printf("browse_%s_first_page %.1f ms\n", qPrintable(label), firstPage);
    std::printf("browse_%s_rss_after_first_page %.1f MB\n", qPrintable(label), rss);
    std::printf("browse_%s_rss_growth_for_first_page %.1f MB\n", qPrintable(label), rss - before);
    std::printf("browse_%s_jump_to_far_date %.1f ms\n", qPrintable(label), jump);
    return measureModelCases(model, label, {});
}

int measureModelCases(HoroscopeTableModel& model, const QString& label, const QStringList& only)
{
    using C = HoroscopeFilter::SortColumn;
    const Qt::SortOrder desc = Qt::DescendingOrder;
    const Qt::SortOrder asc = Qt::AscendingOrder;
    const QList<Case> cases{
        {"search_every_row", u"ЗВЁЗДЫ"_s, C::Date, desc},
        {"search_one_in_10", u"луна"_s, C::Date, desc},
        {"search_one_in_1000", u"МЕРКУРИЙ"_s, C::Date, desc},
        {"search_3_letters_no_row", u"юпитер"_s, C::Date, desc},
        {"search_2_letters_every_row", u"зв"_s, C::Date, desc},
        {"search_2_letters_no_row", u"ъы"_s, C::Date, desc},
        {"search_1_letter_every_row", u"ё"_s, C::Date, desc},
        {"search_1_letter_no_row", u"q"_s, C::Date, desc},
        {"search_percent_literal", u"100%"_s, C::Date, desc},
        {"search_one_in_10_by_text", u"луна"_s, C::Text, asc},
        {"search_one_in_1000_by_length", u"меркурий"_s, C::Length, desc},
        {"sort_text_asc", {}, C::Text, asc},
        {"sort_text_desc", {}, C::Text, desc},
        {"sort_length_asc", {}, C::Length, asc},
        {"sort_length_desc", {}, C::Length, desc},
        {"sort_generated_asc", {}, C::GeneratedAt, asc},
        {"sort_generated_desc", {}, C::GeneratedAt, desc},
        {"sort_sign_asc", {}, C::Sign, asc},
        {"sort_date_asc", {}, C::Date, asc},
    };
    for (const Case& c : cases) {
        if (selected(only, QString::fromLatin1(c.name)))
            measureCase(model, label, c);
    }
    return 0;
}

struct ListCase
{
    QString name;
    QString sign; // empty: every sign
    QString search;
    QString sort; // as --sort takes it
    bool ascending = false;
    bool baseline = false; // also the server's own plan of the plain statement
};

QList<ListCase> listCases()
{
    QList<ListCase> cases{{u"list_no_filter"_s, {}, {}, u"date"_s, false, false}};
    for (const char* sort : {"date", "sign", "text", "length", "generated"}) {
        for (const bool asc : {false, true}) {
            const QString suffix = QString::fromLatin1(sort) + (asc ? u"_asc"_s : u"_desc"_s);
            // Issue 22's cases: by length, longest first, and by date, newest first.
            const bool lengthDesc = suffix == u"length_desc";
            const bool dateDesc = suffix == u"date_desc";
            const QString s = QString::fromLatin1(sort);
            cases << ListCase{u"list_sign_common_elsewhere_"_s + suffix,
                              u"aries"_s,
                              u"луна"_s,
                              s,
                              asc,
                              lengthDesc};
            cases << ListCase{u"list_2_letters_no_row_"_s + suffix, {}, u"ъы"_s, s, asc, dateDesc};
            cases << ListCase{u"list_percent_no_row_"_s + suffix, {}, u"%"_s, s, asc, dateDesc};
        }
    }
    return cases;
}

QString plainStatement(const ListCase& c)
{
    const QString dir = c.ascending ? u" ASC"_s : u" DESC"_s;
    QString key = u"horoscope_date"_s + dir;
    if (c.sort == u"sign")
        key = u"zodiac_sign"_s + dir + u", horoscope_date"_s + dir;
    else if (c.sort == u"text")
        key = u"left(content, 200)"_s + dir;
    else if (c.sort == u"length")
        key = u"char_length(content)"_s + dir;
    else if (c.sort == u"generated")
        key = u"generated_at"_s + dir;
    QStringList where;
    if (!c.sign.isEmpty())
        where << u"zodiac_sign = '"_s + c.sign + u"'"_s;
    if (!c.search.isEmpty())
        where << u"content ILIKE '"_s + HoroscopeQuery::likePattern(c.search) + u"'"_s;
    return u"SELECT id, zodiac_sign, horoscope_date, content, generated_at FROM horoscope_cache"_s +
           (where.isEmpty() ? QString() : u" WHERE "_s + where.join(u" AND "_s)) + u" ORDER BY "_s +
           key + u", id"_s + dir + u" LIMIT 100"_s;
}

// Child: `horoscopes list` as a whole process, and the server's own plan of the same query.
int measureList(const ConnectionSpec& spec, const QString& label, const QStringList& only)
{
    const QString url = u"host=%1 dbname=%2 user=%3"_s.arg(spec.host, spec.database, spec.user);
    QSqlDatabase db = TestCluster::open(spec);
    for (const ListCase& c : listCases()) {
        if (!selected(only, c.name))
            continue;
        QStringList args{u"horoscopes"_s,
                         u"list"_s,
                         u"--database-url"_s,
                         url,
                         u"--sort"_s,
                         c.sort,
                         c.ascending ? u"--asc"_s : u"--desc"_s};
        if (!c.sign.isEmpty())
            args << u"--sign"_s << c.sign;
        if (!c.search.isEmpty())
            args << u"--search"_s << c.search;
        QList<double> runs;
        qsizetype lines = 0;
        for (int run = 0; run < 3; ++run) {
            QProcess p;
            QElapsedTimer t;
            t.start();
            p.start(QStringLiteral(HA_EXECUTABLE), args);
            if (!p.waitForFinished(120'000) || p.exitCode() != 0)
                qFatal("%s failed: %s", qPrintable(c.name), p.readAllStandardError().constData());
            runs << ms(t);
            lines = p.readAllStandardOutput().count('\n');
        }
        std::sort(runs.begin(), runs.end());
        std::printf("browse_%s_%s %.1f ms\n", qPrintable(label), qPrintable(c.name), runs.at(1));
        std::printf("browse_%s_%s_rows %lld rows\n", qPrintable(label), qPrintable(c.name),
                    static_cast<long long>(lines - 1));
        if (!c.baseline)
            continue;
        // The planner's own plan, and the whole table read in parallel (no index: for a term
        // without trigrams the server's fastest plan, which the planner does not always pick).
        for (const bool scan : {false, true}) {
            QList<double> times;
            for (int run = 0; run < 3; ++run) {
                QSqlQuery q(db);
                q.exec(u"BEGIN"_s);
                if (scan)
                    q.exec(u"SELECT set_config('enable_indexscan', 'off', true), "
                           "set_config('enable_bitmapscan', 'off', true)"_s);
                QElapsedTimer t;
                t.start();
                if (!q.exec(plainStatement(c)))
                    qFatal("%s", qPrintable(q.lastError().text()));
                while (q.next()) {
                }
                times << ms(t);
                q.exec(u"COMMIT"_s);
            }
            std::sort(times.begin(), times.end());
            // The best, and the median, the same statistic as the command's own figure.
            const char* kind = scan ? "table_scan" : "own_plan";
            std::printf("browse_%s_%s_server_%s_best %.1f ms\n", qPrintable(label),
                        qPrintable(c.name), kind, times.first());
            std::printf("browse_%s_%s_server_%s_median %.1f ms\n", qPrintable(label),
                        qPrintable(c.name), kind, times.at(1));
        }
    }
    TestCluster::close(db);
    return 0;
}

// Child: the baseline, Qt's own QSqlTableModel.
int measureTableModel(const ConnectionSpec& spec, const QString& label)
{
    QSqlDatabase db = TestCluster::open(spec);
    const double before = residentMb();
    QElapsedTimer t;
    t.start();
    {
        QSqlTableModel model(nullptr, db);
        model.setTable(u"horoscope_cache"_s);
        model.setSort(2, Qt::DescendingOrder);
        if (!model.select())
            qFatal("select failed");
        const double firstPage = ms(t);
        const double rss = residentMb();
        std::printf("browse_%s_qsqltablemodel_first_page %.1f ms\n", qPrintable(label), firstPage);
        std::printf("browse_%s_qsqltablemodel_rss_after_first_page %.1f MB\n", qPrintable(label),
                    rss);
        std::printf("browse_%s_qsqltablemodel_rss_growth %.1f MB\n", qPrintable(label),
                    rss - before);
    }
    TestCluster::close(db);
    return 0;
}

void fill(const ConnectionSpec& spec, int rows)
{
    const QString error = TestCluster::execute(spec, uR"(
        INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content, generated_at)
        SELECT (ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                      'sagittarius','capricorn','aquarius','pisces'])[1 + g % 12],
               date '2026-12-31' - (g / 12),
               CASE WHEN g % 1000 = 7 THEN 'Меркурий ретроградный. ' ELSE '' END
               || CASE WHEN g % 10 = 3 THEN 'Луна в Раке. ' ELSE '' END
               || repeat('Сегодня звёзды ' || md5(g::text) || ' ', 18),
               now() - make_interval(mins => g)
        FROM generate_series(0, %1 - 1) g;
        ANALYZE horoscope_cache;)"_s.arg(rows));
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));
}

int runChild(const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(QCoreApplication::applicationFilePath(), args);
    p.waitForFinished(-1);
    return p.exitCode();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    // Children get the database and the socket directory of the parent's cluster.
    if (args.size() >= 5 && args.at(1) == u"--child") {
        ConnectionSpec spec;
        spec.host = args.at(3);
        spec.database = args.at(4);
        spec.user = u"horoscope"_s;
        const QString label = args.at(5);
        const QStringList only = args.value(7).split(u',', Qt::SkipEmptyParts);
        if (args.at(2) == u"cold")
            return measureCold(spec, label);
        if (args.at(2) == u"list")
            return measureList(spec, label, only);
        return args.at(2) == u"model"
                   ? measureModel(spec, label, QDate::fromString(args.at(6), Qt::ISODate), only)
                   : measureTableModel(spec, label);
    }
    QStringList sizes{u"1k"_s, u"1m"_s};
    QString only;
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--sizes")
            sizes = args.at(i + 1).split(u',', Qt::SkipEmptyParts);
        else if (args.at(i) == u"--only")
            only = args.at(i + 1);
    }
    TestCluster& tc = TestCluster::instance();
    if (!tc.isReady())
        qFatal("no cluster: %s", qPrintable(tc.error()));
    for (const auto& [rows, label] : {std::pair{1'000, u"1k"_s}, std::pair{1'000'000, u"1m"_s}}) {
        if (!sizes.contains(label))
            continue;
        const ConnectionSpec spec = migratedTestDatabase(u"bench_"_s + label);
        QElapsedTimer t;
        t.start();
        fill(spec, rows);
        std::fprintf(stderr, "filled %d rows in %.1f s\n", rows, ms(t) / 1000.0);
        // "Far down": nine tenths of the way through the dates, newest first.
        const QDate far = QDate(2026, 12, 31).addDays(-(rows * 9 / 10) / 12);
        QString error;
        if (!tc.cluster().stop(&error) || !tc.cluster().start(&error))
            qFatal("could not restart the server: %s", qPrintable(error));
        const QString farText = far.toString(Qt::ISODate);
        if (only.isEmpty())
            runChild({u"--child"_s, u"cold"_s, spec.host, spec.database, label});
        runChild({u"--child"_s, u"model"_s, spec.host, spec.database, label, farText, only});
        runChild({u"--child"_s, u"list"_s, spec.host, spec.database, label, farText, only});
        if (only.isEmpty())
            runChild({u"--child"_s, u"table"_s, spec.host, spec.database, label});
    }
    return 0;
}
