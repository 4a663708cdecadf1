// Issue 24, part 1: two windows on one database see who is editing. A window that opens a
// horoscope someone has open elsewhere says so before anyone types ("Boris Ivanov is editing
// this since 10:02") and its list marks the row; when Boris has unsaved text the text here is
// read-only until *Take over* (reached with the keyboard), and Boris's window then says "Anna
// Petrova took over" and keeps his text as a draft. Directly and through PgBouncer (pool_mode
// = transaction, with the bot's load); a window that stops beating stops counting after the
// expiry; and none of it ever takes a lock on the bot's table.
#include "DraftStore.h"
#include "EditorDrafts.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeTableModel.h"
#include "MessageBar.h"
#include "PgBouncerFixture.h"
#include "TypeText.h"
#include "WindowFixture.h"

#include <QLocale>
#include <QPlainTextEdit>
#include <QSqlQuery>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

namespace {

const QDate kLast(2026, 5, 10);

QString barText(WindowFixture& f)
{
    auto* bar = f.editor()->findChild<MessageBar*>(u"presenceBar"_s);
    return bar && !bar->isHidden() ? bar->text() : QString();
}

QToolButton* takeOverButton(WindowFixture& f)
{
    auto* bar = f.editor()->findChild<MessageBar*>(u"presenceBar"_s);
    return bar ? bar->findChild<QToolButton*>(u"takeOverButton"_s) : nullptr;
}

QString listMark(WindowFixture& f, int id, int role)
{
    const int row = f.model()->rowOfId(id);
    if (row < 0)
        return {};
    return f.model()->data(f.model()->index(row, HoroscopeTableModel::SignColumn), role).toString();
}

// "Boris Ivanov is editing this since 10:02": the time as the server recorded it, local.
QString editingSince(const ConnectionSpec& spec, const QString& person)
{
    const QDateTime since =
        TestCluster::scalar(spec, u"SELECT since FROM horoscope_admin_presence WHERE person = '"_s +
                                      person + u"'"_s)
            .toDateTime();
    if (!since.isValid())
        return u"(no row of %1 in horoscope_admin_presence)"_s.arg(person);
    return u"%1 is editing this since %2"_s.arg(
        person, QLocale().toString(since.toLocalTime().time(), QLocale::ShortFormat));
}

void typeAtEnd(WindowFixture& f, const QString& text)
{
    QPlainTextEdit* edit = f.editor()->textEdit();
    edit->setFocus();
    edit->moveCursor(QTextCursor::End);
    typeText(edit, text);
}

} // namespace

class TestPresence : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void twoWindowsSeeEachOther();
    void takeOverWithTheKeyboardKeepsTheirDraft();
    void takeOverThroughPgBouncer();
    void theirSaveGivesTheTextBack();
    void aWindowThatStopsBeatingStopsCounting();
    void presenceNeverTouchesTheBotsTable();

private:
    // Boris (A) has the horoscope open with unsaved text; Anna (B) opens it, takes over with
    // the keyboard; Boris's window says so and keeps his text as a draft.
    void takeOver(const ConnectionSpec& spec, const ConnectionSpec& direct);
};

void TestPresence::initTestCase()
{
    REQUIRE_CLUSTER();
    // For the tests only: a heartbeat in a fifth of a second instead of ten.
    qputenv("HOROSCOPE_ADMIN_PRESENCE_HEARTBEAT_MS", "200");
}

void TestPresence::twoWindowsSeeEachOther()
{
    const ConnectionSpec spec = migratedTestDatabase(u"presence"_s);
    insertDays(spec, kLast, 2);
    const int id = idOf(spec, u"leo"_s, kLast);
    WindowFixture a(spec);
    a.database.setPerson(u"Boris Ivanov"_s);
    WindowFixture b(spec);
    b.database.setPerson(u"Anna Petrova"_s);
    openAndWait(a, id);
    openAndWait(b, id);

    // Before anyone types, each window says who else is in it.
    QTRY_VERIFY2(
        barText(b).contains(editingSince(spec, u"Boris Ivanov"_s)),
        qPrintable(barText(b) + u" / expected: "_s + editingSince(spec, u"Boris Ivanov"_s)));
    QTRY_VERIFY2(barText(a).contains(editingSince(spec, u"Anna Petrova"_s)),
                 qPrintable(barText(a)));
    // Nothing unsaved on the other side: the text stays editable.
    QVERIFY(!b.editor()->textEdit()->isReadOnly());
    QVERIFY(!takeOverButton(b));

    // The list of each marks the row open in the other window, for the eye and the ear.
    QTRY_VERIFY(listMark(b, id, Qt::ToolTipRole).contains(u"Boris Ivanov is editing this"_s));
    QVERIFY(listMark(b, id, Qt::AccessibleTextRole).contains(u"Boris Ivanov is editing this"_s));
    QVERIFY(b.model()
                ->data(b.model()->index(b.model()->rowOfId(id), HoroscopeTableModel::SignColumn),
                       Qt::DecorationRole)
                .isValid());
    const int other = idOf(spec, u"aries"_s, kLast);
    QVERIFY(listMark(b, other, Qt::ToolTipRole).isEmpty());

    // Boris goes to another horoscope: Anna's window no longer names him here.
    openAndWait(a, other);
    QTRY_VERIFY2(!barText(b).contains(u"Boris Ivanov"_s), qPrintable(barText(b)));
    QTRY_VERIFY(listMark(b, id, Qt::ToolTipRole).isEmpty());
    QTRY_VERIFY(listMark(b, other, Qt::ToolTipRole).contains(u"Boris Ivanov"_s));
}

void TestPresence::takeOver(const ConnectionSpec& spec, const ConnectionSpec& direct)
{
    insertDays(direct, kLast, 2);
    const int id = idOf(direct, u"virgo"_s, kLast);
    const QString stored = contentOf(direct, id);
    WindowFixture a(spec);
    a.database.setPerson(u"Boris Ivanov"_s);
    WindowFixture b(spec);
    b.database.setPerson(u"Anna Petrova"_s);
    openAndWait(a, id);
    openAndWait(b, id);
    typeAtEnd(a, u" Boris's words"_s);
    QVERIFY(a.editor()->isDirty());

    // Anna's window warns before she types: read-only, with Take over.
    QTRY_VERIFY2(barText(b).contains(u"Boris Ivanov has unsaved changes"_s),
                 qPrintable(barText(b)));
    QTRY_VERIFY(b.editor()->textEdit()->isReadOnly());
    QVERIFY(takeOverButton(b));
    // Her first keystroke changes nothing and takes her to Take over.
    b.window->activateWindow();
    b.editor()->textEdit()->setFocus();
    QTest::keyClick(b.editor()->textEdit(), Qt::Key_X);
    QCOMPARE(b.editor()->text(), stored);
    QTRY_COMPARE(QApplication::focusWidget(), takeOverButton(b));
    QTest::keyClick(takeOverButton(b), Qt::Key_Space);
    QTRY_VERIFY(!b.editor()->textEdit()->isReadOnly());

    // Boris's window says who took over, keeps his text as a draft and shows the stored one.
    QTRY_VERIFY2(barText(a).contains(u"Anna Petrova took over"_s), qPrintable(barText(a)));
    QTRY_COMPARE(a.editor()->text(), stored);
    QVERIFY(a.editor()->textEdit()->isReadOnly());
    QVERIFY(!a.editor()->isDirty());
    EditorDrafts* drafts = a.editor()->drafts();
    QTRY_VERIFY(drafts->store().read(drafts->databaseKey(), id).has_value());
    QCOMPARE(drafts->store().read(drafts->databaseKey(), id)->text, stored + u" Boris's words"_s);
    // Boris no longer counts as editing it: Anna's line and list mark go.
    QTRY_VERIFY2(!barText(b).contains(u"Boris Ivanov"_s), qPrintable(barText(b)));

    // Opening the horoscope again, Boris is offered his text back.
    openAndWait(a, idOf(direct, u"aries"_s, kLast));
    openAndWait(a, id);
    QTRY_VERIFY(drafts->isOffering());

    // Anna types and saves. (Both windows of this test share one drafts folder, so this comes
    // after Boris's draft was offered: her own draft of the same horoscope would replace it.)
    typeAtEnd(b, u" Anna's fix"_s);
    b.editor()->save();
    QTRY_COMPARE(contentOf(direct, id), stored + u" Anna's fix"_s);
}

void TestPresence::takeOverWithTheKeyboardKeepsTheirDraft()
{
    const ConnectionSpec spec = migratedTestDatabase(u"takeover"_s);
    takeOver(spec, spec);
}

void TestPresence::takeOverThroughPgBouncer()
{
    const ConnectionSpec direct = migratedTestDatabase(u"pooled"_s);
    PgBouncerFixture pooler(4);
    QString error;
    QVERIFY2(pooler.start(&error), qPrintable(error));
    QVERIFY2(pooler.startLoad(direct, 8, &error), qPrintable(error));
    QTRY_VERIFY2_WITH_TIMEOUT(PgBouncerFixture::loadViews(direct) >= 100,
                              qPrintable(pooler.loadOutput()), 30'000);
    const qint64 viewsBefore = PgBouncerFixture::loadViews(direct);
    takeOver(pooler.pooled(direct), direct);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(pooler.loadRunning(), qPrintable(pooler.loadOutput()));
    QVERIFY2(PgBouncerFixture::loadViews(direct) > viewsBefore, "the bot's load did not run");
}

// Boris saves instead: Anna's text is editable again and shows what he saved.
void TestPresence::theirSaveGivesTheTextBack()
{
    const ConnectionSpec spec = migratedTestDatabase(u"theirsave"_s);
    insertDays(spec, kLast, 1);
    const int id = idOf(spec, u"libra"_s, kLast);
    const QString stored = contentOf(spec, id);
    WindowFixture a(spec);
    a.database.setPerson(u"Boris Ivanov"_s);
    WindowFixture b(spec);
    b.database.setPerson(u"Anna Petrova"_s);
    openAndWait(a, id);
    openAndWait(b, id);
    typeAtEnd(a, u" saved by Boris"_s);
    QTRY_VERIFY(b.editor()->textEdit()->isReadOnly());
    a.editor()->save();
    QTRY_COMPARE(contentOf(spec, id), stored + u" saved by Boris"_s);
    QTRY_VERIFY(!b.editor()->textEdit()->isReadOnly());
    QTRY_COMPARE(b.editor()->text(), stored + u" saved by Boris"_s);
    QVERIFY(!b.editor()->isDirty());
}

// A crashed window (its row stays, its heartbeat stops) counts until the expiry, then not.
void TestPresence::aWindowThatStopsBeatingStopsCounting()
{
    const ConnectionSpec spec = migratedTestDatabase(u"expiry"_s);
    insertDays(spec, kLast, 1);
    const int id = idOf(spec, u"leo"_s, kLast);
    WindowFixture b(spec);
    b.database.setPerson(u"Anna Petrova"_s);
    QCOMPARE(TestCluster::execute(
                 spec, u"INSERT INTO horoscope_admin_presence (session_id, zodiac_sign, "
                       "horoscope_date, person, since, heartbeat_at, has_unsaved) VALUES "
                       "('crashed', 'leo', '%1', 'Carl Crash', now() - interval '5 minutes', "
                       "now() - interval '149 seconds', true)"_s.arg(kLast.toString(Qt::ISODate))),
             QString());
    openAndWait(b, id);
    QTRY_VERIFY2(barText(b).contains(u"Carl Crash has unsaved changes"_s), qPrintable(barText(b)));
    QTRY_VERIFY(b.editor()->textEdit()->isReadOnly());
    // 151 seconds without a heartbeat: gone from the line and the list, the text editable.
    QCOMPARE(TestCluster::execute(spec, u"UPDATE horoscope_admin_presence SET heartbeat_at = "
                                        "now() - interval '151 seconds' WHERE session_id = "
                                        "'crashed'"_s),
             QString());
    QTRY_VERIFY2(!barText(b).contains(u"Carl Crash"_s), qPrintable(barText(b)));
    QTRY_VERIFY(!b.editor()->textEdit()->isReadOnly());
    QVERIFY(listMark(b, id, Qt::ToolTipRole).isEmpty());
}

// The bot takes whatever lock it wants on horoscope_cache, even the strongest one, and the
// windows' presence goes on meanwhile: it takes no lock there at all, so none the bot could
// wait on. The table has no foreign key to the bot's table (KEY SHARE locks on its rows) and
// 0009 adds no trigger to it.
void TestPresence::presenceNeverTouchesTheBotsTable()
{
    const ConnectionSpec spec = migratedTestDatabase(u"locks"_s);
    insertDays(spec, kLast, 1);
    const int id = idOf(spec, u"leo"_s, kLast);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_constraint WHERE conrelid = "
                                       "'horoscope_admin_presence'::regclass AND contype = 'f'"_s)
                 .toInt(),
             0);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON "
                                       "p.oid = t.tgfoid WHERE t.tgrelid = "
                                       "'horoscope_cache'::regclass AND p.prosrc LIKE "
                                       "'%presence%'"_s)
                 .toInt(),
             0);
    WindowFixture a(spec);
    a.database.setPerson(u"Boris Ivanov"_s);
    openAndWait(a, id);
    QTRY_COMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_admin_presence "
                                           "WHERE NOT has_unsaved"_s)
                     .toInt(),
                 1);

    QSqlDatabase bot = TestCluster::open(spec);
    QSqlQuery q(bot);
    QVERIFY_SQL(q, exec(u"SELECT pg_backend_pid()"_s));
    QVERIFY(q.next());
    const QString botPid = q.value(0).toString();
    QVERIFY_SQL(q, exec(u"BEGIN"_s));
    QVERIFY_SQL(q, exec(u"LOCK TABLE horoscope_cache IN ACCESS EXCLUSIVE MODE"_s));
    // Typing says "unsaved" to the others at once, and the heartbeats go on.
    typeAtEnd(a, u" more"_s);
    QTRY_COMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_admin_presence "
                                           "WHERE has_unsaved AND heartbeat_at > now() - "
                                           "interval '1 second'"_s)
                     .toInt(),
                 1);
    // And the app's session holds no lock on the bot's table, nor waits for one.
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_locks WHERE relation = "
                                       "'horoscope_cache'::regclass AND pid <> "_s +
                                           botPid)
                 .toInt(),
             0);
    QVERIFY_SQL(q, exec(u"ROLLBACK"_s));
    q = QSqlQuery();
    TestCluster::close(bot);
}

QTEST_MAIN(TestPresence)
#include "tst_presence.moc"
