#include "MigrateCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "ConnectionSpec.h"
#include "Migration.h"
#include "MigrationRunner.h"

#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

void printTable(const QList<QStringList>& rows)
{
    QList<qsizetype> widths;
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths << 0;
            widths[i] = std::max(widths[i], row.at(i).size());
        }
    }
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row.at(i).leftJustified(widths[i] + 2) : row.at(i);
        CommandOutput::print(line.trimmed() + u'\n');
    }
}

} // namespace

int MigrateCommand::run(const CommandLine& cli)
{
    const QString verb = cli.command().value(1);
    QList<Migration> migrations;
    QString error;
    if (!Migration::loadAll(cli.migrationsDir(), &migrations, &error))
        return CommandConnection::fail(error);
    // --to names a migration that exists (or 0 for down): checked before connecting. "3"
    // means 0003.
    QString to = cli.to();
    if (!to.isEmpty() && to.toLongLong() != 0) {
        const auto found = std::find_if(migrations.cbegin(), migrations.cend(),
                                        [&](const Migration& m) { return m.id == to; });
        const auto same =
            std::find_if(migrations.cbegin(), migrations.cend(),
                         [&](const Migration& m) { return m.id.toLongLong() == to.toLongLong(); });
        if (found == migrations.cend() && same == migrations.cend()) {
            QStringList ids;
            for (const Migration& m : std::as_const(migrations))
                ids << m.id;
            return CommandLine::usageError(
                tr("There is no migration %1; the migrations are %2.").arg(to, ids.join(u", ")));
        }
        if (found == migrations.cend())
            to = same->id;
    }

    // The runner sets lock_timeout itself, per DDL attempt and not for CREATE INDEX
    // CONCURRENTLY; the session keeps the server's.
    CommandConnection::Options connect = cli.connectionOptions();
    connect.lockTimeoutMs = 0;
    CommandConnection connection(connect);
    if (!connection.open())
        return 1;
    MigrationRunner::Options options;
    options.dryRun = cli.dryRun();
    options.lockWaitMs = cli.lockWaitMs();
    options.lockTimeoutMs = cli.lockTimeoutMs();
    options.acceptDataLoss = cli.acceptDataLoss();
    options.createSeedTables = cli.createBotTables();
    MigrationRunner runner(connection.database(), migrations, options);
    runner.setProgress(
        [](const QString& message, int, int) { CommandConnection::progress(message); });
    runner.setOutput([](const QString& text) { CommandOutput::print(text); });
    DbError dbError;
    if ((verb == u"up" || verb == u"down") && !cli.dryRun()) {
        if (const QString why = runner.missingPrivilege(verb == u"up"); !why.isEmpty())
            return CommandConnection::fail(why);
    }
    if (verb == u"up" || verb == u"down") {
        const bool ok = verb == u"up" ? runner.up(to, &dbError) : runner.down(to, &dbError);
        return ok ? 0 : connection.fail(dbError);
    }
    QList<MigrationRunner::Entry> entries;
    if (!runner.status(&entries, &dbError))
        return connection.fail(dbError);
    if (verb == u"status") {
        QList<QStringList> rows{{tr("ID"), tr("STATE"), tr("FILE"), tr("DESCRIPTION")}};
        for (const auto& e : std::as_const(entries))
            rows << QStringList{e.id, MigrationRunner::stateName(e.state),
                                e.fileName.isEmpty() ? u"-"_s : e.fileName, e.description};
        printTable(rows);
        return 0;
    }
    QList<QStringList> rows{{tr("ID"), tr("APPLIED AT"), tr("BY"), tr("TOOK"), tr("DESCRIPTION")}};
    for (const auto& e : std::as_const(entries)) {
        if (!e.appliedAt.isValid())
            continue;
        rows << QStringList{
            e.id, e.appliedAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s), e.appliedBy,
            e.state == MigrationRunner::State::Adopted ? tr("adopted")
                                                       : tr("%1 ms").arg(e.durationMs),
            e.description};
    }
    printTable(rows);
    return 0;
}
