#pragma once

#include "ConnectionSpec.h"

#include <QObject>
#include <QPointer>
#include <QSettings>
#include <QThread>
#include <memory>

class ConnectionDialog;
class CredentialStore;
class Database;
class DemoDatabase;
class MainWindow;
class MigrationService;
class ProfileStore;
class QProgressDialog;
class Settings;
struct Migration;

// Wires the window to a database: the demo (started off the GUI thread), a URL, a saved
// profile, or whatever the connection dialog returns. Owns everything it creates.
class AppController final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool demo = false;
        QString databaseUrl;
        QString readUrl; // a hot standby for the URL's reads ($DATABASE_READ_URL)
        QString profile;
        QString migrationsDir;
    };

    AppController(Options options, Settings* settings, QObject* parent = nullptr);
    ~AppController() override;

    void start();
    // Ends the program at once (SIGTERM, logout): unsaved text is kept as its draft.
    void quitKeepingDrafts();
    MainWindow* window() const { return m_window.get(); }

private:
    void startDemo();
    void openDatabase(const ConnectionSpec& spec);
    void askForConnection(const QString& problem = {});
    void closeDatabase();

    Options m_options;
    Settings* m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    CredentialStore* m_credentials;
    QList<Migration>* m_migrations;
    std::unique_ptr<DemoDatabase> m_demo;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<MigrationService> m_migrationService;
    std::unique_ptr<MainWindow> m_window;
    ConnectionDialog* m_dialog = nullptr;
    QPointer<QThread> m_demoThread;
};
