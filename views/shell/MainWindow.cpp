#include "MainWindow.h"

#include "AboutDialog.h"
#include "ActivityPage.h"
#include "AiProvider.h"
#include "AiProviderFactory.h"
#include "AiSettingsDialog.h"
#include "Confirm.h"
#include "CoverageView.h"
#include "CredentialStore.h"
#include "DemoDatabase.h"
#include "EditorDrafts.h"
#include "ElidedLabel.h"
#include "HoroscopeBrowser.h"
#include "HoroscopeEditor.h"
#include "MessageBar.h"
#include "MigrationService.h"
#include "MigrationsView.h"
#include "OpenAiProvider.h"
#include "OverviewPage.h"
#include "ReadSourceLabel.h"
#include "RegenerateDialog.h"
#include "Settings.h"
#include "TrendsPage.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

MainWindow::MainWindow(Database* database, MigrationService* migrations, Settings* settings,
                       QWidget* parent)
    : QMainWindow(parent)
    , m_database(database)
    , m_migrations(migrations)
    , m_settings(settings)
    , m_messages(new MessageBar(this))
    , m_tabs(new QTabWidget(this))
    , m_overview(new OverviewPage(database, this))
    , m_browser(new HoroscopeBrowser(database, this))
    , m_coverage(new CoverageView(database, this))
    , m_trends(new TrendsPage(database, this))
    , m_migrationsView(new MigrationsView(migrations, this))
    , m_activity(new ActivityPage(database, this))
    , m_credentials(new CredentialStore(u"horoscope-admin"_s, this))
    , m_connection(new ElidedLabel(this))
    , m_readOnly(new QLabel(tr("READ-ONLY"), this))
{
    // Every change this window makes is recorded with the person at the keyboard.
    m_database->setPerson(m_settings->personName());
    setWindowTitle(tr("Horoscope Admin"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_overview, tr("Overview"));
    m_tabs->addTab(m_browser, tr("Horoscopes"));
    m_tabs->addTab(m_coverage, tr("Coverage"));
    m_tabs->addTab(m_trends, tr("View trends"));
    m_tabs->addTab(m_migrationsView, tr("Migrations"));
    m_tabs->addTab(m_activity, tr("Activity"));
    m_overview->setObjectName(u"overview"_s);
    m_browser->setObjectName(u"horoscopes"_s);
    m_coverage->setObjectName(u"coverage"_s);
    m_trends->setObjectName(u"trends"_s);
    m_migrationsView->setObjectName(u"migrations"_s);
    m_activity->setObjectName(u"activity"_s);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_trendsStale)
            reloadTrends();
    });
    const QString lastPage = m_settings->value(Settings::Key::LastPage).toString();
    if (auto* page = m_tabs->findChild<QWidget*>(lastPage); page && m_tabs->indexOf(page) >= 0)
        m_tabs->setCurrentWidget(page);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    m_messages->floatOver(central, m_tabs);
    EditorDrafts* drafts = m_browser->editor()->drafts();
    drafts->setRecoveredBar(m_messages);
    connect(drafts, &EditorDrafts::openRequested, this, [this](int id) {
        m_tabs->setCurrentWidget(m_browser);
        m_browser->openHoroscope(id);
    });

    m_readOnly->setStyleSheet(u"QLabel { background:#b00020; color:white; font-weight:bold; "
                              "padding:1px 6px; border-radius:3px; }"_s);
    m_readOnly->hide();
    m_connection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_connection, 1);
    statusBar()->addPermanentWidget(new ReadSourceLabel(m_database, this));
    statusBar()->addPermanentWidget(m_readOnly);
    m_serverDate = new QLabel(this);
    m_serverDate->setObjectName(u"serverDateLabel"_s);
    m_serverDate->hide();
    statusBar()->addPermanentWidget(m_serverDate);
    connect(m_database, &Database::todayChanged, this, &MainWindow::showServerDate);
    showServerDate();
    buildMenus();

    connect(m_database, &Database::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_database, &Database::serverInfoChanged, this, &MainWindow::onServerInfo);
    connect(m_migrationsView, &MigrationsView::pendingCountChanged, this,
            &MainWindow::onPendingMigrations);
    connect(m_migrationsView, &MigrationsView::schemaChanged, m_database,
            &Database::refreshServerInfo);
    connect(m_overview, &OverviewPage::loadFailed, this, [this](const DbError& error) {
        // A dropped connection is shown by the connection state; it reloads when back.
        if (error.kind != DbError::Kind::ConnectionLost)
            m_messages->showMessage(MessageBar::Type::Error, error.message, error.detail);
    });
    connect(m_browser, &HoroscopeBrowser::message, this, [this](const QString& text, bool error) {
        m_messages->showMessage(error ? MessageBar::Type::Error : MessageBar::Type::Positive, text);
    });
    connect(m_browser, &HoroscopeBrowser::connectionFailed, this, [this](const DbError& error) {
        m_messages->showMessage(MessageBar::Type::Error, error.message, error.detail);
        m_listRetry = m_messages->addAction(tr("Try again"), [this] { m_database->retry(); });
        m_messages->addAction(tr("Connect…"), [this] { emit connectRequested(); });
    });
    connect(m_browser, &HoroscopeBrowser::connectionRestored, this, [this] {
        if (m_listRetry) // the list's failure is still shown
            m_messages->clear();
    });
    connect(m_trends, &TrendsPage::message, this, [this](const QString& text, bool error) {
        m_messages->showMessage(error ? MessageBar::Type::Error : MessageBar::Type::Positive, text);
    });
    connect(m_browser, &HoroscopeBrowser::regenerateRequested, this, &MainWindow::regenerate);
    connect(m_browser, &HoroscopeBrowser::horoscopesChanged, this, [this] {
        m_coverage->reload();
        m_overview->reload();
    });
    connect(m_coverage, &CoverageView::regenerateRequested, this, &MainWindow::regenerate);
    connect(m_activity, &ActivityPage::message, this, [this](const QString& text, bool error) {
        m_messages->showMessage(error ? MessageBar::Type::Error : MessageBar::Type::Positive, text);
    });
    connect(m_activity, &ActivityPage::horoscopesChanged, this, [this] {
        m_browser->reload();
        m_coverage->reload();
        m_overview->reload();
    });
    connect(m_activity, &ActivityPage::openRequested, this, [this](int id, qint64 revisionId) {
        m_tabs->setCurrentWidget(m_browser);
        m_browser->openHoroscope(id);
        m_browser->editor()->showVersionOf(id, revisionId);
    });
    connect(m_coverage, &CoverageView::openRequested, this, [this](int id) {
        m_tabs->setCurrentWidget(m_browser);
        m_browser->openHoroscope(id);
    });
    onStateChanged(m_database->state());
    if (m_database->state() == Database::State::Connected)
        onServerInfo(m_database->serverInfo());

    m_browser->restoreColumns(m_settings->value(Settings::Key::BrowserColumns).toByteArray());
    const QByteArray geometry = m_settings->value(Settings::Key::WindowGeometry).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1200, 760);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Connect to Another Database…"), QKeySequence(u"Ctrl+Shift+O"_s), this,
                    &MainWindow::connectRequested);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_browser->replaceAction());
    // It works on the list's filter: show the list behind the dialog.
    connect(m_browser->replaceAction(), &QAction::triggered, this,
            [this] { m_tabs->setCurrentWidget(m_browser); });

    // Every page, the list and the editor from the keyboard.
    QMenu* go = menuBar()->addMenu(tr("&Go"));
    const QList<QWidget*> pages{m_overview, m_browser,        m_coverage,
                                m_trends,   m_migrationsView, m_activity};
    for (int i = 0; i < pages.size(); ++i) {
        QWidget* page = pages.at(i);
        go->addAction(m_tabs->tabText(m_tabs->indexOf(page)),
                      QKeySequence(QKeyCombination(Qt::ControlModifier, Qt::Key(Qt::Key_1 + i))),
                      this, [this, page] { showPage(page); });
    }
    go->addSeparator();
    go->addAction(tr("Horoscope &List"), QKeySequence(u"F6"_s), this, [this] {
        m_tabs->setCurrentWidget(m_browser);
        m_browser->table()->setFocus(Qt::ShortcutFocusReason);
    });
    go->addAction(tr("Horoscope &Text"), QKeySequence(u"Shift+F6"_s), this, [this] {
        m_tabs->setCurrentWidget(m_browser);
        m_browser->editor()->textEdit()->setFocus(Qt::ShortcutFocusReason);
    });

    QMenu* settings = menuBar()->addMenu(tr("Se&ttings"));
    QMenu* language = settings->addMenu(tr("&Language"));
    auto* group = new QActionGroup(this);
    const QString current = m_settings->value(Settings::Key::Language).toString();
    const std::pair<QString, QString> languages[] = {
        {u"system"_s, tr("System default")}, {u"en"_s, u"English"_s}, {u"ru"_s, u"Русский"_s}};
    for (const auto& [code, name] : languages) {
        QAction* action = language->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == current);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code = code] { setLanguage(code); });
    }

    settings->addAction(tr("Your &Name in the History…"), this, &MainWindow::askPersonName);
    settings->addAction(tr("&AI Provider…"), this, [this] {
        auto* dialog = new AiSettingsDialog(m_settings, m_credentials, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &AiSettingsDialog::keyProblem, this, [this](const QString& text) {
            m_messages->showMessage(MessageBar::Type::Warning, text);
        });
        dialog->open();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Horoscope Admin"), this, [this] {
        auto* about = new AboutDialog(
            {QApplication::applicationVersion(), m_database->serverInfo().serverVersion,
             m_settings->backend().fileName(), DemoDatabase::standardLocation().dataDir},
            this);
        about->setAttribute(Qt::WA_DeleteOnClose);
        about->open();
    });
}

void MainWindow::setLanguage(const QString& code)
{
    m_settings->setValue(Settings::Key::Language, code);
    m_messages->showMessage(MessageBar::Type::Information,
                            tr("The language changes the next time Horoscope Admin starts."));
}

void MainWindow::addPage(QWidget* page, const QString& title)
{
    m_tabs->insertTab(m_tabs->count() - 1, page, title);
}

void MainWindow::showPage(QWidget* page)
{
    m_tabs->setCurrentWidget(page);
    // The page's first control that takes Tab, so the keyboard can go on from there.
    for (QWidget* w = page->nextInFocusChain(); w && w != page; w = w->nextInFocusChain()) {
        if (page->isAncestorOf(w) && (w->focusPolicy() & Qt::TabFocus) && w->isVisible() &&
            w->isEnabled()) {
            w->setFocus(Qt::ShortcutFocusReason);
            return;
        }
    }
}

void MainWindow::showMigrations()
{
    m_tabs->setCurrentWidget(m_migrationsView);
}

void MainWindow::setDemoMode(bool demo)
{
    m_demo = demo;
    setWindowTitle(demo ? tr("Horoscope Admin — demo database") : tr("Horoscope Admin"));
}

void MainWindow::showServerDate()
{
    // Every "today" of the window is the server's (Database::today()), as the bot counts days.
    const QDate server = m_database->today();
    const QDate client = QDate::currentDate();
    m_serverDate->setVisible(server != client);
    if (server == client) {
        m_serverDate->clear();
        return;
    }
    const QLocale locale;
    const QString format = server.year() == client.year() ? u"d MMM"_s : u"d MMM yyyy"_s;
    m_serverDate->setText(
        tr("Server date: %1 (yours: %2)")
            .arg(locale.toString(server, format), locale.toString(client, format)));
    m_serverDate->setToolTip(
        tr("\"Today\" in the list, the coverage and the trends is the server's "
           "date, as the bot counts days."));
    m_serverDate->setAccessibleName(m_serverDate->text());
}

QString MainWindow::serverDateText() const
{
    return m_serverDate->isHidden() ? QString() : m_serverDate->text();
}

QString MainWindow::connectionText() const
{
    return m_connection->fullText();
}

bool MainWindow::isReadOnlyShown() const
{
    return !m_readOnly->isHidden();
}

void MainWindow::onStateChanged(Database::State state)
{
    const QString where = m_database->spec().displayName();
    switch (state) {
    case Database::State::Idle:
    case Database::State::Connecting:
        m_connection->setFullText(tr("Connecting to %1…").arg(where));
        break;
    case Database::State::Connected:
        if (m_wasConnected) {
            m_messages->showMessage(MessageBar::Type::Positive, tr("Reconnected to the database."));
        } else if (m_messages->type() != MessageBar::Type::Warning) {
            m_messages->clear();
        }
        m_wasConnected = true;
        if (m_database->serverInfo().hasHoroscopeTables()) {
            m_overview->reload();
            m_browser->reload();
            m_coverage->reload();
            reloadTrends();
        }
        m_migrations->refresh();
        break;
    case Database::State::Reconnecting:
        m_connection->setFullText(tr("Connection lost — reconnecting to %1…").arg(where));
        m_messages->showMessage(MessageBar::Type::Warning, m_database->lastError().message,
                                m_database->lastError().detail);
        m_messages->addAction(tr("Reconnect now"), [this] { m_database->retry(); });
        break;
    case Database::State::Failed: {
        m_connection->setFullText(tr("Not connected"));
        m_messages->showMessage(MessageBar::Type::Error, m_database->lastError().message,
                                m_database->lastError().detail);
        m_messages->addAction(tr("Try again"), [this] { m_database->retry(); });
        m_messages->addAction(tr("Connect…"), [this] { emit connectRequested(); });
        break;
    }
    }
}

void MainWindow::onServerInfo(const ServerInfo& info)
{
    QString text = tr("Connected as %1 — PostgreSQL %2").arg(info.where(), info.serverVersion);
    if (m_demo)
        text += u"  ·  "_s + tr("demo database");
    m_connection->setFullText(text);
    m_readOnly->setVisible(info.readOnly);
    // The history needs SELECT on its table, also for the "corrected" marks.
    m_browser->setRevisionsAvailable(m_database->historyReadable());
    m_browser->setPrivileges(info.privileges);
    m_coverage->setPrivileges(info.privileges);
    m_migrationsView->setPrivileges(info.privileges);
    m_readOnly->setToolTip(tr("You can look but not change: %1").arg(info.readOnlyReason));
    if (!info.hasHoroscopeTables()) {
        m_messages->showMessage(MessageBar::Type::Warning,
                                tr("This database has no horoscope tables (horoscope_cache, "
                                   "horoscope_views). Connect to the bot's database, or create "
                                   "the tables with the migrations."));
        m_messages->addAction(tr("Open Migrations"), [this] { showMigrations(); });
    } else if (m_messages->text().contains(u"horoscope_cache")) {
        m_messages->clear();
        m_overview->reload();
        m_browser->reload();
        m_coverage->reload();
        reloadTrends();
    }
}

void MainWindow::reloadTrends()
{
    // A query and a chart of every sign: read when someone looks at them, not at every start.
    m_trendsStale = m_tabs->currentWidget() != m_trends;
    if (m_trendsStale)
        return;
    m_trends->refresh();
    m_trends->reloadRawViews();
}

void MainWindow::onPendingMigrations(int pending)
{
    if (pending == 0) {
        // Up to date now: a "pending" message still on the bar would contradict the page.
        if (m_reviewPending)
            m_messages->clear();
        return;
    }
    if (!m_database->serverInfo().hasHoroscopeTables())
        return;
    m_messages->showMessage(
        MessageBar::Type::Information,
        tr("The database is behind: %n migration(s) pending.", nullptr, pending));
    m_reviewPending = m_messages->addAction(tr("Review"), [this] { showMigrations(); });
}

void MainWindow::regenerate(const RegenerationBatch::Targets& targets)
{
    if (targets.isEmpty()) {
        m_messages->showMessage(MessageBar::Type::Information,
                                tr("Select the horoscopes to regenerate first."));
        return;
    }
    const Privileges& privileges = m_database->serverInfo().privileges;
    if (const QString why = privileges.reason(Privileges::Action::Regenerate); !why.isEmpty()) {
        m_messages->showMessage(MessageBar::Type::Error, why);
        return;
    }
    auto open = [this, targets](const QString& apiKey) {
        QString error;
        AiProvider* provider = AiProviderFactory::create(*m_settings, {}, apiKey, nullptr, &error);
        if (!provider) {
            m_messages->showMessage(MessageBar::Type::Error, error);
            return;
        }
        auto* dialog = new RegenerateDialog(m_database, provider,
                                            AiProviderFactory::promptTemplate(*m_settings), this);
        provider->setParent(dialog);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &RegenerateDialog::written, this, [this](const QList<int>& ids) {
            m_browser->refreshRows(ids);
            m_coverage->reload();
            m_overview->reload();
        });
        dialog->show();
        dialog->start(targets);
    };
    const QString fromEnvironment = OpenAiProvider::apiKeyFromEnvironment();
    if (m_settings->value(Settings::Key::AiProvider).toString() != u"openai" ||
        !fromEnvironment.isEmpty()) {
        open(fromEnvironment);
        return;
    }
    m_credentials->read(
        QString::fromLatin1(AiSettingsDialog::kKeychainEntry),
        [open](const CredentialStore::Result& r) { open(r.ok ? r.password : QString()); });
}

void MainWindow::leave(const std::function<void()>& proceed, HoroscopeEditor::Leaving leaving)
{
    m_browser->leave(
        [this, proceed] {
            if (m_migrations->isBusy() &&
                !Confirm::ask(this, tr("Migration running"),
                              tr("A migration is running. Cancel it? A migration that runs in a "
                                 "transaction is rolled back."),
                              tr("Cancel the migration"), true))
                return;
            m_migrations->cancel();
            proceed();
        },
        leaving);
}

void MainWindow::closeKeepingDrafts()
{
    // The unsaved text is on disk (written now if it was waiting): it is offered again at the
    // next start, so nothing needs asking while the session ends.
    m_browser->editor()->drafts()->flush();
    m_migrations->cancel();
    m_closeConfirmed = true;
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // A role that may not save the text is never offered Save: a changed text (a recovered
    // draft) stays on disk and is offered again next time.
    if (!m_closeConfirmed && m_browser->editor()->isDirty() && !m_migrations->isBusy() &&
        !m_database->serverInfo().privileges.may(Privileges::Action::EditText))
        m_browser->editor()->drafts()->flush();
    else if (!m_closeConfirmed && (m_browser->editor()->isDirty() || m_migrations->isBusy())) {
        // Nothing is dropped silently: ask, and close only once it is settled.
        event->ignore();
        m_tabs->setCurrentWidget(m_browser->editor()->isDirty() ? static_cast<QWidget*>(m_browser)
                                                                : m_migrationsView);
        leave(
            [this] {
                m_closeConfirmed = true;
                // Not from inside this close event: Qt ignores a nested close().
                QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
            },
            HoroscopeEditor::Leaving::Close);
        return;
    }
    m_settings->setValue(Settings::Key::WindowGeometry, saveGeometry());
    m_settings->setValue(Settings::Key::BrowserColumns, m_browser->columnsState());
    m_settings->setValue(Settings::Key::LastPage, m_tabs->currentWidget()->objectName());
    event->accept();
}

void MainWindow::askPersonName()
{
    auto* dialog = new QInputDialog(this);
    dialog->setObjectName(u"personNameDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Your Name in the History"));
    dialog->setLabelText(tr("The history of each horoscope names who changed it. Your "
                            "colleagues may share one database login, so give your name "
                            "(empty: your login name, %1).")
                             .arg(Settings::loginName()));
    dialog->setTextValue(m_settings->value(Settings::Key::PersonName).toString());
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString& name) {
        m_settings->setValue(Settings::Key::PersonName, name.trimmed());
        m_database->setPerson(m_settings->personName());
        m_messages->showMessage(
            MessageBar::Type::Positive,
            tr("Your changes are recorded as made by %1.").arg(m_settings->personName()));
    });
    dialog->open();
}
