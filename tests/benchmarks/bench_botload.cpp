// The bot while the app works: a bot-like load from pgbench (view-counter upserts and cache
// reads, at a steady rate) alone, then while each admin action runs over and over for the
// whole phase. Prints the bot's latency (p50, p99, max, from pgbench's per-transaction log),
// its errors, lost increments (sum(view_count) after minus before against the upserts pgbench
// completed) and how many times the action ran. Each phase gets a fresh migrated database
// with 180 days of demo data.
//
//   bench_botload [--seconds N] [--rate TPS] [--lock-timeout MS] [--locks] [phase ...]
//
// Phases: baseline browse save regenerate replace migrate chart export
// migrate_report_timeout5000
// migrate_report_timeout<MS> (MS: --lock-timeout, by default the runner's own, 50).
// --locks samples pg_locks during each phase and prints, on stderr, who waited for whom.
#include "BotLoad.h"
#include "DemoData.h"
#include "HoroscopeExporter.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeStore.h"
#include "HoroscopeTableModel.h"
#include "LockSampler.h"
#include "ReplaceStore.h"
#include "ViewTrends.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlQuery>
#include <QUrl>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kDays = 180;

// What an action needs; one per phase.
struct PhaseContext
{
    ConnectionSpec spec;
    QSqlDatabase db;
    QList<Migration> migrations;
    QElapsedTimer clock; // since the bot started
    int durationMs = 0;
    int counter = 0;
    QList<int> recentIds;
    std::unique_ptr<HoroscopeTableModel> model;
    std::unique_ptr<QProcess> report;
    QString lastError;
};

struct Phase
{
    QString name;
    std::function<void(PhaseContext&)> setup;
    std::function<bool(PhaseContext&)> action; // null: the bot alone
};

QString databaseUrl(const ConnectionSpec& spec)
{
    QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
    if (!spec.port.isEmpty())
        url += u"&port="_s + spec.port;
    return url;
}

bool fail(PhaseContext& ctx, const QString& message)
{
    ctx.lastError = message;
    return false;
}

// The days the bot serves: today and the six before.
QDate recentDay(int n)
{
    return QDate::currentDate().addDays(-(n % 7));
}

void setupBrowse(PhaseContext& ctx)
{
    ctx.model = std::make_unique<HoroscopeTableModel>(ctx.spec);
    ctx.model->setRevisionsAvailable(true);
    QObject::connect(ctx.model.get(), &HoroscopeTableModel::loadFailed, ctx.model.get(),
                     [&ctx](const DbError& e) { ctx.lastError = e.message; });
}

bool waitForModel(PhaseContext& ctx)
{
    while (ctx.model->isLoading())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    return ctx.lastError.isEmpty();
}

// What a user does in the browser: open the list, scroll, jump to a date, search, filter.
bool browse(PhaseContext& ctx)
{
    HoroscopeTableModel& m = *ctx.model;
    ctx.lastError.clear();
    m.setFilter({}); // reloads: the first page and the count
    if (!waitForModel(ctx))
        return false;
    m.fetchMore();
    if (!waitForModel(ctx))
        return false;
    m.jumpToDate(QDate::currentDate().addDays(-90));
    if (!waitForModel(ctx))
        return false;
    HoroscopeFilter search;
    search.search = (ctx.counter++ % 2) ? u"Меркурий"_s : u"venus"_s;
    m.setFilter(search);
    if (!waitForModel(ctx))
        return false;
    HoroscopeFilter signs;
    signs.signs = QStringList{u"leo"_s, u"pisces"_s};
    signs.from = QDate::currentDate().addDays(-30);
    m.setFilter(signs);
    if (!waitForModel(ctx))
        return false;
    return m.rowCount() > 0 || fail(ctx, u"the sign filter found nothing"_s);
}

void setupSave(PhaseContext& ctx)
{
    QSqlQuery q(ctx.db);
    q.exec(u"SELECT id FROM horoscope_cache WHERE horoscope_date >= current_date - 6 "
           "ORDER BY id"_s);
    while (q.next())
        ctx.recentIds << q.value(0).toInt();
    if (ctx.recentIds.isEmpty())
        qFatal("no recent horoscopes to edit");
}

// An editor corrects one of the horoscopes the bot is serving right now.
bool saveEdit(PhaseContext& ctx)
{
    HoroscopeStore store(ctx.db, ctx.spec, true);
    const int id = ctx.recentIds.at(ctx.counter++ % ctx.recentIds.size());
    HoroscopeRecord r;
    DbError e;
    if (!store.load(id, &r, &e))
        return fail(ctx, e.message);
    const QString mark = u" (исправлено)"_s;
    const QString text =
        r.content.endsWith(mark) ? r.content.chopped(mark.size()) : r.content + mark;
    const HoroscopeStore::SaveResult s = store.save(id, r.xmin, text);
    if (s.outcome != HoroscopeStore::SaveResult::Outcome::Saved)
        return fail(ctx, u"save: "_s + s.error.message);
    return true;
}

// 1,000 texts, among them those the bot serves now, end in a word of their own.
void setupReplace(PhaseContext& ctx)
{
    QSqlQuery q(ctx.db);
    if (!q.exec(u"UPDATE horoscope_cache SET content = content || ' Зодиакус.' WHERE id IN "
                "(SELECT id FROM horoscope_cache ORDER BY horoscope_date DESC, id LIMIT 1000)"_s))
        qFatal("replace setup: %s", qPrintable(q.lastError().text()));
    QSqlQuery(ctx.db).exec(u"VACUUM ANALYZE horoscope_cache"_s);
}

// Find and Replace of that word across all texts, previewed and applied (1,000 rows in
// transactions of ReplaceStore::batchSize); the next action replaces it back.
bool replaceAll(PhaseContext& ctx)
{
    const bool forth = ctx.counter++ % 2 == 0;
    const QString from = forth ? u"Зодиакус"_s : u"Астралис"_s;
    const QString to = forth ? u"Астралис"_s : u"Зодиакус"_s;
    ReplaceStore store(ctx.db, ctx.spec, true);
    ReplacePreview preview;
    DbError e;
    if (!store.preview({}, TextReplace({from, to, true, true}), ReplaceStore::defaultCap, nullptr,
                       &preview, &e))
        return fail(ctx, u"preview: "_s + e.message);
    if (preview.changes.size() != 1000)
        return fail(ctx, u"the preview found %1 rows, not 1000"_s.arg(preview.changes.size()));
    ReplaceOutcome outcome;
    if (!store.apply(preview.changes, nullptr, {}, &outcome, &e))
        return fail(ctx, u"apply: "_s + e.message);
    if (outcome.replaced.size() != 1000)
        return fail(ctx, u"apply wrote %1 rows, not 1000"_s.arg(outcome.replaced.size()));
    return true;
}

// `horoscope-admin regenerate --sign all --date D --yes --provider demo`, as a process.
bool regenerate(PhaseContext& ctx)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HA_EXECUTABLE),
            {u"--database-url"_s, databaseUrl(ctx.spec), u"regenerate"_s, u"--sign"_s, u"all"_s,
             u"--date"_s, recentDay(ctx.counter++).toString(Qt::ISODate), u"--yes"_s,
             u"--provider"_s, u"demo"_s});
    if (!p.waitForFinished(60'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return fail(ctx, u"regenerate: "_s + QString::fromLocal8Bit(p.readAllStandardError()));
    return true;
}

// One cycle: roll back to 0001 (history table, triggers, search index, secured trigger) and
// apply everything again, in process. `beforeTriggers` runs just before 0002 is rolled back,
// the step whose DROP TRIGGER needs ACCESS EXCLUSIVE on horoscope_cache.
bool migrateCycle(PhaseContext& ctx, int lockTimeoutMs,
                  const std::function<void()>& beforeTriggers = {})
{
    MigrationRunner runner(ctx.db, ctx.migrations,
                           {.lockTimeoutMs = lockTimeoutMs, .acceptDataLoss = true});
    DbError e;
    if (beforeTriggers) {
        runner.setProgress([&](const QString&, int done, int total) {
            if (total > 0 && done == total - 1) // down to 0001 rolls back 0005 … 0002
                beforeTriggers();
        });
    }
    if (!runner.down(u"0001"_s, &e))
        return fail(ctx, u"migrate down: "_s + e.message);
    runner.setProgress({});
    if (!runner.up({}, &e))
        return fail(ctx, u"migrate up: "_s + e.message);
    return true;
}

// A report reads horoscope_cache in a transaction that stays open for 2 s, holding ACCESS
// SHARE on it.
void startReport(PhaseContext& ctx)
{
    ctx.report = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PGAPPNAME"_s, u"report"_s);
    ctx.report->setProcessEnvironment(env);
    QString binError;
    ctx.report->start(
        PgCluster::findBinDir(&binError) + u"/psql"_s,
        {u"-X"_s, u"-q"_s, u"-h"_s, ctx.spec.host, u"-p"_s,
         ctx.spec.port.isEmpty() ? u"5432"_s : ctx.spec.port, u"-U"_s, ctx.spec.user, u"-d"_s,
         ctx.spec.database, u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-c"_s,
         u"BEGIN; SELECT count(*) FROM horoscope_cache; SELECT pg_sleep(2); COMMIT;"_s});
    if (!ctx.report->waitForStarted(10'000))
        qFatal("could not start psql");
    const QString holds =
        u"SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE a.application_name = 'report' AND l.granted "
        "AND l.relation = 'horoscope_cache'::regclass"_s;
    while (TestCluster::scalar(ctx.spec, holds).toInt() == 0) {
        if (ctx.report->waitForFinished(5))
            qFatal("the report ended early: %s", ctx.report->readAllStandardError().data());
    }
}

// Midway through the phase the migration reaches horoscope_cache's triggers while the report
// holds its lock: the DDL must wait for the report, and the bot's reads queue behind the DDL's
// lock request for as long as one attempt lasts. (Rolling back 0003 before it, DROP INDEX
// CONCURRENTLY waits for such a report without blocking anyone, so the report is started
// after that step.)
bool migrateBehindReport(PhaseContext& ctx, int lockTimeoutMs)
{
    if (ctx.report || ctx.clock.elapsed() < ctx.durationMs / 2 - 1000)
        return migrateCycle(ctx, lockTimeoutMs);
    return migrateCycle(ctx, lockTimeoutMs, [&ctx] { startReport(ctx); });
}

bool chartRefresh(PhaseContext& ctx)
{
    const QDate today = QDate::currentDate();
    ViewTrends t;
    DbError e;
    if (!ViewTrends::load(ctx.db, ctx.spec, {today.addDays(-364), today, ViewTrends::Bucket::Day},
                          &t, &e))
        return fail(ctx, u"trends: "_s + e.message);
    return t.total() > 0 || fail(ctx, u"the trends show no views"_s);
}

// Every horoscope as CSV, then the views of the last 365 days as CSV.
bool exportAll(PhaseContext& ctx)
{
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    qint64 rows = 0;
    DbError e;
    if (!HoroscopeExporter::write(ctx.db, ctx.spec, {}, true, HoroscopeExporter::Format::Csv, &out,
                                  {}, nullptr, &rows, &e))
        return fail(ctx, u"export: "_s + e.message);
    if (rows < 12 * kDays)
        return fail(ctx, u"export wrote only %1 rows"_s.arg(rows));
    const QDate today = QDate::currentDate();
    ViewTrends t;
    if (!ViewTrends::load(ctx.db, ctx.spec, {today.addDays(-364), today, ViewTrends::Bucket::Day},
                          &t, &e))
        return fail(ctx, u"views export: "_s + e.message);
    return !t.toCsv().isEmpty();
}

qint64 viewSum(const ConnectionSpec& spec)
{
    return TestCluster::scalar(spec, u"SELECT coalesce(sum(view_count), 0) FROM horoscope_views"_s)
        .toLongLong();
}

void print(const QString& phase, const char* what, double value, const char* unit)
{
    std::printf("botload_%s_%s %.*f %s\n", qPrintable(phase), what,
                qstrcmp(unit, "ms") == 0 ? 2 : 0, value, unit);
    std::fflush(stdout);
}

void runPhase(const Phase& phase, const BotLoad::Options& botOptions,
              const QList<Migration>& migrations, bool sampleLocks)
{
    PhaseContext ctx;
    ctx.spec = migratedTestDatabase(u"botload"_s);
    ctx.db = TestCluster::open(ctx.spec);
    ctx.migrations = migrations;
    ctx.durationMs = botOptions.seconds * 1000;
    QString error;
    if (!DemoData::fill(ctx.db, QDate::currentDate(), kDays, &error))
        qFatal("demo data: %s", qPrintable(error));
    QSqlQuery(ctx.db).exec(u"VACUUM ANALYZE"_s);
    // The runner's NOTICEs ("extension pg_trgm already exists") would only clutter the output.
    QSqlQuery(ctx.db).exec(u"SET client_min_messages = warning"_s);
    if (phase.setup)
        phase.setup(ctx);

    const qint64 before = viewSum(ctx.spec);
    std::unique_ptr<LockSampler> sampler;
    if (sampleLocks)
        sampler = std::make_unique<LockSampler>(ctx.spec);
    BotLoad bot(botOptions);
    if (!bot.start(ctx.spec, phase.name, &error))
        qFatal("%s", qPrintable(error));
    ctx.clock.start();
    int actions = 0;
    int failures = 0;
    QString firstFailure;
    while (!bot.finished()) {
        if (!phase.action) {
            bot.waitForFinished();
            break;
        }
        if (phase.action(ctx)) {
            ++actions;
        } else {
            ++failures;
            if (firstFailure.isEmpty())
                firstFailure = ctx.lastError;
        }
    }
    if (ctx.report) {
        ctx.report->waitForFinished(30'000);
        if (ctx.report->exitCode() != 0)
            qFatal("the report transaction failed: %s", ctx.report->readAllStandardError().data());
    }
    if (sampler)
        sampler->stopAndPrint(phase.name);
    BotLoad::Result r;
    if (!bot.result(&r, &error))
        qFatal("%s", qPrintable(error));
    const qint64 lost = r.upserts - (viewSum(ctx.spec) - before);
    if (!firstFailure.isEmpty())
        std::fprintf(stderr, "%s: %d actions failed, the first: %s\n", qPrintable(phase.name),
                     failures, qPrintable(firstFailure.trimmed()));
    for (const QString& line : std::as_const(r.messages))
        std::fprintf(stderr, "%s: pgbench: %s\n", qPrintable(phase.name), qPrintable(line));
    print(phase.name, "p50", r.percentileMs(0.50), "ms");
    print(phase.name, "p99", r.percentileMs(0.99), "ms");
    print(phase.name, "max", r.percentileMs(1.0), "ms");
    print(phase.name, "tx", static_cast<double>(r.latenciesUs.size()), "count");
    print(phase.name, "errors", static_cast<double>(r.errors), "count");
    print(phase.name, "lost_increments", static_cast<double>(lost), "count");
    print(phase.name, "actions", actions, "count");
    print(phase.name, "action_failures", failures, "count");
    ctx.model.reset();
    TestCluster::close(ctx.db);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    BotLoad::Options botOptions;
    bool sampleLocks = false;
    int lockTimeoutMs = MigrationRunner::Options{}.lockTimeoutMs; // the runner's default
    QStringList only;
    const QStringList args = app.arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        if (args.at(i) == u"--seconds" && i + 1 < args.size())
            botOptions.seconds = args.at(++i).toInt();
        else if (args.at(i) == u"--rate" && i + 1 < args.size())
            botOptions.rate = args.at(++i).toInt();
        else if (args.at(i) == u"--lock-timeout" && i + 1 < args.size())
            lockTimeoutMs = args.at(++i).toInt();
        else if (args.at(i) == u"--locks")
            sampleLocks = true;
        else
            only << args.at(i);
    }
    if (botOptions.seconds < 4 || botOptions.rate < 1 || lockTimeoutMs < 1)
        qFatal("usage: bench_botload [--seconds N>=4] [--rate TPS] [--lock-timeout MS] [--locks] "
               "[phase ...]");

    TestCluster& tc = TestCluster::instance();
    if (!tc.isReady())
        qFatal("no cluster: %s", qPrintable(tc.error()));
    QList<Migration> migrations;
    QString error;
    if (!Migration::loadAll(u":/migrations"_s, &migrations, &error))
        qFatal("%s", qPrintable(error));

    const QList<Phase> phases{
        {u"baseline"_s, {}, {}},
        {u"browse"_s, setupBrowse, browse},
        {u"save"_s, setupSave, saveEdit},
        {u"regenerate"_s, {}, regenerate},
        {u"replace"_s, setupReplace, replaceAll},
        {u"migrate"_s, {}, [](PhaseContext& c) { return migrateCycle(c, 200); }},
        {u"chart"_s, {}, chartRefresh},
        {u"export"_s, {}, exportAll},
        // What the short lock attempts buy: the same migrations behind a long report, with the
        // old 5 s lock_timeout and with the runner's default attempts (200 ms).
        {u"migrate_report_timeout5000"_s,
         {},
         [](PhaseContext& c) { return migrateBehindReport(c, 5000); }},
        {u"migrate_report_timeout%1"_s.arg(lockTimeoutMs),
         {},
         [lockTimeoutMs](PhaseContext& c) { return migrateBehindReport(c, lockTimeoutMs); }},
    };
    for (const QString& name : std::as_const(only)) {
        if (std::none_of(phases.cbegin(), phases.cend(),
                         [&](const Phase& p) { return p.name == name; }))
            qFatal("unknown phase %s", qPrintable(name));
    }
    std::fprintf(stderr,
                 "bot: pgbench, %d clients, %d tx/s (half upserts, half cache reads), %d s per "
                 "phase\n",
                 botOptions.clients, botOptions.rate, botOptions.seconds);
    for (const Phase& phase : phases) {
        if (only.isEmpty() || only.contains(phase.name))
            runPhase(phase, botOptions, migrations, sampleLocks);
    }
    return 0;
}
