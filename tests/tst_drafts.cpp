// Crash-safe drafts (issue 12): unsaved text is kept on disk as it is typed, offered back by
// the next editor on the same database (also after a SIGKILL of the process that typed it),
// restored exactly, and deleted once saved, reverted or discarded.
#include "ConflictDialog.h"
#include "DraftStore.h"
#include "EditorDrafts.h"
#include "HoroscopeFixtures.h"
#include "MessageBar.h"
#include "TypeText.h"
#include "WindowFixture.h"

#include <QFile>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

namespace {

using Fixture = WindowFixture;

QString draftPath(Fixture& f, int id)
{
    EditorDrafts* drafts = f.editor()->drafts();
    return drafts->store().filePath(drafts->databaseKey(), id);
}

// Types at the end of the text, as a person would.
void typeAtEnd(Fixture& f, const QString& text)
{
    QPlainTextEdit* edit = f.editor()->textEdit();
    edit->setFocus();
    edit->moveCursor(QTextCursor::End);
    typeText(edit, text);
}

QToolButton* offerButton(Fixture& f, const char* name)
{
    return f.editor()->drafts()->offerBar()->findChild<QToolButton*>(QString::fromLatin1(name));
}

// Clicks a button of the offer once it is laid out: a click on a button still of size zero
// (a loaded machine lays the bar out later) misses it.
void clickOffer(Fixture& f, const char* name)
{
    f.window->showPage(f.browser()); // as a person sees it: the editor's page in front
    QToolButton* button = nullptr;
    QTRY_VERIFY((button = offerButton(f, name)) && button->isVisible() &&
                !button->rect().isEmpty());
    QTest::mouseClick(button, Qt::LeftButton);
}

QString conninfo(const ConnectionSpec& spec)
{
    QStringList parts;
    for (const auto& [key, value] : spec.libpqParameters())
        parts << key + u"='"_s + QString(value).replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s) +
                     u'\'';
    return parts.join(u' ');
}

} // namespace

class TestDrafts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void typingKeepsADraftThatTheNextEditorOffersAndRestores();
    void savingDeletesTheDraft();
    void revertingDeletesTheDraft();
    void discardingTheOfferDeletesTheDraft();
    void aDraftOfAnotherDatabaseIsNotOffered();
    void aDraftOlderThanTheRowLeadsToTheConflictNotAnOverwrite();
    void textTypedBeforeAKillComesBack();

private:
    QTemporaryDir m_home; // XDG_DATA_HOME: the drafts of this test only
    ConnectionSpec m_spec;
};

void TestDrafts::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.path()));
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"drafts"_s);
    insertDays(m_spec, QDate::currentDate(), 3);
}

void TestDrafts::typingKeepsADraftThatTheNextEditorOffersAndRestores()
{
    const int id = idOf(m_spec, u"aries"_s, QDate::currentDate());
    const QString original = contentOf(m_spec, id);
    const QString typed = u" Черновик: «звёзды» — и ещё."_s;
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, id);
        QVERIFY(!f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
        typeAtEnd(f, typed);
        path = draftPath(f, id);
        QTRY_VERIFY(QFile::exists(path));
        QVERIFY(path.startsWith(m_home.path()));
        const std::optional<DraftStore::Draft> draft =
            f.editor()->drafts()->store().read(f.editor()->drafts()->databaseKey(), id);
        QVERIFY(draft);
        QCOMPARE(draft->text, original + typed);
        QCOMPARE(draft->baseText, original);
    } // the window goes away without saving, as in a crash

    Fixture f(m_spec);
    openAndWait(f, id);
    MessageBar* bar = f.editor()->drafts()->offerBar();
    QTRY_VERIFY(bar->isVisibleTo(f.editor()));
    QVERIFY2(bar->text().contains(u"was recovered"), qPrintable(bar->text()));
    QVERIFY(!bar->text().contains(u"changed in the database"));
    QCOMPARE(f.editor()->text(), original); // nothing replaced without asking
    f.window->showPage(f.browser());
    QToolButton* restore = offerButton(f, "restoreDraftButton");
    QVERIFY(restore);
    QVERIFY(restore->focusPolicy() & Qt::TabFocus);
    QTRY_VERIFY(restore->isVisible() && !restore->rect().isEmpty());
    restore->setFocus();
    QTest::keyClick(restore, Qt::Key_Space); // from the keyboard
    QTRY_COMPARE(f.editor()->text(), original + typed);
    QVERIFY(f.editor()->isDirty());
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Dirty);
    QVERIFY(!bar->isVisibleTo(f.editor()));
    QVERIFY(QFile::exists(path)); // still unsaved, still kept
    f.editor()->revert();
}

void TestDrafts::savingDeletesTheDraft()
{
    Fixture f(m_spec);
    const int id = idOf(m_spec, u"taurus"_s, QDate::currentDate());
    openAndWait(f, id);
    typeAtEnd(f, u" Saved addendum."_s);
    const QString path = draftPath(f, id);
    QTRY_VERIFY(QFile::exists(path));
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);
    QVERIFY(contentOf(m_spec, id).endsWith(u" Saved addendum."));
    QTRY_VERIFY(!QFile::exists(path));
}

void TestDrafts::revertingDeletesTheDraft()
{
    Fixture f(m_spec);
    const int id = idOf(m_spec, u"gemini"_s, QDate::currentDate());
    openAndWait(f, id);
    typeAtEnd(f, u" To be reverted."_s);
    const QString path = draftPath(f, id);
    QTRY_VERIFY(QFile::exists(path));
    QTest::keyClick(f.editor()->textEdit(), Qt::Key_Escape);
    QVERIFY(!f.editor()->isDirty());
    QTRY_VERIFY(!QFile::exists(path));
}

void TestDrafts::discardingTheOfferDeletesTheDraft()
{
    const int id = idOf(m_spec, u"cancer"_s, QDate::currentDate());
    const QString original = contentOf(m_spec, id);
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, id);
        typeAtEnd(f, u" Not wanted."_s);
        path = draftPath(f, id);
        QTRY_VERIFY(QFile::exists(path));
    }
    Fixture f(m_spec);
    openAndWait(f, id);
    QTRY_VERIFY(f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
    clickOffer(f, "discardDraftButton");
    QTRY_VERIFY(!QFile::exists(path));
    QVERIFY(!f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
    QCOMPARE(f.editor()->text(), original);
    QVERIFY(!f.editor()->isDirty());
}

void TestDrafts::aDraftOfAnotherDatabaseIsNotOffered()
{
    // The same rows (and ids) in a second database of the same server.
    const ConnectionSpec other = migratedTestDatabase(u"drafts_other"_s);
    insertDays(other, QDate::currentDate(), 3);
    const int id = idOf(m_spec, u"leo"_s, QDate::currentDate());
    QCOMPARE(idOf(other, u"leo"_s, QDate::currentDate()), id);
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, id);
        typeAtEnd(f, u" Only for the first database."_s);
        path = draftPath(f, id);
        QTRY_VERIFY(QFile::exists(path));
    }
    Fixture f(other);
    openAndWait(f, id);
    QVERIFY(draftPath(f, id) != path);
    // The offer would come with the record; the history loads after it, so once it is there
    // the offer had its chance.
    QTRY_VERIFY(f.editor()->historyCount() >= 0 && !f.editor()->isBusy());
    QVERIFY(!f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
    QVERIFY(!f.editor()->drafts()->isOffering());
    QVERIFY(!f.editor()->isDirty());
    QVERIFY(QFile::exists(path)); // the first database's draft is left alone
}

void TestDrafts::aDraftOlderThanTheRowLeadsToTheConflictNotAnOverwrite()
{
    const int id = idOf(m_spec, u"virgo"_s, QDate::currentDate());
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, id);
        typeAtEnd(f, u" Mine, before the crash."_s);
        path = draftPath(f, id);
        QTRY_VERIFY(QFile::exists(path));
    }
    QCOMPARE(
        TestCluster::execute(
            m_spec, u"UPDATE horoscope_cache SET content = 'bot text' WHERE id = %1"_s.arg(id)),
        QString());
    Fixture f(m_spec);
    openAndWait(f, id);
    MessageBar* bar = f.editor()->drafts()->offerBar();
    QTRY_VERIFY(bar->isVisibleTo(f.editor()));
    QVERIFY2(bar->text().contains(u"changed in the database"), qPrintable(bar->text()));
    QCOMPARE(f.editor()->text(), u"bot text"_s);
    clickOffer(f, "restoreDraftButton");
    QTRY_VERIFY(f.editor()->text().endsWith(u" Mine, before the crash."));
    ConflictDialog::setNextChoice(ConflictDialog::Choice::KeepEditing);
    f.editor()->save();
    QTRY_VERIFY(f.editor()->status().contains(u"kept"));
    QCOMPARE(contentOf(m_spec, id), u"bot text"_s); // never silently overwritten
    QVERIFY(f.editor()->isDirty());
    f.editor()->revert();
}

void TestDrafts::textTypedBeforeAKillComesBack()
{
    const int id = idOf(m_spec, u"libra"_s, QDate::currentDate());
    const QString original = contentOf(m_spec, id);
    const QString typed = u" Набрано до SIGKILL."_s;
    // Another process, the app's window and editor, types and is killed: no destructor, no
    // close event, nothing flushed on the way out.
    QProcess typist;
    typist.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    typist.start(QStringLiteral(HA_DRAFT_TYPIST), {QCoreApplication::applicationName(),
                                                   conninfo(m_spec), QString::number(id), typed});
    QVERIFY2(typist.waitForStarted(), qPrintable(typist.errorString()));
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += typist.readAllStandardOutput()).contains("DRAFT "), 60000);
    const QString path = QString::fromUtf8(out.mid(out.indexOf("DRAFT ") + 6).trimmed());
    QVERIFY(QFile::exists(path));
    typist.kill(); // SIGKILL
    QVERIFY(typist.waitForFinished());
    QCOMPARE(typist.exitStatus(), QProcess::CrashExit);

    Fixture f(m_spec);
    openAndWait(f, id);
    QCOMPARE(draftPath(f, id), path);
    QTRY_VERIFY(f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
    clickOffer(f, "restoreDraftButton");
    QTRY_COMPARE(f.editor()->text(), original + typed);
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);
    QCOMPARE(contentOf(m_spec, id), original + typed);
    QTRY_VERIFY(!QFile::exists(path));
}

QTEST_MAIN(TestDrafts)
#include "tst_drafts.moc"
