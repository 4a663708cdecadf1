#include "RegenerateCommand.h"

#include "AiProvider.h"
#include "AiProviderFactory.h"
#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "Database.h"
#include "OpenAiProvider.h"
#include "Privileges.h"
#include "RegenerationBatch.h"
#include "ZodiacSign.h"

#include <QEventLoop>
#include <cstdio>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Request
{
    QStringList signs; // --sign: one key, or all twelve
    QDate date;
    AiProviderFactory::Overrides provider;
    bool write = false; // --yes
};

// The options' values, or the one line that says what is wrong with them. The messages keep
// CommandLine's translation context, where they were first written.
QString parse(const CommandLine& cli, Request* r)
{
    const QString sign = cli.value("sign");
    if (sign != u"all" && !ZodiacSign::isKnown(sign))
        return CommandLine::tr("regenerate needs --sign with a sign key (aries … pisces) or all.");
    r->signs = sign == u"all" ? ZodiacSign::keys() : QStringList{sign};
    if (!cli.isSet("date"))
        return CommandLine::tr("regenerate needs --date as YYYY-MM-DD, such as --date "
                               "2026-11-28.");
    if (const QString problem = cli.dateOption("date", &r->date); !problem.isEmpty())
        return problem;
    r->provider = {cli.value("provider"), cli.value("ai-base-url"), cli.value("ai-model")};
    if (cli.isSet("provider") && r->provider.provider != u"demo" &&
        r->provider.provider != u"openai")
        return CommandLine::tr("--provider must be demo or openai; \"%1\" is neither.")
            .arg(r->provider.provider);
    r->write = cli.isSet("yes");
    return {};
}

} // namespace

int RegenerateCommand::run(const CommandLine& cli, const Settings& settings)
{
    Request request;
    if (const QString problem = parse(cli, &request); !problem.isEmpty())
        return CommandLine::usageError(problem);
    CommandConnection connection(cli.connectionOptions());
    if (!connection.open())
        return 1;
    if (request.write) {
        // Generating costs time and API calls: say at once when nothing could be written.
        Privileges privileges;
        QString readError;
        constexpr auto regenerate = Privileges::Action::Regenerate;
        if (Privileges::load(connection.database(), &privileges, &readError) &&
            !privileges.may(regenerate))
            return CommandConnection::fail(
                tr("Nothing was generated or written: %1 Ask the database administrator for: "
                   "%2 Without --yes the new texts are only printed.")
                    .arg(privileges.reason(regenerate), privileges.grantFor(regenerate)));
    }
    QString error;
    const std::unique_ptr<AiProvider> provider(AiProviderFactory::create(
        settings, request.provider, OpenAiProvider::apiKeyFromEnvironment(), nullptr, &error));
    if (!provider)
        return CommandConnection::fail(error);
    CommandConnection::progress(tr("Provider: %1").arg(provider->displayName()));

    QList<std::pair<QString, QDate>> targets;
    for (const QString& sign : std::as_const(request.signs))
        targets.append({sign, request.date});

    // The same session settings and deadline as the command's own connection, which is not
    // needed any more: one server connection per command.
    connection.close();
    Database database(connection.spec());
    database.start();
    RegenerationBatch batch(&database, provider.get(), AiProviderFactory::promptTemplate(settings));
    // Every failure in one line: "<sign, date>: <why>; …".
    const auto failures = [&batch, &connection] {
        QStringList reasons;
        for (const auto& item : batch.items()) {
            if (item.error.isEmpty() || (item.state != RegenerationBatch::State::Failed &&
                                         item.errorKind == DbError::Kind::None))
                continue;
            DbError e = DbError::make(item.errorKind, item.error);
            e.sqlState = item.errorSqlState;
            reasons << tr("%1, %2: %3")
                           .arg(ZodiacSign::display(item.sign), item.date.toString(Qt::ISODate),
                                item.errorKind == DbError::Kind::None ? item.error
                                                                      : connection.describe(e));
        }
        return reasons.join(QLatin1String("; "));
    };
    QEventLoop loop;       // the command's only event loop: the window is not involved
    bool finished = false; // one outcome: the first failure, or success
    const auto failWith = [&](const QString& message) {
        if (!finished)
            CommandConnection::fail(message);
        finished = true;
        loop.exit(1);
    };
    // In the command's words: it does not reconnect by itself as the window does.
    QObject::connect(&batch, &RegenerationBatch::failed, &loop, [&](const QString& message) {
        failWith(batch.loadError().isError() ? connection.describe(batch.loadError()) : message);
    });
    // The window waits for a lost server to come back; a command does not.
    QObject::connect(&database, &Database::stateChanged, &loop, [&](Database::State state) {
        if (state == Database::State::Reconnecting || state == Database::State::Failed) {
            DbError lost = database.lastError();
            if (lost.kind != DbError::Kind::ConnectionLost)
                failWith(lost.message);
            else
                failWith(connection.describe(lost));
        }
    });
    QObject::connect(&batch, &RegenerationBatch::generationFinished, &loop, [&] {
        if (finished)
            return;
        const auto& items = batch.items();
        for (const auto& item : items) {
            if (item.state == RegenerationBatch::State::Failed)
                continue;
            const QString title = ZodiacSign::display(item.sign) + QLatin1String(", ") +
                                  item.date.toString(Qt::ISODate);
            CommandOutput::print(u"== "_s + title + u" ==\n"_s + item.newText + u"\n\n"_s);
            if (item.corrected)
                std::fprintf(stderr, "%s\n",
                             qPrintable(tr("Warning: the current text of %1 was corrected by "
                                           "hand; writing replaces it (it stays in the history).")
                                            .arg(title)));
        }
        const int generationFailures = batch.count(RegenerationBatch::State::Failed);
        if (!request.write) {
            if (generationFailures > 0) {
                failWith(tr("%n text(s) could not be generated, nothing was written: %1", nullptr,
                            generationFailures)
                             .arg(failures()));
                return;
            }
            std::fprintf(stderr, "%s\n",
                         qPrintable(tr("Nothing was written. Run again with --yes to write "
                                       "these texts.")));
            finished = true;
            loop.exit(0);
            return;
        }
        batch.acceptAllReady();
        batch.writeAccepted();
    });
    QObject::connect(&batch, &RegenerationBatch::writeFinished, &loop,
                     [&](int written, int conflicts, int writeFailures) {
                         if (finished)
                             return;
                         const int failed =
                             writeFailures + batch.count(RegenerationBatch::State::Failed);
                         const QString summary = tr("Written: %1. Changed meanwhile, not written: "
                                                    "%2. Failed: %3.")
                                                     .arg(written)
                                                     .arg(conflicts)
                                                     .arg(failed);
                         if (conflicts + failed == 0) {
                             std::fprintf(stderr, "%s\n", qPrintable(summary));
                             finished = true;
                             loop.exit(0);
                             return;
                         }
                         const QString reasons = failures();
                         failWith(reasons.isEmpty() ? summary : summary + u' ' + reasons);
                     });
    batch.start(targets);
    return loop.exec();
}
