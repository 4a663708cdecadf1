#pragma once

#include "Database.h"
#include "HoroscopeEditor.h"
#include "RegenerationBatch.h"

#include <QMainWindow>
#include <QPointer>

class ActivityPage;
class CoverageView;
class ElidedLabel;
class HoroscopeBrowser;
class CredentialStore;
class MessageBar;
class MigrationService;
class MigrationsView;
class OverviewPage;
class QLabel;
class QTabWidget;
class QToolButton;
class Settings;
class TrendsPage;

// The shell every feature plugs into: pages in tabs, an inline message bar, and a status bar
// that says who and where you are connected and whether you may write.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Database* database, MigrationService* migrations, Settings* settings,
               QWidget* parent = nullptr);

    void setDemoMode(bool demo);
    void addPage(QWidget* page, const QString& title);

    MessageBar* messageBar() const { return m_messages; }
    OverviewPage* overviewPage() const { return m_overview; }
    HoroscopeBrowser* browser() const { return m_browser; }
    CoverageView* coverage() const { return m_coverage; }
    TrendsPage* trends() const { return m_trends; }
    MigrationsView* migrationsView() const { return m_migrationsView; }
    ActivityPage* activityPage() const { return m_activity; }
    QString connectionText() const;
    QString serverDateText() const; // empty when the server's date is the client's
    bool isReadOnlyShown() const;
    void showMigrations();
    void showPage(QWidget* page); // and puts the keyboard focus on its first control
    void regenerate(const RegenerationBatch::Targets& targets);
    // Settings › Your Name in the History: who the history records for this window's changes.
    void askPersonName();
    // Runs `proceed` once nothing would be lost: unsaved text settled, a running migration
    // cancelled with consent. Before closing or switching to another database.
    void leave(const std::function<void()>& proceed,
               HoroscopeEditor::Leaving leaving = HoroscopeEditor::Leaving::AnotherDatabase);
    // SIGTERM, logout, shutdown: unsaved text stays as its draft, a migration is cancelled,
    // and the next close() asks nothing.
    void closeKeepingDrafts();

signals:
    void connectRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void showServerDate();
    void buildMenus();
    void onStateChanged(Database::State state);
    void onServerInfo(const ServerInfo& info);
    void onPendingMigrations(int pending);
    void setLanguage(const QString& code);
    void reloadTrends(); // now if the page is shown, else when it is

    Database* m_database;
    MigrationService* m_migrations;
    Settings* m_settings;
    MessageBar* m_messages;
    QTabWidget* m_tabs;
    OverviewPage* m_overview;
    HoroscopeBrowser* m_browser;
    CoverageView* m_coverage;
    TrendsPage* m_trends;
    MigrationsView* m_migrationsView;
    ActivityPage* m_activity;
    CredentialStore* m_credentials;
    ElidedLabel* m_connection;
    QLabel* m_readOnly;
    QLabel* m_serverDate; // "Server date: 6 Dec (yours: 5 Dec)", when the two differ
    // The Review button of the "migrations pending" message; null once that message is gone
    // (the bar deletes a message's buttons with it).
    QPointer<QToolButton> m_reviewPending;
    bool m_demo = false;
    bool m_wasConnected = false;
    QPointer<QToolButton> m_listRetry; // while the list's connection failure is shown
    bool m_closeConfirmed = false;
    bool m_trendsStale = false; // the trends page has not read the data since it changed
};
