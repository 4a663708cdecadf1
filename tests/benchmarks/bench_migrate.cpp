// How long `migrate up` takes: in process (the runner alone) and as the command an operator
// runs (process start, connect, lock, migrate), on fresh databases of a private cluster.
#include "Migration.h"
#include "MigrationFixtures.h"
#include "MigrationRunner.h"
#include "TestCluster.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QUrl>
#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kRuns = 15;

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

void print(const char* name, double value, const char* unit)
{
    std::printf("%s %.1f %s\n", name, value, unit);
    std::fflush(stdout);
}

double timeRunner(const ConnectionSpec& spec, const QList<Migration>& migrations)
{
    QSqlDatabase db = TestCluster::open(spec);
    QElapsedTimer timer;
    timer.start();
    DbError error;
    {
        MigrationRunner runner(db, migrations, {.createSeedTables = true});
        if (!runner.up({}, &error))
            qFatal("migrate up failed: %s", qPrintable(error.message));
    }
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    TestCluster::close(db);
    return ms;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    TestCluster& tc = TestCluster::instance();
    if (!tc.isReady())
        qFatal("no cluster: %s", qPrintable(tc.error()));
    QList<Migration> migrations;
    QString error;
    Migration::loadAll(u":/migrations"_s, &migrations, &error);

    // The first three alone too: the set the earlier figures were taken with.
    const QList<Migration> firstThree = migrations.mid(0, 3);
    QList<double> fresh, noop, adopt, cli, fresh3, noop3;
    for (int i = 0; i < kRuns; ++i) {
        const ConnectionSpec three = tc.freshDatabase(u"bench3"_s);
        fresh3 << timeRunner(three, firstThree);
        noop3 << timeRunner(three, firstThree);

        const ConnectionSpec spec = tc.freshDatabase(u"bench"_s);
        fresh << timeRunner(spec, migrations);
        noop << timeRunner(spec, migrations);

        const ConnectionSpec alembic = tc.freshDatabase(u"bench_alembic"_s);
        TestCluster::execute(alembic, alembicSchemaSql());
        adopt << timeRunner(alembic, migrations);

        const ConnectionSpec viaCli = tc.freshDatabase(u"bench_cli"_s);
        const QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
            viaCli.database, QString::fromLatin1(QUrl::toPercentEncoding(viaCli.host)),
            viaCli.user);
        QElapsedTimer timer;
        timer.start();
        QProcess p;
        p.start(QStringLiteral(HA_EXECUTABLE),
                {u"--database-url"_s, url, u"migrate"_s, u"up"_s, u"--create-bot-tables"_s});
        p.waitForFinished(60'000);
        if (p.exitCode() != 0)
            qFatal("horoscope-admin migrate up failed: %s", p.readAllStandardError().constData());
        cli << static_cast<double>(timer.nsecsElapsed()) / 1e6;
    }
    print("migrate_up_fresh_db_median", median(fresh), "ms");
    print("migrate_up_fresh_db_max", *std::max_element(fresh.cbegin(), fresh.cend()), "ms");
    print("migrate_up_nothing_to_do_median", median(noop), "ms");
    print("migrate_up_adopt_alembic_db_median", median(adopt), "ms");
    print("migrate_up_cli_process_fresh_db_median", median(cli), "ms");
    print("migrate_up_0001_0003_fresh_db_median", median(fresh3), "ms");
    print("migrate_up_0001_0003_nothing_to_do_median", median(noop3), "ms");
    return 0;
}
