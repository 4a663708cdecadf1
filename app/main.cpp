#include "AboutDialog.h"
#include "AppController.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "HistoryCommand.h"
#include "HoroscopesCommand.h"
#include "MigrateCommand.h"
#include "QuitOnSignal.h"
#include "RegenerateCommand.h"
#include "ReplaceCommand.h"
#include "Settings.h"
#include "StartupReport.h"
#include "ViewsCommand.h"
#include "ViewsReportCommand.h"
#include "ViewsSummaryCommand.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace {

void installTranslations(QCoreApplication& app, const QString& requested)
{
    const QLocale locale =
        requested.isEmpty() || requested == u"system" ? QLocale::system() : QLocale(requested);
    QLocale::setDefault(locale); // dates and numbers follow the chosen language too
    auto* own = new QTranslator(&app);
    // English is a translation too: it holds the plural forms ("1 row", "2 rows").
    if (own->load(locale, u"horoscope-admin"_s, u"_"_s, u":/i18n"_s) ||
        own->load(u":/i18n/horoscope-admin_en.qm"_s))
        QCoreApplication::installTranslator(own);
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

// Commands for scripts: Qt's own warnings go to stderr only with HA_DEBUG set, so a failure
// is the one line that says why.
void quietMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtFatalMsg || !qEnvironmentVariableIsEmpty("HA_DEBUG")) {
        std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
        if (type == QtFatalMsg)
            std::abort();
    }
}

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"horoscope-admin"_s);
    QCoreApplication::setApplicationName(u"horoscope-admin"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(HA_VERSION));
}

} // namespace

int main(int argc, char** argv)
{
    StartupReport::begin();
    setIdentity();
    // Decided from argv alone: a GUI application needs a display, a command must not.
    const bool command = CommandLine::wantsCommand(argc, argv);
    if (command)
        qInstallMessageHandler(quietMessages);
    // views chart and report draw the window's chart: widgets, but never a display.
    const bool widgets = !command || CommandLine::wantsWidgets(argc, argv);
    if (command && widgets && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app = widgets
                                                ? std::make_unique<QApplication>(argc, argv)
                                                : std::make_unique<QCoreApplication>(argc, argv);
    if (!command) {
        // The desktop file's name lets Wayland and the task bar match the window to its entry.
        QGuiApplication::setWindowIcon(AboutDialog::applicationIcon());
        QGuiApplication::setDesktopFileName(QStringLiteral(HA_APP_ID));
    }
    // libpq's own messages stay in English, so connection errors can be told apart; the app's
    // messages about them are translated.
    std::setlocale(LC_MESSAGES, "C");

    Settings settings;
    const QStringList arguments = QCoreApplication::arguments();
    // Translate --help too: read --lang before the full parse.
    const qsizetype langAt = arguments.indexOf(u"--lang"_s);
    const QString lang = langAt > 0 && langAt + 1 < arguments.size()
                             ? arguments.at(langAt + 1)
                             : settings.value(Settings::Key::Language).toString();
    installTranslations(*app, lang);

    int exitCode = 0;
    CommandLine parsed;
    if (!parsed.parse(arguments, &exitCode))
        return CommandOutput::finish(exitCode); // --help and --version write to stdout
    switch (parsed.which()) {
    case CommandLine::Window:
        break;
    case CommandLine::ViewsExport:
        return CommandOutput::finish(ViewsCommand::run(parsed));
    case CommandLine::ViewsChart:
        return CommandOutput::finish(ViewsCommand::chart(parsed));
    case CommandLine::ViewsSummary:
        return CommandOutput::finish(ViewsSummaryCommand::run(parsed));
    case CommandLine::ViewsReport:
        return CommandOutput::finish(ViewsReportCommand::run(parsed));
    case CommandLine::Regenerate:
        return CommandOutput::finish(RegenerateCommand::run(parsed, settings));
    case CommandLine::HoroscopesList:
        return CommandOutput::finish(HoroscopesCommand::run(parsed));
    case CommandLine::HistoryList:
        return CommandOutput::finish(HistoryCommand::run(parsed));
    case CommandLine::HistoryRestore:
        return CommandOutput::finish(HistoryCommand::restore(parsed));
    case CommandLine::HoroscopesReplace:
        return CommandOutput::finish(ReplaceCommand::run(parsed));
    default:
        return CommandOutput::finish(MigrateCommand::run(parsed));
    }
    if (command) // "--" alone: started without a GUI application, so no window either
        return CommandLine::usageError(QCoreApplication::translate(
            "CommandLine", "Run horoscope-admin --help for the options."));

    AppController::Options options;
    options.demo = parsed.demo();
    options.databaseUrl = parsed.databaseUrl();
    options.readUrl = parsed.readUrl();
    options.profile = parsed.profile();
    options.migrationsDir = parsed.migrationsDir();
    AppController controller(options, &settings);
    QuitOnSignal quitOnSignal([&controller] { controller.quitKeepingDrafts(); });
    controller.start();
    return app->exec();
}
