#include "AppController.h"

#include "ConnectionDialog.h"
#include "CredentialStore.h"
#include "Database.h"
#include "DemoDatabase.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "Migration.h"
#include "MigrationService.h"
#include "Settings.h"
#include "StartupReport.h"

#include <QApplication>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QThread>

AppController::AppController(Options options, Settings* settings, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_settings(settings)
    , m_profiles(std::make_unique<ProfileStore>(settings->backend()))
    , m_credentials(new CredentialStore(QStringLiteral("horoscope-admin"), this))
    , m_migrations(new QList<Migration>)
{}

AppController::~AppController()
{
    // Quit during start-up: the demo must finish starting before it can be stopped.
    if (m_demoThread)
        m_demoThread->wait();
    closeDatabase();
    delete m_migrations;
    // m_demo goes last: it stops the demo server after every connection to it is closed.
}

void AppController::start()
{
    QString error;
    if (!Migration::loadAll(m_options.migrationsDir, m_migrations, &error)) {
        QMessageBox::critical(nullptr, tr("Horoscope Admin"),
                              tr("The migration files are broken: %1").arg(error));
        QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
        return;
    }
    if (m_options.demo) {
        startDemo();
        return;
    }
    if (!m_options.databaseUrl.isEmpty()) {
        ConnectionSpec spec;
        if (ConnectionSpec::parse(m_options.databaseUrl, &spec, &error) &&
            spec.setStandbyUrl(m_options.readUrl, &error))
            openDatabase(spec);
        else
            askForConnection(error);
        return;
    }
    askForConnection();
}

void AppController::quitKeepingDrafts()
{
    if (m_window)
        m_window->closeKeepingDrafts();
    QCoreApplication::quit();
}

void AppController::startDemo()
{
    auto* progress = new QProgressDialog(tr("Starting the demo database…"), QString(), 0, 0);
    progress->setWindowTitle(tr("Horoscope Admin"));
    progress->setMinimumDuration(0);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->show();

    m_demo = std::make_unique<DemoDatabase>();
    auto result = std::make_shared<std::pair<bool, QString>>();
    DemoDatabase* demo = m_demo.get();
    QPointer<QProgressDialog> dialog(progress);
    QThread* thread = QThread::create([demo, result, dialog] {
        const auto report = [dialog](const QString& message) {
            QMetaObject::invokeMethod(qApp, [dialog, message] {
                if (dialog) // the user may have closed it
                    dialog->setLabelText(message);
            });
        };
        result->first = demo->start(report, &result->second);
    });
    m_demoThread = thread;
    connect(thread, &QThread::finished, this, [this, thread, result, dialog] {
        thread->deleteLater();
        if (dialog)
            dialog->close();
        if (!result->first) {
            QMessageBox::critical(nullptr, tr("Horoscope Admin"),
                                  tr("The demo database could not start:\n%1\n\nThe server log "
                                     "is in %2.")
                                      .arg(result->second, m_demo->cluster().logFile()));
            QApplication::quit();
            return;
        }
        openDatabase(m_demo->spec());
        m_window->setDemoMode(true);
    });
    thread->start();
}

void AppController::closeDatabase()
{
    m_window.reset();
    m_migrationService.reset();
    m_database.reset();
}

void AppController::openDatabase(const ConnectionSpec& spec)
{
    // The window being replaced is the last one for a moment: that must not end the program.
    QGuiApplication::setQuitOnLastWindowClosed(false);
    closeDatabase();
    m_database = std::make_unique<Database>(spec);
    // The connection is made on its own thread while the window is built (about 0.1 s each);
    // its answers are queued, so the window sees every state change from Connecting on.
    m_database->start();
    m_migrationService = std::make_unique<MigrationService>(spec, *m_migrations);
    m_window = std::make_unique<MainWindow>(m_database.get(), m_migrationService.get(), m_settings);
    connect(m_window.get(), &MainWindow::connectRequested, this, [this] { askForConnection(); });
    StartupReport::watch(m_window.get());
    m_window->show();
    // From now on closing the window ends the program (see askForConnection too).
    QGuiApplication::setQuitOnLastWindowClosed(true);
}

void AppController::askForConnection(const QString& problem)
{
    // Without a window, the dialog is the last window when Connect closes it, and the window
    // comes in a queued call after that: Qt would end the program in between. Cancel quits.
    if (!m_window)
        QGuiApplication::setQuitOnLastWindowClosed(false);
    if (!m_dialog) {
        m_dialog = new ConnectionDialog(m_profiles.get(), m_credentials, nullptr);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose, false);
        connect(this, &QObject::destroyed, m_dialog, &QObject::deleteLater);
        connect(m_dialog, &ConnectionDialog::accepted, this, [this] {
            m_settings->setValue(Settings::Key::LastProfile, m_dialog->profileName());
            const ConnectionSpec spec = m_dialog->spec();
            // Queued: the window being replaced may be the one calling back.
            const auto open = [this, spec] {
                QMetaObject::invokeMethod(
                    this, [this, spec] { openDatabase(spec); }, Qt::QueuedConnection);
            };
            if (m_window)
                m_window->leave(open); // unsaved text, a queued save, a running migration
            else
                open();
        });
        connect(m_dialog, &ConnectionDialog::rejected, this, [this] {
            if (!m_window)
                QApplication::quit();
        });
        connect(m_dialog, &ConnectionDialog::credentialsSettled, this,
                [this](const QString& issue) {
                    if (!issue.isEmpty() && m_window)
                        m_window->messageBar()->showMessage(MessageBar::Type::Warning, issue);
                });
        const QString last = m_options.profile.isEmpty()
                                 ? m_settings->value(Settings::Key::LastProfile).toString()
                                 : m_options.profile;
        m_dialog->selectProfile(last);
    }
    if (!problem.isEmpty())
        m_dialog->setUrl(m_options.databaseUrl); // shows why the URL was refused
    m_dialog->open();
}
