#include "Confirm.h"
#include "ConnectionDialog.h"
#include "CoverageView.h"
#include "CredentialStore.h"
#include "Database.h"
#include "DemoData.h"
#include "EditorDrafts.h"
#include "HoroscopeService.h"
#include "HoroscopeTableModel.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "Migration.h"
#include "MigrationFixtures.h"
#include "MigrationRunner.h"
#include "MigrationService.h"
#include "MigrationsModel.h"
#include "MigrationsView.h"
#include "OverviewPage.h"
#include "RegenerateDialog.h"
#include "RegenerationBatch.h"
#include "RoleFixtures.h"
#include "Settings.h"
#include "SignSummaryModel.h"
#include "TestCluster.h"
#include "TrendsPage.h"
#include "WindowFixture.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <ctime>

using namespace Qt::Literals::StringLiterals;

namespace {

// A window on a database, with everything it needs, as the app wires it.
using Fixture = WindowFixture;

ConnectionSpec migratedDatabase()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"gui"_s);
    QSqlDatabase db = TestCluster::open(spec);
    {
        MigrationRunner runner(db, builtInMigrations(), {.createSeedTables = true});
        DbError error;
        if (!runner.up({}, &error))
            qWarning("%s", qPrintable(error.message));
        QString fillError;
        DemoData::fill(db, QDate::currentDate(), 14, &fillError);
    }
    TestCluster::close(db);
    return spec;
}

QToolButton* findTryAgain(MessageBar* bar)
{
    for (QToolButton* b : bar->findChildren<QToolButton*>()) {
        if (b->text().contains(u"Try again"))
            return b;
    }
    return nullptr;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void statusBarSaysWhoAndWhere();
    void theTrendsLoadWhenTheirPageIsFirstShown();
    void overviewListsEverySignAndOddValuesAsIs();
    void readOnlyRoleIsShown();
    void missingTablesOfferMigrationsThatCreateThem();
    void failedMigrationIsLoggedAndLeavesNothing();
    void applyToSelectedCancelAndRollBack();
    void rollbackThatDeletesRowsAsksForTheDatabaseName();
    void pendingMessageGoesOnceUpToDate();
    void lostConnectionIsShownAndRecovered();
    void failedConnectionSaysWhatToFix();
    void roleLimitedToTwoConnectionsHasTheWholeWindow();
    void serverDownAtStartTryAgainBringsTheList();
    void untrustedSchemaIsRefusedWithTheReason();
    void connectionDialogNeverWritesThePassword();
    void connectionDialogRefusesMalformedUrl();
    void connectionDialogShowsNoAmpersand();
    void searchFieldTakesAtMostTheLongestTerm();
    void regeneratedTextReachesTheEditorInPlace();
    void leavingWhileASaveWaitsKeepsADraft();
    void todayIsTheServersDateEverywhere();

private:
    QTemporaryDir m_home; // XDG_DATA_HOME: the drafts of this test only
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.path()));
    REQUIRE_CLUSTER();
}

void TestMainWindow::cleanup()
{
    QString error;
    if (!TestCluster::instance().cluster().isRunning())
        QVERIFY2(TestCluster::instance().cluster().start(&error), qPrintable(error));
}

void TestMainWindow::statusBarSaysWhoAndWhere()
{
    const ConnectionSpec spec = migratedDatabase();
    Fixture f(spec);
    QTRY_VERIFY(f.window->connectionText().contains(u"PostgreSQL"));
    QVERIFY(f.window->connectionText().contains(u"horoscope@"));
    QVERIFY(f.window->connectionText().contains(spec.database));
    QVERIFY(f.window->connectionText().contains(u"PostgreSQL 15"));
    QVERIFY(!f.window->isReadOnlyShown());
    f.window->setDemoMode(true);
    QVERIFY(f.window->windowTitle().contains(u"demo"));
}

// Issue 22: the chart is read and drawn for a person who looks at it, not at every start.
void TestMainWindow::theTrendsLoadWhenTheirPageIsFirstShown()
{
    const ConnectionSpec spec = migratedDatabase();
    Fixture f(spec);
    QTRY_VERIFY(f.model()->rowCount() > 0);
    // The window's connection answers in order: once this one is in, whatever the window asked
    // for when it connected is in too.
    bool answered = false;
    HoroscopeService(&f.database).load(this, f.model()->rowAt(0)->id, [&answered](const auto&) {
        answered = true;
    });
    QTRY_VERIFY(answered);
    QVERIFY(f.window->trends()->isHidden());
    QCOMPARE(f.window->trends()->refreshCount(), 0);

    f.window->showPage(f.window->trends());
    QTRY_COMPARE(f.window->trends()->refreshCount(), 1);
    f.window->showPage(f.window->browser());
    f.window->showPage(f.window->trends()); // already read: the page's own refresh goes on
    QCOMPARE(f.window->trends()->refreshCount(), 1);
}

void TestMainWindow::overviewListsEverySignAndOddValuesAsIs()
{
    const ConnectionSpec spec = migratedDatabase();
    QCOMPARE(TestCluster::execute(spec,
                                  u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, "
                                  "content) VALUES ('ophiuchus', current_date, 'x')"_s),
             QString());
    Fixture f(spec);
    SignSummaryModel* model = f.window->overviewPage()->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(model->rowCount(), 13);
    QCOMPARE(model->index(0, SignSummaryModel::SignColumn).data().toString(),
             u"\u2648\uFE0E Aries"_s);
    QCOMPARE(model->index(12, SignSummaryModel::SignColumn).data().toString(), u"ophiuchus"_s);
    QCOMPARE(model->index(0, SignSummaryModel::HoroscopesColumn)
                 .data(SignSummaryModel::RawValueRole)
                 .toInt(),
             14);
    QCOMPARE(model->index(0, SignSummaryModel::TodayColumn).data().toString(), u"ready"_s);
}

void TestMainWindow::readOnlyRoleIsShown()
{
    ConnectionSpec spec = migratedDatabase();
    QCOMPARE(TestCluster::execute(
                 spec, u"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE "
                       "rolname = 'viewer') THEN CREATE ROLE viewer LOGIN; END IF; "
                       "END $$; GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer"_s),
             QString());
    spec.user = u"viewer"_s;
    Fixture f(spec);
    QTRY_VERIFY(f.window->isReadOnlyShown());
    QVERIFY(f.window->connectionText().contains(u"viewer@"));
}

void TestMainWindow::missingTablesOfferMigrationsThatCreateThem()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"empty"_s);
    Fixture f(spec);
    QTRY_VERIFY2(f.window->messageBar()->text().contains(u"no horoscope tables"),
                 qPrintable(f.window->messageBar()->text()));
    MigrationsView* view = f.window->migrationsView();
    QAbstractItemModelTester tester(view->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(view->pendingCount(), builtInMigrations().size());

    Confirm::setNextAnswer(false); // the admin thinks again: nothing happens
    view->applyPending();
    QVERIFY(!f.service.isBusy());
    // Nothing was queued either: a status read after it finds the same migrations pending.
    QSignalSpy status(&f.service, &MigrationService::statusChanged);
    f.service.refresh();
    QVERIFY(status.wait(10'000));
    QCOMPARE(view->pendingCount(), builtInMigrations().size());
    QVERIFY(!TestCluster::scalar(spec, u"SELECT to_regclass('horoscope_cache') IS NOT NULL"_s)
                 .toBool());

    // The bot's tables are missing: creating them is a second, explicit question.
    Confirm::setNextAnswer(true);
    Confirm::setNextAnswer(false);
    view->applyPending();
    QTRY_VERIFY(view->log().contains(u"belong to the bot"));
    QTRY_VERIFY(!f.service.isBusy());
    QVERIFY(!TestCluster::scalar(spec, u"SELECT to_regclass('horoscope_admin_schema_history') "
                                       "IS NOT NULL"_s)
                 .toBool());

    Confirm::setNextAnswer(true);
    Confirm::setNextAnswer(true);
    view->applyPending();
    QTRY_COMPARE(view->pendingCount(), 0);
    QVERIFY(
        TestCluster::scalar(spec, u"SELECT to_regclass('horoscope_cache') IS NOT NULL"_s).toBool());
    QTRY_VERIFY(!f.window->messageBar()->text().contains(u"no horoscope tables"));
    QTRY_VERIFY(f.database.serverInfo().hasHoroscopeTables());
    QCOMPARE(view->model()->index(0, MigrationsModel::StateColumn).data().toString(), u"applied"_s);
    QVERIFY(view->log().contains(u"Applying 0001_horoscope_tables.sql"));
}

void TestMainWindow::failedMigrationIsLoggedAndLeavesNothing()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"broken"_s);
    MigrationDir dir;
    dir.write(u"0002_broken.sql", "-- +up\nCREATE TABLE half (x int);\nSELECT no_such_function();\n"
                                  "-- +down\nDROP TABLE half;\n");
    QList<Migration> migrations;
    QString error;
    QVERIFY(Migration::loadAll(dir.path(), &migrations, &error));
    Fixture f(spec, migrations);
    MigrationsView* view = f.window->migrationsView();
    QTRY_COMPARE(view->pendingCount(), 2);
    Confirm::setNextAnswer(true); // create the bot's tables: there is no bot here
    Confirm::setNextAnswer(true);
    view->applyPending();
    QTRY_VERIFY(view->log().contains(u"0002_broken.sql"));
    QTRY_COMPARE(view->pendingCount(), 1);
    QVERIFY(view->log().contains(u"no_such_function"));
    QVERIFY(!TestCluster::scalar(spec, u"SELECT to_regclass('half') IS NOT NULL"_s).toBool());
}

void TestMainWindow::applyToSelectedCancelAndRollBack()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"cancel"_s);
    MigrationDir dir;
    dir.write(u"0002_slow.sql", "-- +up\nCREATE TABLE slow_marker (x int);\nSELECT pg_sleep(60);\n"
                                "-- +down\nDROP TABLE slow_marker;\n");
    QList<Migration> migrations;
    QString error;
    QVERIFY(Migration::loadAll(dir.path(), &migrations, &error));
    Fixture f(spec, migrations);
    MigrationsView* view = f.window->migrationsView();
    QTRY_COMPARE(view->pendingCount(), 2);
    Confirm::setNextAnswer(true); // create the bot's tables: there is no bot here

    view->table()->selectRow(0);
    Confirm::setNextAnswer(true);
    view->applyUpToSelected();
    QTRY_COMPARE(view->pendingCount(), 1);

    QElapsedTimer timer;
    timer.start();
    Confirm::setNextAnswer(true);
    view->applyPending();
    QTRY_VERIFY(f.service.isBusy());
    QTRY_VERIFY(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_stat_activity WHERE query "
                                          "LIKE '%pg_sleep%' AND pid <> pg_backend_pid()"_s)
                    .toInt() > 0); // inside pg_sleep now
    QPushButton* cancel = nullptr;
    for (QPushButton* b : view->findChildren<QPushButton*>()) {
        if (b->text() == u"Cancel" && !b->isHidden())
            cancel = b;
    }
    QVERIFY(cancel);
    cancel->click();
    QTRY_VERIFY(!f.service.isBusy());
    QVERIFY(timer.elapsed() < 30'000);
    QVERIFY2(view->log().contains(u"cancel", Qt::CaseInsensitive), qPrintable(view->log()));
    QVERIFY(
        !TestCluster::scalar(spec, u"SELECT to_regclass('slow_marker') IS NOT NULL"_s).toBool());
    QTRY_COMPARE(view->pendingCount(), 1);

    view->table()->selectRow(0);
    Confirm::setNextAnswer(true);
    view->rollBackToBeforeSelected();
    QTRY_COMPARE(view->pendingCount(), 2);
    QVERIFY(!TestCluster::scalar(spec, u"SELECT to_regclass('horoscope_cache') IS NOT NULL"_s)
                 .toBool());
}

void TestMainWindow::pendingMessageGoesOnceUpToDate()
{
    // The bar says "behind" after a rollback; once everything is applied again it must not
    // contradict the page's "The database is up to date." (journey rollback_migration).
    const ConnectionSpec spec = migratedDatabase();
    Fixture f(spec);
    MigrationsView* view = f.window->migrationsView();
    const int all = static_cast<int>(builtInMigrations().size());
    QTRY_COMPARE(view->table()->model()->rowCount(), all);
    QCOMPARE(view->pendingCount(), 0);
    view->table()->selectRow(all - 1);
    Confirm::setNextAnswer(true);
    view->rollBackToBeforeSelected();
    QTRY_VERIFY2(view->pendingCount() == 1, qPrintable(view->log()));
    QTRY_VERIFY2(f.window->messageBar()->text().contains(u"behind"),
                 qPrintable(f.window->messageBar()->text()));
    Confirm::setNextAnswer(true);
    view->applyPending();
    QTRY_COMPARE(view->pendingCount(), 0);
    QTRY_VERIFY2(!f.window->messageBar()->text().contains(u"behind"),
                 qPrintable(f.window->messageBar()->text()));
}

void TestMainWindow::rollbackThatDeletesRowsAsksForTheDatabaseName()
{
    const ConnectionSpec spec = migratedDatabase(); // holds demo horoscopes and views
    Fixture f(spec);
    MigrationsView* view = f.window->migrationsView();
    QTRY_COMPARE(view->model()->rowCount(), builtInMigrations().size());
    QTRY_COMPARE(view->pendingCount(), 0);

    view->table()->selectRow(0);
    Confirm::setNextTyped(u"not the name"_s);
    view->rollBackToBeforeSelected();
    QTRY_VERIFY(!Confirm::hasQueuedAnswers());
    QVERIFY(!f.service.isBusy());
    QCOMPARE(view->pendingCount(), 0);
    QVERIFY(
        TestCluster::scalar(spec, u"SELECT to_regclass('horoscope_cache') IS NOT NULL"_s).toBool());

    view->table()->selectRow(0);
    Confirm::setNextTyped(spec.database);
    view->rollBackToBeforeSelected();
    QTRY_COMPARE(view->pendingCount(), builtInMigrations().size());
    QVERIFY(!TestCluster::scalar(spec, u"SELECT to_regclass('horoscope_cache') IS NOT NULL"_s)
                 .toBool());
}

void TestMainWindow::lostConnectionIsShownAndRecovered()
{
    const ConnectionSpec spec = migratedDatabase();
    Fixture f(spec);
    QTRY_VERIFY(f.window->connectionText().contains(u"PostgreSQL"));
    PgCluster& cluster = TestCluster::instance().cluster();
    QVERIFY(cluster.stop());
    QTRY_VERIFY(f.window->connectionText().contains(u"reconnecting"));
    QCOMPARE(f.window->messageBar()->type(), MessageBar::Type::Warning);
    QVERIFY(f.window->messageBar()->text().contains(u"lost"));
    QString error;
    QVERIFY2(cluster.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(f.window->connectionText().contains(u"PostgreSQL"), 10'000);
    QVERIFY2(f.window->messageBar()->text().contains(u"Reconnected"),
             qPrintable(f.window->messageBar()->text()));
    QCOMPARE(f.window->messageBar()->type(), MessageBar::Type::Positive);
}

void TestMainWindow::untrustedSchemaIsRefusedWithTheReason()
{
    // Issue 20: a schema where anyone may create objects holds no name the window can trust.
    const ConnectionSpec spec = migratedDatabase();
    QCOMPARE(TestCluster::execute(spec, u"GRANT CREATE ON SCHEMA public TO PUBLIC"_s), QString());
    Fixture f(spec);
    QTRY_COMPARE(f.window->messageBar()->type(), MessageBar::Type::Error);
    QVERIFY2(f.window->messageBar()->text().contains(u"REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
             qPrintable(f.window->messageBar()->text()));
    QCOMPARE(f.window->connectionText(), u"Not connected"_s);
    QCOMPARE(f.model()->rowCount(), 0);
    // Once the DBA fixed it, Try again connects.
    QCOMPARE(TestCluster::execute(spec, u"REVOKE CREATE ON SCHEMA public FROM PUBLIC"_s),
             QString());
    for (QToolButton* b : f.window->messageBar()->findChildren<QToolButton*>()) {
        if (b->text().contains(u"Try again"))
            b->click();
    }
    QTRY_VERIFY(f.window->connectionText().contains(u"PostgreSQL"));
}

void TestMainWindow::failedConnectionSaysWhatToFix()
{
    ConnectionSpec spec = TestCluster::instance().cluster().connectionSpec(u"no_such_database"_s);
    Fixture f(spec);
    QTRY_COMPARE(f.window->messageBar()->type(), MessageBar::Type::Error);
    QVERIFY(f.window->messageBar()->text().contains(u"no_such_database"));
    QCOMPARE(f.window->connectionText(), u"Not connected"_s);
    QSignalSpy connectRequests(f.window.get(), &MainWindow::connectRequested);
    QToolButton* connectButton = nullptr;
    for (QToolButton* b : f.window->messageBar()->findChildren<QToolButton*>()) {
        if (b->text().contains(u"Connect"))
            connectButton = b;
    }
    QVERIFY(connectButton);
    connectButton->click();
    QCOMPARE(connectRequests.size(), 1);
}

void TestMainWindow::roleLimitedToTwoConnectionsHasTheWholeWindow()
{
    // Issue 22: the list had two connections of its own, which a role's CONNECTION LIMIT
    // refused while the window's own was in (and the list never recovered). The list now
    // reads through the window's one connection: a role allowed two (the window's, and the
    // migrations page's while it reads) has the list, its count, and the editor.
    const ConnectionSpec owner = migratedDatabase();
    const QString role = uniqueRole(u"limited"_s);
    QCOMPARE(TestCluster::execute(owner, u"CREATE ROLE %1 LOGIN CONNECTION LIMIT 2; GRANT SELECT "
                                         "ON ALL TABLES IN SCHEMA public TO %1"_s.arg(role)),
             QString());
    Fixture f(as(owner, role));
    HoroscopeTableModel* model = f.window->browser()->model();
    QSignalSpy failed(model, &HoroscopeTableModel::loadFailed);
    QTRY_VERIFY2_WITH_TIMEOUT(
        model->rowCount() > 0,
        qPrintable(f.window->connectionText() + u" | "_s + f.window->messageBar()->text()), 10'000);
    QTRY_VERIFY(model->total() > 0);
    f.window->browser()->setSigns({u"leo"_s});
    QTRY_VERIFY(!model->isLoading() && model->rowCount() > 0);
    QTRY_VERIFY(model->total() > 0);
    f.window->browser()->openHoroscope(model->rowAt(0)->id);
    QTRY_VERIFY(!f.window->browser()->editor()->isBusy());
    QVERIFY(!f.window->browser()->editor()->text().isEmpty());
    QVERIFY2(
        failed.isEmpty(),
        qPrintable(failed.isEmpty() ? QString() : failed.first().first().value<DbError>().message));
    QVERIFY(!findTryAgain(f.window->messageBar()));
}

void TestMainWindow::serverDownAtStartTryAgainBringsTheList()
{
    // Issue 22: the server (or the VPN) was down when the window opened; Try again connected
    // the window but not the list, which answered its first error forever.
    const ConnectionSpec spec = migratedDatabase();
    PgCluster& cluster = TestCluster::instance().cluster();
    QVERIFY(cluster.stop());
    Fixture f(spec);
    QTRY_COMPARE(f.window->connectionText(), u"Not connected"_s);
    QString error;
    QVERIFY2(cluster.start(&error), qPrintable(error));
    QToolButton* button = nullptr;
    QTRY_VERIFY2((button = findTryAgain(f.window->messageBar())),
                 qPrintable(f.window->messageBar()->text()));
    button->click();
    QTRY_VERIFY(f.window->connectionText().contains(u"PostgreSQL"));
    QTRY_VERIFY_WITH_TIMEOUT(f.model()->rowCount() > 0, 10'000);
    QTRY_VERIFY(f.model()->total() > 0);
}

void TestMainWindow::connectionDialogNeverWritesThePassword()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"settings.ini"_s);
    qunsetenv("DBUS_SESSION_BUS_ADDRESS"); // no keychain here: the password must not go anywhere
    {
        QSettings settings(file, QSettings::IniFormat);
        ProfileStore profiles(settings);
        CredentialStore credentials(u"horoscope-admin-test"_s);
        ConnectionDialog dialog(&profiles, &credentials);
        QSignalSpy settled(&dialog, &ConnectionDialog::credentialsSettled);
        dialog.show();
        dialog.setUrl(
            u"postgresql+asyncpg://bot:S3cr3t-Pa55@db.example.org:6432/horoscopes?ssl=require"_s);
        for (QLineEdit* edit : dialog.findChildren<QLineEdit*>()) {
            if (edit->echoMode() == QLineEdit::Normal)
                QVERIFY2(!edit->text().contains(u"S3cr3t"), qPrintable(edit->text()));
        }
        QCOMPARE(dialog.spec().password, u"S3cr3t-Pa55"_s);
        QCOMPARE(dialog.spec().option(u"sslmode"_s), u"require"_s);
        auto* profileName = dialog.findChild<QComboBox*>();
        profileName->setEditText(u"production"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QTRY_VERIFY_WITH_TIMEOUT(settled.size() == 1, 30'000);
        QVERIFY(!settled.first().first().toString().isEmpty()); // the user is told
        QCOMPARE(profiles.profile(u"production"_s).passwordPolicy,
                 ConnectionProfile::PasswordPolicy::Ask);
        QCOMPARE(profiles.profile(u"production"_s).spec.host, u"db.example.org"_s);
    }
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(content.contains("db.example.org"));
    QVERIFY(!content.contains("S3cr3t"));
}

void TestMainWindow::connectionDialogRefusesMalformedUrl()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    ProfileStore profiles(settings);
    CredentialStore credentials(u"horoscope-admin-test"_s);
    ConnectionDialog dialog(&profiles, &credentials);
    dialog.show();
    dialog.setUrl(u"mysql://root:hunter2@localhost/db"_s);
    QVERIFY(dialog.message().contains(u"mysql"));
    QVERIFY(!dialog.message().contains(u"hunter2"));
}

// Issue 21, item 10: "&Profile:" showed its ampersand (the row's label had no buddy: a layout
// cannot be one). Every label's & is a mnemonic with a buddy, and Alt+P reaches the profile.
void TestMainWindow::connectionDialogShowsNoAmpersand()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    ProfileStore profiles(settings);
    CredentialStore credentials(u"horoscope-admin-test"_s);
    ConnectionDialog dialog(&profiles, &credentials);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    QLabel* profileLabel = nullptr;
    for (QLabel* label : dialog.findChildren<QLabel*>()) {
        QString text = label->text();
        text.remove(u"&&"_s); // a literal ampersand written as such
        if (text.contains(u'&'))
            QVERIFY2(label->buddy(), qPrintable(u"shown with its &: "_s + label->text()));
        if (label->text().contains(u"Profile"))
            profileLabel = label;
    }
    QVERIFY(profileLabel);
    QVERIFY(profileLabel->isVisible());
    auto* profile = qobject_cast<QComboBox*>(profileLabel->buddy());
    QVERIFY(profile);
    QTest::keyClick(&dialog, Qt::Key_P, Qt::AltModifier);
    QTRY_VERIFY(profile->hasFocus() || profile->lineEdit()->hasFocus());
}

// A pasted term longer than the search takes is cut, and the field's tooltip says so.
void TestMainWindow::searchFieldTakesAtMostTheLongestTerm()
{
    const ConnectionSpec spec = migratedDatabase();
    Fixture f(spec);
    QLineEdit* field = nullptr;
    for (auto* edit : f.browser()->findChildren<QLineEdit*>()) {
        if (edit->placeholderText().startsWith(u"Search the text"))
            field = edit;
    }
    QVERIFY(field);
    field->setFocus();
    field->insert(u"%_"_s.repeated(150));
    QCOMPARE(field->text().size(), HoroscopeFilter::maxSearchLength);
    QTRY_COMPARE(f.model()->filter().search, field->text());
    QVERIFY2(field->toolTip().contains(QString::number(HoroscopeFilter::maxSearchLength)),
             qPrintable(field->toolTip()));
}

// Write in the regenerate review: the open editor shows the new text (clean, so the next save
// is not a conflict with that write), and the list keeps its rows, its selection and its
// scroll position, also for a row below the first page.
void TestMainWindow::regeneratedTextReachesTheEditorInPlace()
{
    const ConnectionSpec spec = migratedDatabase(); // 14 days: 168 rows, two pages
    Fixture f(spec);
    HoroscopeTableModel* model = f.model();
    QTableView* table = f.browser()->table();
    QTRY_VERIFY(model->rowCount() >= HoroscopeTableModel::kPageSize);
    while (model->canFetchMore({})) {
        const int before = model->rowCount();
        model->fetchMore({});
        QTRY_VERIFY(model->rowCount() > before);
    }
    const int row = 150;
    const QModelIndex index = model->index(row, 0);
    table->setCurrentIndex(index);
    table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    const int id = model->rowAt(row)->id;
    QTRY_COMPARE(f.editor()->currentId(), id);
    QTRY_VERIFY(!f.editor()->isBusy());
    const int scrolled = table->verticalScrollBar()->value();
    QVERIFY(scrolled > 0);
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);

    f.window->regenerate({{model->rowAt(row)->sign, model->rowAt(row)->date}});
    RegenerateDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = f.window->findChild<RegenerateDialog*>()));
    QTRY_COMPARE(dialog->batch()->count(RegenerationBatch::State::Ready), 1);
    if (dialog->batch()->items().at(0).corrected)
        Confirm::setNextAnswer(true);
    dialog->list()->setCurrentRow(0);
    dialog->acceptCurrent();
    const QString written = dialog->batch()->items().at(0).newText;
    dialog->write();
    QTRY_COMPARE(dialog->batch()->count(RegenerationBatch::State::Written), 1);
    const QString stored = u"SELECT content FROM horoscope_cache WHERE id = %1"_s.arg(id);
    QCOMPARE(TestCluster::scalar(spec, stored).toString(), written);

    QTRY_COMPARE(f.editor()->text(), written);
    QTRY_COMPARE(f.editor()->state(), HoroscopeEditor::State::Clean);
    QTRY_COMPARE(model->rowAt(row)->preview, written.left(200)); // the list's row too
    QCOMPARE(model->rowAt(row)->xmin, f.editor()->record().xmin);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(table->currentIndex().row(), row);
    QVERIFY(table->selectionModel()->isRowSelected(row, {}));
    QCOMPARE(table->verticalScrollBar()->value(), scrolled);

    // The next correction saves over the written text: no conflict.
    f.editor()->setText(written + u" Checked."_s);
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);
    QCOMPARE(TestCluster::scalar(spec, stored).toString(), written + u" Checked."_s);
    dialog->close();
}

// Issue 22: a save queued while the server is away made the window impossible to close or to
// leave for another database until the server came back.
void TestMainWindow::leavingWhileASaveWaitsKeepsADraft()
{
    const ConnectionSpec spec = migratedDatabase();
    Fixture f(spec);
    QTRY_VERIFY(f.model()->rowCount() > 0);
    const int id = f.model()->rowAt(0)->id;
    openAndWait(f, id);
    QTRY_VERIFY(!f.editor()->drafts()->databaseKey().isEmpty());
    const QString draft =
        f.editor()->drafts()->store().filePath(f.editor()->drafts()->databaseKey(), id);
    PgCluster& cluster = TestCluster::instance().cluster();
    QVERIFY(cluster.stop());
    QTRY_COMPARE(f.database.state(), Database::State::Reconnecting);
    f.editor()->setText(u"typed while offline"_s);
    f.editor()->save();
    QVERIFY(f.editor()->status().contains(u"Waiting"));

    // Switching databases (AppController goes through leave()): "Keep waiting" stays.
    bool switched = false;
    Confirm::setNextAnswer(false);
    f.window->leave([&switched] { switched = true; });
    QVERIFY2(Confirm::lastQuestion().contains(u"waiting for the database connection"),
             qPrintable(Confirm::lastQuestion()));
    QVERIFY(!switched);
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Saving);

    // Closing: "Keep as draft and close" closes at once, the text kept on disk, not saved.
    Confirm::setNextAnswer(true);
    f.window->close();
    QTRY_VERIFY(!f.window->isVisible());
    QVERIFY(!Confirm::hasQueuedAnswers());
    QVERIFY(QFile::exists(draft));
    const std::optional<DraftStore::Draft> kept =
        f.editor()->drafts()->store().read(f.editor()->drafts()->databaseKey(), id);
    QVERIFY(kept);
    QCOMPARE(kept->text, u"typed while offline"_s);
    QString error;
    QVERIFY2(cluster.start(&error), qPrintable(error));
    f.database.retry();
    QTRY_COMPARE(f.database.state(), Database::State::Connected);
    // The save given up for the draft does not happen behind the person's back: a read queued
    // after it on the same connection finds the row as it was.
    QObject context;
    HoroscopeService service(&f.database);
    std::optional<DbResult<HoroscopeRecord>> row;
    service.load(&context, id, [&row](DbResult<HoroscopeRecord> r) { row = r; });
    QTRY_VERIFY_WITH_TIMEOUT(row.has_value(), 10'000);
    QVERIFY2(row->ok(), qPrintable(row->error.message));
    QVERIFY(row->value.content != u"typed while offline");
    QVERIFY(QFile::exists(draft));
}

// Issue 22: "today" was the server's date in the overview and the client's in the list's
// filter, the coverage and the trends. The bot writes horoscope_date with the server's date.
void TestMainWindow::todayIsTheServersDateEverywhere()
{
    // The client far west of UTC, the server far east: their dates always differ (by 1 or 2).
    const QByteArray zone = qgetenv("TZ");
    qputenv("TZ", "Etc/GMT+12");
    tzset();
    const auto restoreZone = qScopeGuard([zone] {
        if (zone.isEmpty())
            qunsetenv("TZ");
        else
            qputenv("TZ", zone);
        tzset();
    });
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"today"_s);
    QCOMPARE(TestCluster::execute(
                 spec, u"ALTER DATABASE \"%1\" SET timezone = 'Etc/GMT-14'"_s.arg(spec.database)),
             QString());
    QDate serverToday;
    {
        QSqlDatabase db = TestCluster::open(spec);
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT current_date"_s) && q.next());
            serverToday = q.value(0).toDate();
            MigrationRunner runner(db, builtInMigrations(), {.createSeedTables = true});
            DbError error;
            QVERIFY2(runner.up({}, &error), qPrintable(error.message));
            QString fillError;
            QVERIFY2(DemoData::fill(db, serverToday, 14, &fillError), qPrintable(fillError));
            // The bot has not written Aries for the server's today yet.
            QVERIFY(q.exec(u"DELETE FROM horoscope_cache WHERE zodiac_sign = 'aries' AND "
                           "horoscope_date = current_date"_s));
        }
        TestCluster::close(db);
    }
    const QDate clientToday = QDate::currentDate();
    QVERIFY2(clientToday < serverToday, qPrintable(clientToday.toString(Qt::ISODate)));

    Fixture f(spec);
    const QLocale locale;
    // The overview: Aries is missing today (the server's).
    SignSummaryModel* overview = f.window->overviewPage()->model();
    QTRY_VERIFY(overview->rowCount() == 12);
    QCOMPARE(overview->index(0, SignSummaryModel::TodayColumn)
                 .data(SignSummaryModel::RawValueRole)
                 .toBool(),
             false);

    // The list's "Today": the same day, so the same eleven horoscopes.
    f.browser()->setDatePreset(HoroscopeBrowser::DatePreset::Today);
    QTRY_VERIFY(!f.model()->isLoading() && f.model()->rowCount() == 11);
    for (int row = 0; row < f.model()->rowCount(); ++row) {
        QCOMPARE(f.model()->rowAt(row)->date, serverToday);
        QVERIFY(f.model()->rowAt(row)->sign != u"aries");
    }

    // The coverage marks the same day as today.
    f.window->coverage()->reload();
    auto* grid = f.window->coverage()->findChild<QTableWidget*>();
    QVERIFY(grid);
    QString boldDay;
    QTRY_VERIFY([&] {
        for (int c = 0; c < grid->columnCount(); ++c) {
            if (QTableWidgetItem* h = grid->horizontalHeaderItem(c); h && h->font().bold())
                boldDay = h->toolTip();
        }
        return !boldDay.isEmpty();
    }());
    QCOMPARE(boldDay, locale.toString(serverToday, QLocale::LongFormat));

    // The window says the two dates.
    QLabel* said = nullptr;
    QTRY_VERIFY((said = f.window->findChild<QLabel*>(u"serverDateLabel"_s)) && !said->isHidden() &&
                said->text().contains(u"Server date"));
    QVERIFY2(said->text().contains(locale.toString(serverToday, u"d MMM"_s)) &&
                 said->text().contains(locale.toString(clientToday, u"d MMM"_s)),
             qPrintable(said->text()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
