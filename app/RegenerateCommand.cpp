#include "RegenerateCommand.h"

#include "AiProvider.h"
#include "AiProviderFactory.h"
#include "CommandConnection.h"
#include "CommandLine.h"
#include "DatabaseWorker.h"
#include "OpenAiProvider.h"
#include "Privileges.h"
#include "RegenerationBatch.h"
#include "ZodiacSign.h"

#include <QEventLoop>
#include <cstdio>
#include <memory>

int RegenerateCommand::run(const CommandLine& cli, const Settings& settings)
{
    CommandConnection connection(cli.demo(), cli.databaseUrl());
    if (!connection.open())
        return 1;
    if (cli.yes()) {
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
    const std::unique_ptr<AiProvider> provider(
        AiProviderFactory::create(settings, {cli.provider(), cli.aiBaseUrl(), cli.aiModel()},
                                  OpenAiProvider::apiKeyFromEnvironment(), nullptr, &error));
    if (!provider)
        return CommandConnection::fail(error);
    std::fprintf(stderr, "%s\n", qPrintable(tr("Provider: %1").arg(provider->displayName())));

    QList<std::pair<QString, QDate>> targets;
    const QStringList signs =
        cli.sign() == QLatin1String("all") ? ZodiacSign::keys() : QStringList{cli.sign()};
    for (const QString& sign : signs)
        targets.append({sign, cli.date()});

    DatabaseWorker worker(connection.spec());
    worker.start();
    RegenerationBatch batch(&worker, provider.get(), AiProviderFactory::promptTemplate(settings));
    QEventLoop loop; // the command's only event loop: the window is not involved
    QObject::connect(&batch, &RegenerationBatch::failed, &loop, [&loop](const QString& message) {
        CommandConnection::fail(message);
        loop.exit(1);
    });
    QObject::connect(&batch, &RegenerationBatch::generationFinished, &loop, [&] {
        const auto& items = batch.items();
        for (const auto& item : items) {
            const QString title = ZodiacSign::display(item.sign) + QLatin1String(", ") +
                                  item.date.toString(Qt::ISODate);
            if (item.state == RegenerationBatch::State::Failed) {
                std::fprintf(stderr, "%s\n", qPrintable(tr("%1: %2").arg(title, item.error)));
                continue;
            }
            std::printf("== %s ==\n%s\n\n", qPrintable(title), qPrintable(item.newText));
            if (item.corrected)
                std::fprintf(stderr, "%s\n",
                             qPrintable(tr("Warning: the current text of %1 was corrected by "
                                           "hand; writing replaces it (it stays in the history).")
                                            .arg(title)));
        }
        if (!cli.yes()) {
            std::fprintf(stderr, "%s\n",
                         qPrintable(tr("Nothing was written. Run again with --yes to write "
                                       "these texts.")));
            loop.exit(batch.count(RegenerationBatch::State::Failed) > 0 ? 1 : 0);
            return;
        }
        batch.acceptAllReady();
        batch.writeAccepted();
    });
    QObject::connect(
        &batch, &RegenerationBatch::writeFinished, &loop,
        [&](int written, int conflicts, int failures) {
            for (const auto& item : batch.items()) {
                QString why;
                if (item.state == RegenerationBatch::State::Accepted && !item.error.isEmpty())
                    why = item.error;
                else if (item.state == RegenerationBatch::State::Conflict)
                    why = tr("the horoscope changed after it was read; run again to see it");
                if (!why.isEmpty())
                    std::fprintf(stderr, "%s\n",
                                 qPrintable(tr("%1, %2: not written: %3")
                                                .arg(ZodiacSign::display(item.sign),
                                                     item.date.toString(Qt::ISODate), why)));
            }
            std::fprintf(
                stderr, "%s\n",
                qPrintable(tr("Written: %1. Changed meanwhile, not written: "
                              "%2. Failed: %3.")
                               .arg(written)
                               .arg(conflicts)
                               .arg(failures + batch.count(RegenerationBatch::State::Failed))));
            loop.exit(conflicts + failures + batch.count(RegenerationBatch::State::Failed) > 0 ? 1
                                                                                               : 0);
        });
    batch.start(targets);
    return loop.exec();
}
