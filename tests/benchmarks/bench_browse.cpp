// The horoscope browser against horoscope_cache with 1,000 and 1,000,000 rows (about 1 KB of
// text each, generated in the server): time until the first page is in the model, resident
// memory after it, a jump to a date far down, a text search; and, as the baseline, the first
// page of a plain QSqlTableModel in the same run. Each measurement runs in a fresh child
// process so resident memory is its own.
#include "HoroscopeFixtures.h"
#include "HoroscopeTableModel.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlTableModel>
#include <QThread>
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

// Child: measure the browser's model on one database.
int measureModel(const ConnectionSpec& spec, const QString& label, const QDate& far)
{
    HoroscopeTableModel model(spec);
    model.setRevisionsAvailable(true);
    model.reload(); // connects its own worker threads; the user's window has done that already
    waitFor(model);
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
    HoroscopeFilter f = model.filter();
    f.search = u"МЕРКУРИЙ"_s; // one row in a thousand says "Меркурий"
    t.restart();
    model.setFilter(f);
    waitFor(model);
    const double search = ms(t);
    if (model.rowCount() == 0)
        qFatal("search found nothing");
    std::printf("browse_%s_first_page %.1f ms\n", qPrintable(label), firstPage);
    std::printf("browse_%s_rss_after_first_page %.1f MB\n", qPrintable(label), rss);
    std::printf("browse_%s_rss_growth_for_first_page %.1f MB\n", qPrintable(label), rss - before);
    std::printf("browse_%s_jump_to_far_date %.1f ms\n", qPrintable(label), jump);
    std::printf("browse_%s_text_search_first_page %.1f ms\n", qPrintable(label), search);
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
        return args.at(2) == u"model"
                   ? measureModel(spec, label, QDate::fromString(args.at(6), Qt::ISODate))
                   : measureTableModel(spec, label);
    }
    TestCluster& tc = TestCluster::instance();
    if (!tc.isReady())
        qFatal("no cluster: %s", qPrintable(tc.error()));
    for (const auto& [rows, label] : {std::pair{1'000, u"1k"_s}, std::pair{1'000'000, u"1m"_s}}) {
        const ConnectionSpec spec = migratedTestDatabase(u"bench_"_s + label);
        QElapsedTimer t;
        t.start();
        fill(spec, rows);
        std::fprintf(stderr, "filled %d rows in %.1f s\n", rows, ms(t) / 1000.0);
        // "Far down": nine tenths of the way through the dates, newest first.
        const QDate far = QDate(2026, 12, 31).addDays(-(rows * 9 / 10) / 12);
        runChild(
            {u"--child"_s, u"model"_s, spec.host, spec.database, label, far.toString(Qt::ISODate)});
        runChild({u"--child"_s, u"table"_s, spec.host, spec.database, label});
    }
    return 0;
}
