#include "CoverageView.h"
#include "Database.h"
#include "DemoAiProvider.h"
#include "DemoData.h"
#include "HoroscopeTableModel.h"
#include "MainWindow.h"
#include "MigrationRunner.h"
#include "MigrationsModel.h"
#include "MigrationsView.h"
#include "RegenerationBatch.h"
#include "TestCluster.h"
#include "WindowFixture.h"

#include <QAbstractButton>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

// The roles docs/security.md suggests, with names unique to this test (roles are cluster-wide).
struct Roles
{
    QString manager;
    QString editor;
    QString admin;
};

// A database set up the way docs/security.md says: the admin, who may create in the database and in
// schema public, runs the migrations and so owns the tables; the manager and the editor get
// docs/security.md's GRANTs from the admin.
struct RoleDatabase
{
    ConnectionSpec superuser;
    Roles roles;

    ConnectionSpec as(const QString& role) const
    {
        ConnectionSpec spec = superuser;
        spec.user = role;
        return spec;
    }
};

RoleDatabase roleDatabase(const QString& migrateTo = {})
{
    static int counter = 0;
    ++counter;
    RoleDatabase d;
    d.superuser = TestCluster::instance().freshDatabase(u"roles"_s);
    const QString suffix = u"%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(counter);
    d.roles = {u"manager_"_s + suffix, u"editor_"_s + suffix, u"admin_"_s + suffix};
    const QString db = d.superuser.database;
    const QString setup = uR"sql(
        CREATE ROLE %1 LOGIN;
        CREATE ROLE %2 LOGIN;
        CREATE ROLE %3 LOGIN;
        GRANT CREATE ON DATABASE %4 TO %3;
        GRANT USAGE, CREATE ON SCHEMA public TO %3;
        GRANT CONNECT ON DATABASE %4 TO %1, %2;
        GRANT USAGE ON SCHEMA public TO %1, %2;
    )sql"_s.arg(d.roles.manager, d.roles.editor, d.roles.admin, db);
    if (const QString error = TestCluster::execute(d.superuser, setup); !error.isEmpty())
        qFatal("%s", qPrintable(error));

    const ConnectionSpec admin = d.as(d.roles.admin);
    QSqlDatabase conn = TestCluster::open(admin);
    {
        MigrationRunner runner(conn, builtInMigrations(), {.createSeedTables = true});
        DbError error;
        if (!runner.up(migrateTo, &error))
            qFatal("migrate up as the admin: %s", qPrintable(error.message));
        QString fillError;
        if (!DemoData::fill(conn, QDate::currentDate(), 7, &fillError))
            qFatal("%s", qPrintable(fillError));
    }
    TestCluster::close(conn);
    const QString grants = uR"sql(
        GRANT SELECT ON horoscope_cache, horoscope_views, horoscope_cache_revisions,
                        horoscope_admin_schema_history TO %1, %2;
        GRANT UPDATE (content) ON horoscope_cache TO %2;
    )sql"_s.arg(d.roles.manager, d.roles.editor);
    if (const QString error = TestCluster::execute(admin, grants); !error.isEmpty())
        qFatal("%s", qPrintable(error));
    return d;
}

QAbstractButton* button(const WindowFixture& f, const QString& name)
{
    return f.window->findChild<QAbstractButton*>(name);
}

// Waits until the window has read who it is connected as, and so what that role may do.
#define WAIT_FOR_PRIVILEGES(f)                                                                     \
    QTRY_VERIFY2((f).window->connectionText().contains(u"PostgreSQL"),                             \
                 qPrintable((f).window->connectionText()))

// Opens the horoscope with the lowest id in the editor.
int openFirstHoroscope(WindowFixture& f, const ConnectionSpec& spec)
{
    const int id = TestCluster::scalar(spec, u"SELECT min(id) FROM horoscope_cache"_s).toInt();
    f.browser()->openHoroscope(id);
    return id;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run cli(const ConnectionSpec& spec, const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"DATABASE_URL"_s);
    p.setProcessEnvironment(env);
    const QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
    p.start(QStringLiteral(HA_EXECUTABLE), QStringList{u"--database-url"_s, url} + args);
    Run r;
    if (!p.waitForFinished(120'000))
        p.kill();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestRoles : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void managerMayOnlyLook();
    void editorMayChangeOnlyTheText();
    void adminMayDoEverything();
    void readOnlySessionDisablesEveryWrite();
    void revokedWhileOpenKeepsTheText();
    void managerCannotRegenerateOnTheCommandLine();
    void editorCannotMigrateOnTheCommandLine();
    void adminMigratesOnTheCommandLine();
    void memberOfTheOwnerMigratesAndEditorMayBeAllowedToRegenerate();
    void refusedRegenerationWriteSaysWhy();
    void regenerationWriteOnALostServerSaysWhy();
    void writeRefusedOnTheCommandLineSaysWhyForEach();
};

void TestRoles::initTestCase()
{
    REQUIRE_CLUSTER();
}

void TestRoles::managerMayOnlyLook()
{
    const RoleDatabase d = roleDatabase();
    const QString role = d.roles.manager;
    WindowFixture f(d.as(role));
    WAIT_FOR_PRIVILEGES(f);
    QVERIFY(f.window->isReadOnlyShown());

    for (const QString& name :
         {u"invalidateButton"_s, u"regenerateButton"_s, u"generateMissingButton"_s,
          u"exportButton"_s, u"saveButton"_s, u"revertButton"_s, u"restoreButton"_s,
          u"applyButton"_s, u"applyToButton"_s, u"rollBackButton"_s})
        QVERIFY2(button(f, name), qPrintable(name));

    QAbstractButton* invalidate = button(f, u"invalidateButton"_s);
    QTRY_VERIFY(!invalidate->isEnabled());
    QVERIFY2(invalidate->toolTip().contains(u"Your role %1 may not DELETE"_s.arg(role)),
             qPrintable(invalidate->toolTip()));
    for (const QString& name : {u"regenerateButton"_s, u"generateMissingButton"_s}) {
        QAbstractButton* b = button(f, name);
        QVERIFY2(!b->isEnabled(), qPrintable(name));
        QVERIFY2(b->toolTip().contains(u"Your role %1 may not INSERT"_s.arg(role)),
                 qPrintable(b->toolTip()));
    }
    QAbstractButton* exportButton = button(f, u"exportButton"_s);
    QVERIFY(exportButton->isEnabled()); // SELECT is enough
    QVERIFY(exportButton->focusPolicy() & Qt::TabFocus);

    const int id = openFirstHoroscope(f, d.superuser);
    QTRY_COMPARE(f.editor()->currentId(), id);
    QTRY_VERIFY(!f.editor()->text().isEmpty());
    QPlainTextEdit* text = f.editor()->textEdit();
    QVERIFY(text->isReadOnly());
    QVERIFY(text->textInteractionFlags() & Qt::TextSelectableByKeyboard);
    const QString noUpdate = u"Your role %1 may not UPDATE horoscope_cache.content"_s.arg(role);
    QVERIFY2(text->toolTip().contains(noUpdate), qPrintable(text->toolTip()));
    for (const QString& name : {u"saveButton"_s, u"revertButton"_s, u"restoreButton"_s}) {
        QAbstractButton* b = button(f, name);
        QVERIFY2(!b->isEnabled(), qPrintable(name));
        QVERIFY2(b->toolTip().contains(noUpdate), qPrintable(b->toolTip()));
    }
    // Ctrl+S does not get round the disabled button.
    f.editor()->setText(u"Попытка"_s);
    f.editor()->save();
    QVERIFY2(f.editor()->status().contains(noUpdate), qPrintable(f.editor()->status()));

    for (const QString& name : {u"applyButton"_s, u"applyToButton"_s, u"rollBackButton"_s}) {
        QAbstractButton* b = button(f, name);
        QVERIFY2(!b->isEnabled(), qPrintable(name));
        QVERIFY2(b->toolTip().contains(u"Your role %1"_s.arg(role)), qPrintable(b->toolTip()));
    }
    QVERIFY(button(f, u"rollBackButton"_s)->toolTip().contains(u"does not own"));
}

void TestRoles::editorMayChangeOnlyTheText()
{
    const RoleDatabase d = roleDatabase();
    const QString role = d.roles.editor;
    // One earlier version, so the history has something to restore.
    QCOMPARE(TestCluster::execute(d.superuser,
                                  u"UPDATE horoscope_cache SET content = content || ' (fixed)' "
                                  "WHERE id = (SELECT min(id) FROM horoscope_cache)"_s),
             QString());
    WindowFixture f(d.as(role));
    WAIT_FOR_PRIVILEGES(f);
    QVERIFY(!f.window->isReadOnlyShown()); // it may write something

    QAbstractButton* invalidate = button(f, u"invalidateButton"_s);
    QVERIFY(invalidate);
    QTRY_VERIFY(!invalidate->isEnabled());
    QVERIFY2(invalidate->toolTip().contains(u"Your role %1 may not DELETE"_s.arg(role)),
             qPrintable(invalidate->toolTip()));
    QAbstractButton* regenerate = button(f, u"regenerateButton"_s);
    QVERIFY(!regenerate->isEnabled());
    QVERIFY2(regenerate->toolTip().contains(u"INSERT"), qPrintable(regenerate->toolTip()));
    QVERIFY(!button(f, u"generateMissingButton"_s)->isEnabled());
    QVERIFY(button(f, u"exportButton"_s)->isEnabled());

    openFirstHoroscope(f, d.superuser);
    QTRY_COMPARE(f.editor()->historyCount(), 1);
    QVERIFY(!f.editor()->textEdit()->isReadOnly());
    auto* versions = f.window->findChild<QListWidget*>(u"versionList"_s);
    QVERIFY(versions);
    versions->setCurrentRow(1);
    QAbstractButton* restore = button(f, u"restoreButton"_s);
    QVERIFY(restore->isEnabled());
    QVERIFY(restore->focusPolicy() & Qt::TabFocus);

    QAbstractButton* save = button(f, u"saveButton"_s);
    QVERIFY(!save->isEnabled()); // nothing typed yet
    f.editor()->setText(u"Исправленный текст"_s);
    QVERIFY(save->isEnabled());
    QVERIFY(button(f, u"revertButton"_s)->isEnabled());
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);

    QAbstractButton* apply = button(f, u"applyButton"_s);
    QVERIFY(!apply->isEnabled());
    QVERIFY2(apply->toolTip().contains(u"Your role %1"_s.arg(role)), qPrintable(apply->toolTip()));
}

void TestRoles::adminMayDoEverything()
{
    const RoleDatabase d = roleDatabase(u"0002"_s); // the search index still pending
    WindowFixture f(d.as(d.roles.admin));
    WAIT_FOR_PRIVILEGES(f);
    QVERIFY(!f.window->isReadOnlyShown());
    QAbstractButton* apply = button(f, u"applyButton"_s);
    QVERIFY(apply);
    QTRY_VERIFY(apply->isEnabled());
    MigrationsView* view = f.window->migrationsView();
    view->table()->selectRow(0);
    QTRY_VERIFY(button(f, u"rollBackButton"_s)->isEnabled());
    for (const QString& name : {u"invalidateButton"_s, u"regenerateButton"_s})
        QVERIFY2(button(f, name)->isEnabled(), qPrintable(name));
    // Enabled once the grid has found missing days (the demo data leaves some).
    QTRY_VERIFY(f.window->coverage()->missingCount() > 0);
    QVERIFY(button(f, u"generateMissingButton"_s)->isEnabled());
    openFirstHoroscope(f, d.superuser);
    QTRY_VERIFY(!f.editor()->text().isEmpty());
    QVERIFY(!f.editor()->textEdit()->isReadOnly());
}

void TestRoles::readOnlySessionDisablesEveryWrite()
{
    const RoleDatabase d = roleDatabase(u"0002"_s);
    const QString role = d.roles.admin; // may do everything, but not in a read-only session
    QCOMPARE(TestCluster::execute(d.superuser,
                                  u"ALTER ROLE %1 IN DATABASE %2 SET default_transaction_read_only "
                                  "= on"_s.arg(role, d.superuser.database)),
             QString());
    WindowFixture f(d.as(role));
    WAIT_FOR_PRIVILEGES(f);
    QVERIFY(f.window->isReadOnlyShown());
    QTRY_COMPARE(f.window->migrationsView()->pendingCount(), builtInMigrations().size() - 2);
    for (const QString& name :
         {u"invalidateButton"_s, u"regenerateButton"_s, u"generateMissingButton"_s, u"saveButton"_s,
          u"applyButton"_s, u"rollBackButton"_s}) {
        QAbstractButton* b = button(f, name);
        QVERIFY2(b && !b->isEnabled(), qPrintable(name));
        QVERIFY2(b->toolTip().contains(u"read-only (default_transaction_read_only)"),
                 qPrintable(b->toolTip()));
    }
    QVERIFY(button(f, u"exportButton"_s)->isEnabled());
}

void TestRoles::revokedWhileOpenKeepsTheText()
{
    const RoleDatabase d = roleDatabase();
    const QString role = d.roles.editor;
    WindowFixture f(d.as(role));
    WAIT_FOR_PRIVILEGES(f);
    const int id = openFirstHoroscope(f, d.superuser);
    QTRY_VERIFY(!f.editor()->text().isEmpty());
    const QString stored = f.editor()->text();
    QAbstractButton* save = button(f, u"saveButton"_s);
    QVERIFY(save);

    QCOMPARE(
        TestCluster::execute(d.as(d.roles.admin),
                             u"REVOKE UPDATE (content) ON horoscope_cache FROM %1"_s.arg(role)),
        QString());
    const QString mine = u"Текст, который нельзя потерять"_s;
    f.editor()->setText(mine);
    QVERIFY(save->isEnabled()); // the window does not know yet
    f.editor()->save();
    QTRY_VERIFY(!f.editor()->isBusy());
    QTRY_VERIFY(!f.editor()->status().isEmpty() && f.editor()->status() != u"Saving…"_s);
    const QString status = f.editor()->status();
    QVERIFY2(status.contains(u"UPDATE"), qPrintable(status));
    QVERIFY2(status.contains(u"horoscope_cache.content"), qPrintable(status));
    QVERIFY2(
        status.contains(u"GRANT SELECT, UPDATE (content) ON horoscope_cache TO %1"_s.arg(role)),
        qPrintable(status));
    QCOMPARE(f.editor()->text(), mine);
    QVERIFY(f.editor()->isDirty());
    QCOMPARE(TestCluster::scalar(d.superuser,
                                 u"SELECT content FROM horoscope_cache WHERE id = %1"_s.arg(id))
                 .toString(),
             stored);
    // The refusal makes the window read the privileges again: Save now says why it is off.
    QTRY_VERIFY(!save->isEnabled());
    QVERIFY2(save->toolTip().contains(u"may not UPDATE horoscope_cache.content"),
             qPrintable(save->toolTip()));
    QCOMPARE(f.editor()->text(), mine);
    QVERIFY(f.editor()->isDirty());
}

void TestRoles::managerCannotRegenerateOnTheCommandLine()
{
    const RoleDatabase d = roleDatabase();
    const QString role = d.roles.manager;
    const QDate date = QDate::currentDate().addDays(30); // missing: the upsert would insert
    const Run r =
        cli(d.as(role), {u"regenerate"_s, u"--sign"_s, u"aries"_s, u"--date"_s,
                         date.toString(Qt::ISODate), u"--yes"_s, u"--provider"_s, u"demo"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"Your role %1 may not INSERT"_s.arg(role)), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"GRANT"), qPrintable(r.err));
    QCOMPARE(
        TestCluster::scalar(
            d.superuser, u"SELECT count(*) FROM horoscope_cache WHERE horoscope_date = '%1'"_s.arg(
                             date.toString(Qt::ISODate)))
            .toInt(),
        0);
    // Without --yes nothing is written, so nothing is refused: the texts are printed.
    const Run dry = cli(d.as(role), {u"regenerate"_s, u"--sign"_s, u"aries"_s, u"--date"_s,
                                     date.toString(Qt::ISODate), u"--provider"_s, u"demo"_s});
    QCOMPARE(dry.exitCode, 0);
}

void TestRoles::editorCannotMigrateOnTheCommandLine()
{
    const RoleDatabase d = roleDatabase(u"0002"_s);
    const QString role = d.roles.editor;
    const Run r = cli(d.as(role), {u"migrate"_s, u"up"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"Your role %1"_s.arg(role)), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"CREATE"), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"does not own horoscope_cache"), qPrintable(r.err));
    QCOMPARE(r.err.trimmed().count(u'\n'), 0); // one line
    QVERIFY(!TestCluster::scalar(d.superuser,
                                 u"SELECT to_regclass('ix_horoscope_cache_content_trgm') IS NOT "
                                 "NULL"_s)
                 .toBool());
    const Run down = cli(d.as(role), {u"migrate"_s, u"down"_s, u"--to"_s, u"0001"_s});
    QCOMPARE(down.exitCode, 1);
    QVERIFY2(down.err.contains(u"does not own"), qPrintable(down.err));
    QVERIFY(TestCluster::scalar(d.superuser,
                                u"SELECT to_regclass('horoscope_cache_revisions') IS NOT NULL"_s)
                .toBool());
    // Looking is allowed.
    QCOMPARE(cli(d.as(role), {u"migrate"_s, u"status"_s}).exitCode, 0);
    const Run dry = cli(d.as(role), {u"migrate"_s, u"up"_s, u"--dry-run"_s});
    QVERIFY2(dry.exitCode == 0, qPrintable(dry.err));
    QVERIFY(dry.out.contains(u"pg_trgm"));
}

void TestRoles::adminMigratesOnTheCommandLine()
{
    const RoleDatabase d = roleDatabase(u"0002"_s);
    const ConnectionSpec admin = d.as(d.roles.admin);
    const Run up = cli(admin, {u"migrate"_s, u"up"_s});
    QVERIFY2(up.exitCode == 0, qPrintable(up.err));
    QVERIFY(TestCluster::scalar(d.superuser,
                                u"SELECT to_regclass('ix_horoscope_cache_content_trgm') IS NOT "
                                "NULL"_s)
                .toBool());
    const Run down = cli(admin, {u"migrate"_s, u"down"_s, u"--to"_s, u"0002"_s});
    QVERIFY2(down.exitCode == 0, qPrintable(down.err));
    const Run regenerate = cli(admin, {u"regenerate"_s, u"--sign"_s, u"aries"_s, u"--date"_s,
                                       QDate::currentDate().addDays(30).toString(Qt::ISODate),
                                       u"--yes"_s, u"--provider"_s, u"demo"_s});
    QVERIFY2(regenerate.exitCode == 0, qPrintable(regenerate.err));
}

void TestRoles::memberOfTheOwnerMigratesAndEditorMayBeAllowedToRegenerate()
{
    // On the bot's database the tables belong to the bot's role: docs/security.md makes the admin a
    // member of it. Here the role that ran the migrations plays the bot.
    const RoleDatabase d = roleDatabase(u"0002"_s);
    const QString member = d.roles.admin + u"_member"_s;
    QCOMPARE(TestCluster::execute(
                 d.superuser, u"CREATE ROLE %1 LOGIN; GRANT CREATE ON DATABASE %2 TO %1; "
                              "GRANT USAGE, CREATE ON SCHEMA public TO %1; GRANT %3 TO %1"_s.arg(
                                  member, d.superuser.database, d.roles.admin)),
             QString());
    const Run up = cli(d.as(member), {u"migrate"_s, u"up"_s});
    QVERIFY2(up.exitCode == 0, qPrintable(up.err));

    // docs/security.md's optional GRANTs for an editor who also regenerates.
    const QString editor = d.roles.editor;
    QCOMPARE(
        TestCluster::execute(d.as(d.roles.admin),
                             u"GRANT INSERT, UPDATE ON horoscope_cache TO %1; "
                             "GRANT USAGE ON SEQUENCE horoscope_cache_id_seq TO %1"_s.arg(editor)),
        QString());
    const QDate date = QDate::currentDate().addDays(30);
    const Run regenerate =
        cli(d.as(editor), {u"regenerate"_s, u"--sign"_s, u"all"_s, u"--date"_s,
                           date.toString(Qt::ISODate), u"--yes"_s, u"--provider"_s, u"demo"_s});
    QVERIFY2(regenerate.exitCode == 0, qPrintable(regenerate.err));
    QCOMPARE(
        TestCluster::scalar(
            d.superuser, u"SELECT count(*) FROM horoscope_cache WHERE horoscope_date = '%1'"_s.arg(
                             date.toString(Qt::ISODate)))
            .toInt(),
        12);
}

void TestRoles::refusedRegenerationWriteSaysWhy()
{
    // The editor may change the text but not insert rows or move generated_at: the server
    // refuses each write, and each says why.
    const RoleDatabase d = roleDatabase();
    Database database(d.as(d.roles.editor));
    database.start();
    DemoAiProvider provider(0);
    RegenerationBatch batch(&database, &provider, u"{sign} {date}"_s);
    QSignalSpy generated(&batch, &RegenerationBatch::generationFinished);
    QSignalSpy written(&batch, &RegenerationBatch::writeFinished);
    const QDate today = QDate::currentDate();
    batch.start({{u"aries"_s, today}, {u"taurus"_s, today.addDays(40)}});
    QVERIFY(generated.wait(10'000));
    QCOMPARE(batch.acceptAllReady(), 2);
    batch.writeAccepted();
    QVERIFY(written.wait(10'000));
    QCOMPARE(written.at(0).at(2).toInt(), 2);
    for (const RegenerationBatch::Item& item : batch.items()) {
        QVERIFY2(item.error.contains(u"permission denied"), qPrintable(item.error));
        QVERIFY2(item.error.contains(u"INSERT"), qPrintable(item.error));
    }
}

void TestRoles::regenerationWriteOnALostServerSaysWhy()
{
    const RoleDatabase d = roleDatabase();
    Database database(d.as(d.roles.admin));
    Connection::Timing timing;
    timing.healthCheckMs = 600'000; // the write, not the health check, meets the dead connection
    database.setTiming(timing);
    database.start();
    DemoAiProvider provider(0);
    RegenerationBatch batch(&database, &provider, u"{sign} {date}"_s);
    QSignalSpy generated(&batch, &RegenerationBatch::generationFinished);
    QSignalSpy written(&batch, &RegenerationBatch::writeFinished);
    const QDate date = QDate::currentDate().addDays(50);
    batch.start({{u"aries"_s, date}, {u"taurus"_s, date}, {u"gemini"_s, date}});
    QVERIFY(generated.wait(10'000));
    QCOMPARE(batch.acceptAllReady(), 3);
    // The server drops the worker's connection between the review and the write.
    const QString others = u"SELECT count(*) FROM pg_stat_activity WHERE datname = '%1' AND "
                           "pid <> pg_backend_pid()"_s.arg(d.superuser.database);
    TestCluster::scalar(d.superuser, u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                     "WHERE datname = '%1' AND pid <> pg_backend_pid()"_s.arg(
                                         d.superuser.database));
    QTRY_COMPARE(TestCluster::scalar(d.superuser, others).toInt(), 0);
    batch.writeAccepted();
    QVERIFY(written.wait(10'000));
    QCOMPARE(written.at(0).at(0).toInt(), 0);
    QCOMPARE(written.at(0).at(2).toInt(), 3);
    const QList<RegenerationBatch::Item>& items = batch.items();
    QVERIFY2(items.at(0).error.contains(u"connection to the database was lost while writing"),
             qPrintable(items.at(0).error));
    for (qsizetype i = 1; i < items.size(); ++i) // not sent into a dead connection
        QVERIFY2(items.at(i).error.startsWith(u"not tried: the connection"),
                 qPrintable(items.at(i).error));
}

void TestRoles::writeRefusedOnTheCommandLineSaysWhyForEach()
{
    // The privileges allow it when the command starts, the server refuses each write anyway
    // (as after a REVOKE): every failure has its line with the reason.
    const RoleDatabase d = roleDatabase();
    const QString role = d.roles.admin;
    QCOMPARE(TestCluster::execute(d.superuser, uR"sql(
        CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'permission denied for table horoscope_cache'
              USING ERRCODE = 'insufficient_privilege'; END $$;
        CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON horoscope_cache
            FOR EACH ROW WHEN (current_user = '%1') EXECUTE FUNCTION refuse();
    )sql"_s.arg(role)),
             QString());
    const QString date = QDate::currentDate().toString(Qt::ISODate);
    const Run r = cli(d.as(role), {u"regenerate"_s, u"--sign"_s, u"all"_s, u"--date"_s, date,
                                   u"--yes"_s, u"--provider"_s, u"demo"_s});
    QCOMPARE(r.exitCode, 1);
    // One line on stderr (a failed command says why in one line), with a reason for each sign.
    const QString err = r.err.trimmed();
    QVERIFY2(!err.contains(u'\n'), qPrintable(err));
    QVERIFY2(err.contains(u"Failed: 12."_s), qPrintable(err));
    QCOMPARE(err.count(u"(your role %1 may not INSERT/UPDATE horoscope_cache)"_s.arg(role)), 12);
    QVERIFY2(err.contains(u"Aries, %1: permission denied for table horoscope_cache"_s.arg(date)),
             qPrintable(err));
}

QTEST_MAIN(TestRoles)
#include "tst_roles.moc"
