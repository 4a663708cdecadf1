#include "MigrateCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "ConnectionSpec.h"
#include "Migration.h"
#include "MigrationRunner.h"

#include <QRegularExpression>
#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Request
{
    QString verb; // status, history, up or down
    QString to;   // up/down --to: a migration id, as given
    MigrationRunner::Options options;
};

// The options' values, or the one line that says what is wrong with them. The messages keep
// CommandLine's translation context, where they were first written.
QString parse(const CommandLine& cli, Request* r)
{
    r->verb = cli.command().value(1);
    r->to = cli.value("to");
    r->options.dryRun = cli.isSet("dry-run");
    r->options.lockWaitMs = cli.value("lock-wait").toInt() * 1000; // at most 86,400,000
    r->options.lockTimeoutMs = cli.lockTimeoutMs();
    r->options.acceptDataLoss = cli.isSet("accept-data-loss");
    r->options.createSeedTables = cli.isSet("create-bot-tables");
    if (r->verb != u"up" && r->verb != u"down")
        return {};
    static const QRegularExpression digits(u"^\\d{1,9}$"_s);
    bool ok = false;
    const int wait = cli.value("lock-wait").toInt(&ok);
    if (!digits.match(cli.value("lock-wait")).hasMatch() || !ok || wait > CommandLine::maxSeconds)
        return CommandLine::tr("--lock-wait needs a whole number of seconds from 0 to %1, such "
                               "as 30; \"%2\" is not one.")
            .arg(CommandLine::maxSeconds)
            .arg(cli.value("lock-wait"));
    if (cli.isSet("to") && !digits.match(r->to).hasMatch())
        return CommandLine::tr("--to needs a migration id such as 0002 (down --to 0 rolls back "
                               "all); \"%1\" is not one.")
            .arg(r->to);
    if (r->verb == u"up" && cli.isSet("to") && r->to.toInt() == 0)
        return CommandLine::tr("migrate up --to needs the id of a migration, such as 0002; to "
                               "roll back everything use migrate down --to 0.");
    return {};
}

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
    Request request;
    if (const QString problem = parse(cli, &request); !problem.isEmpty())
        return CommandLine::usageError(problem);
    const QString& verb = request.verb;
    QList<Migration> migrations;
    QString error;
    if (!Migration::loadAll(cli.migrationsDir(), &migrations, &error))
        return CommandConnection::fail(error);
    // --to names a migration that exists (or 0 for down): checked before connecting. "3"
    // means 0003.
    QString to = request.to;
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
    MigrationRunner runner(connection.database(), migrations, request.options);
    runner.setProgress(
        [](const QString& message, int, int) { CommandConnection::progress(message); });
    runner.setOutput([](const QString& text) { CommandOutput::print(text); });
    DbError dbError;
    if ((verb == u"up" || verb == u"down") && !request.options.dryRun) {
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
