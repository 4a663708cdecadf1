// Spell checking (issue 12): Russian and English words checked with Hunspell and Debian's
// dictionaries, misspellings underlined in the editor, suggestions on its context menu; and
// the editor without dictionaries.
#include "HoroscopeFixtures.h"
#include "SpellCheck.h"
#include "SpellChecker.h"
#include "TypeText.h"
#include "WindowFixture.h"

#include <QApplication>
#include <QFile>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

using Fixture = WindowFixture;

SpellCheck* spellCheckOf(Fixture& f)
{
    return f.editor()->textEdit()->findChild<SpellCheck*>();
}

// The context menu the user gets by right-clicking the middle of the first `word`.
QMenu* rightClick(QPlainTextEdit* edit, const QString& word)
{
    QTextCursor c(edit->document());
    c.setPosition(static_cast<int>(edit->toPlainText().indexOf(word) + word.size() / 2));
    const QPoint pos = edit->cursorRect(c).center();
    QContextMenuEvent event(QContextMenuEvent::Mouse, pos, edit->viewport()->mapToGlobal(pos));
    QApplication::sendEvent(edit->viewport(), &event);
    return qobject_cast<QMenu*>(QApplication::activePopupWidget());
}

QAction* actionNamed(QMenu* menu, const QString& text)
{
    for (QAction* a : menu->actions())
        if (a->text() == text)
            return a;
    return nullptr;
}

QStringList texts(QMenu* menu)
{
    QStringList out;
    for (QAction* a : menu->actions())
        out << a->text();
    return out;
}

// A KOI8-R dictionary, as older Russian dictionaries were: "привет" and "мир".
void writeKoi8Dictionary(const QString& dir)
{
    QFile aff(dir + u"/ru_RU.aff"_s);
    QVERIFY(aff.open(QIODevice::WriteOnly));
    aff.write("SET KOI8-R\nTRY \xcf\xc5\xc1\xc9\xce\xd4\xd3\xd2\xd7\xcc\xcb\xcd\xc4\xd0\xd5\n");
    QFile dic(dir + u"/ru_RU.dic"_s);
    QVERIFY(dic.open(QIODevice::WriteOnly));
    dic.write("2\n\xd0\xd2\xc9\xd7\xc5\xd4\n\xcd\xc9\xd2\n");
}

} // namespace

class TestSpellCheck : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void wordsAreSplitAndRoutedByScript();
    void aKoi8Dictionary();
    void thePersonalWordListIsKept();
    void misspeltRussianAndEnglishWordsAreUnderlined();
    void theDictionariesLoadWhenTheEditorFirstHoldsText();
    void aSuggestionReplacesTheWordAsAnUndoableEdit();
    void withoutDictionariesTheEditorStillWorks();

private:
    QTemporaryDir m_home; // XDG_DATA_HOME: the personal word list of this test only
    ConnectionSpec m_spec;
};

void TestSpellCheck::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.path()));
    qunsetenv("DICPATH");
    for (const char* name : {"ru_RU", "en_US"})
        if (!QFile::exists(QStringLiteral(HA_TEST_DICTIONARIES "/%1.dic").arg(QLatin1String(name))))
            QFAIL("Debian's dictionaries are missing: apt-get install hunspell-ru hunspell-en-us");
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"spelling"_s);
    insertDays(m_spec, QDate::currentDate(), 2);
}

void TestSpellCheck::cleanup()
{
    qunsetenv("DICPATH");
    if (QWidget* popup = QApplication::activePopupWidget())
        popup->close();
}

void TestSpellCheck::wordsAreSplitAndRoutedByScript()
{
    const QString text = u"Кто-то в 5-м доме; don't — Луна’s x2 и Венера."_s;
    QStringList words;
    for (const SpellChecker::Word& w : SpellChecker::words(text))
        words << text.mid(w.start, w.length);
    QCOMPARE(words, (QStringList{u"Кто-то"_s, u"доме"_s, u"don't"_s, u"Луна’s"_s, u"Венера"_s}));
    QCOMPARE(SpellChecker::languageOf(u"звёзды"), SpellChecker::Language::Russian);
    QCOMPARE(SpellChecker::languageOf(u"stars"), SpellChecker::Language::English);
    // A Latin "o" typed into a Russian word is Russian, and wrong.
    QCOMPARE(SpellChecker::languageOf(u"гopоскоп"), SpellChecker::Language::Russian);
    SpellChecker checker({QStringLiteral(HA_TEST_DICTIONARIES)}, {});
    QVERIFY(checker.hasDictionary(SpellChecker::Language::Russian));
    QVERIFY(checker.hasDictionary(SpellChecker::Language::English));
    QVERIFY(checker.isCorrect(u"гороскоп"_s));
    QVERIFY(!checker.isCorrect(u"гopоскоп"_s));
    QVERIFY(checker.isCorrect(u"horoscope"_s));
    QVERIFY(!checker.isCorrect(u"horoskope"_s));
    QVERIFY(checker.isCorrect(u"Звёзды"_s));
    QVERIFY(checker.isCorrect(u"Овен"_s));
    QVERIFY(checker.suggestions(u"гороскор"_s).contains(u"гороскоп"_s));
    QVERIFY(checker.suggestions(u"recieve"_s).contains(u"receive"_s));
}

void TestSpellCheck::aKoi8Dictionary()
{
    QTemporaryDir dir;
    writeKoi8Dictionary(dir.path());
    SpellChecker checker({dir.path()}, {});
    QVERIFY(checker.hasDictionary(SpellChecker::Language::Russian));
    QVERIFY(!checker.hasDictionary(SpellChecker::Language::English));
    QVERIFY(checker.isCorrect(u"привет"_s));
    QVERIFY(checker.isCorrect(u"мир"_s));
    QVERIFY(!checker.isCorrect(u"превет"_s));
    QVERIFY(checker.isCorrect(u"anything"_s)); // no English dictionary: not judged
    QVERIFY2(checker.suggestions(u"превет"_s).contains(u"привет"_s),
             qPrintable(checker.suggestions(u"превет"_s).join(u',')));
}

void TestSpellCheck::thePersonalWordListIsKept()
{
    QTemporaryDir dir;
    const QString personal = dir.filePath(u"spelling/personal.dic"_s);
    {
        SpellChecker checker({QStringLiteral(HA_TEST_DICTIONARIES)}, personal);
        QVERIFY(!checker.isCorrect(u"Зодиакус"_s));
        QVERIFY(checker.addToPersonal(u"Зодиакус"_s));
        QVERIFY(checker.isCorrect(u"Зодиакус"_s));
    }
    SpellChecker again({QStringLiteral(HA_TEST_DICTIONARIES)}, personal);
    QVERIFY(again.isCorrect(u"Зодиакус"_s));
}

void TestSpellCheck::misspeltRussianAndEnglishWordsAreUnderlined()
{
    const int id = idOf(m_spec, u"aries"_s, QDate::currentDate());
    QCOMPARE(TestCluster::execute(m_spec, u"UPDATE horoscope_cache SET content = 'Сегодня звзёды "
                                          "благоприятны для новых начинаний.\nRead the horoskope "
                                          "carefully, Овен.' WHERE id = %1"_s.arg(id)),
             QString());
    Fixture f(m_spec);
    openAndWait(f, id);
    f.editor()->setHighlight(u"для"_s); // the search-term marks stay as they are
    SpellCheck* spell = spellCheckOf(f);
    QVERIFY(spell);
    QTRY_VERIFY(spell->isReady());
    QTRY_COMPARE(spell->underlinedWords(), (QStringList{u"звзёды"_s, u"horoskope"_s}));
    QCOMPARE(f.editor()->highlightCount(), 1);
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Clean); // underlining changes nothing
    // Typing a new misspelling underlines it; correcting it removes the line.
    QPlainTextEdit* edit = f.editor()->textEdit();
    edit->setFocus();
    edit->moveCursor(QTextCursor::End);
    typeText(edit, u" Удачиии!"_s);
    QTRY_COMPARE(spell->underlinedWords(),
                 (QStringList{u"звзёды"_s, u"horoskope"_s, u"Удачиии"_s}));
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClick(edit, Qt::Key_Backspace);
    typeText(edit, u"!"_s);
    QTRY_COMPARE(spell->underlinedWords(), (QStringList{u"звзёды"_s, u"horoskope"_s}));
    f.editor()->revert();
}

// Issue 22: the dictionaries (about 20 MB) load when the editor first holds a text, not with
// the window; the misspellings are underlined as soon as they are in.
void TestSpellCheck::theDictionariesLoadWhenTheEditorFirstHoldsText()
{
    const int id = idOf(m_spec, u"cancer"_s, QDate::currentDate());
    QCOMPARE(TestCluster::execute(m_spec, u"UPDATE horoscope_cache SET content = 'Сегодня "
                                          "звзёды благоприятны.' WHERE id = %1"_s.arg(id)),
             QString());
    Fixture f(m_spec);
    SpellCheck* spell = spellCheckOf(f);
    QVERIFY(spell);
    // Even with the process's dictionaries already in (another editor loaded them), an editor
    // that has shown no text has not asked for them.
    SpellChecker::loadShared(SpellCheck::defaultDirectories(), SpellCheck::defaultPersonalFile())
        .waitForFinished();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QVERIFY(!spell->isReady());
    QVERIFY(f.editor()->textEdit()->document()->isEmpty());

    openAndWait(f, id);
    QTRY_VERIFY(spell->isReady());
    QTRY_COMPARE(spell->underlinedWords(), QStringList{u"звзёды"_s});
}

void TestSpellCheck::aSuggestionReplacesTheWordAsAnUndoableEdit()
{
    const int id = idOf(m_spec, u"taurus"_s, QDate::currentDate());
    const QString original = u"Ваш гороскор на сегодня: recieve good news."_s;
    QCOMPARE(
        TestCluster::execute(
            m_spec,
            u"UPDATE horoscope_cache SET content = '%1' WHERE id = %2"_s.arg(original).arg(id)),
        QString());
    Fixture f(m_spec);
    openAndWait(f, id);
    SpellCheck* spell = spellCheckOf(f);
    QVERIFY(spell);
    QTRY_VERIFY(spell->isReady());
    QTRY_COMPARE(spell->underlinedWords(), (QStringList{u"гороскор"_s, u"recieve"_s}));
    QPlainTextEdit* edit = f.editor()->textEdit();

    QMenu* menu = rightClick(edit, u"гороскор"_s);
    QVERIFY(menu);
    QAction* suggestion = actionNamed(menu, u"гороскоп"_s);
    QVERIFY2(suggestion, qPrintable(texts(menu).join(u" | ")));
    QVERIFY(suggestion->isEnabled());
    QVERIFY(actionNamed(menu, u"Add “гороскор” to the dictionary"_s));
    QVERIFY(actionNamed(menu, u"Ignore “гороскор”"_s));
    QVERIFY(!texts(menu).filter(u"Copy"_s).isEmpty()); // the usual edit actions stay
    suggestion->trigger();
    menu->close();
    QCOMPARE(f.editor()->text(), u"Ваш гороскоп на сегодня: recieve good news."_s);
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Dirty);
    QTRY_COMPARE(spell->underlinedWords(), QStringList{u"recieve"_s});

    menu = rightClick(edit, u"recieve"_s);
    QVERIFY(menu);
    QAction* english = actionNamed(menu, u"receive"_s);
    QVERIFY2(english, qPrintable(texts(menu).join(u" | ")));
    english->trigger();
    menu->close();
    QCOMPARE(f.editor()->text(), u"Ваш гороскоп на сегодня: receive good news."_s);
    QTRY_COMPARE(spell->underlinedWords(), QStringList());

    // Each replacement is one step of Ctrl+Z.
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(f.editor()->text(), u"Ваш гороскоп на сегодня: recieve good news."_s);
    QTest::keyClick(edit, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(f.editor()->text(), original);
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Clean);

    // Ignore: no longer underlined, the text unchanged.
    menu = rightClick(edit, u"гороскор"_s);
    QVERIFY(menu);
    QAction* ignore = actionNamed(menu, u"Ignore “гороскор”"_s);
    QVERIFY(ignore);
    ignore->trigger();
    menu->close();
    QTRY_COMPARE(spell->underlinedWords(), QStringList{u"recieve"_s});
    QCOMPARE(f.editor()->text(), original);
}

void TestSpellCheck::withoutDictionariesTheEditorStillWorks()
{
    QTemporaryDir empty;
    qputenv("DICPATH", QFile::encodeName(empty.path()));
    const int id = idOf(m_spec, u"gemini"_s, QDate::currentDate());
    QCOMPARE(TestCluster::execute(
                 m_spec, u"UPDATE horoscope_cache SET content = 'Сегодня звзёды horoskope.' "
                         "WHERE id = %1"_s.arg(id)),
             QString());
    Fixture f(m_spec);
    openAndWait(f, id);
    SpellCheck* spell = spellCheckOf(f);
    QVERIFY(spell);
    QTRY_VERIFY(spell->isReady());
    QVERIFY(!spell->checker()->isAvailable());
    QCOMPARE(spell->underlinedWords(), QStringList());
    QPlainTextEdit* edit = f.editor()->textEdit();
    QMenu* menu = rightClick(edit, u"звзёды"_s);
    QVERIFY(menu);
    const QStringList items = texts(menu);
    QVERIFY2(!items.filter(u"Spell checking is unavailable (install hunspell-ru"_s).isEmpty(),
             qPrintable(items.join(u" | ")));
    menu->close();
    edit->setFocus();
    edit->moveCursor(QTextCursor::End);
    typeText(edit, u" Всё хорошо."_s);
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Dirty);
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);
    QCOMPARE(
        TestCluster::scalar(m_spec, u"SELECT content FROM horoscope_cache WHERE id = %1"_s.arg(id))
            .toString(),
        u"Сегодня звзёды horoskope. Всё хорошо."_s);
    QCOMPARE(spell->underlinedWords(), QStringList());
}

QTEST_MAIN(TestSpellCheck)
#include "tst_spellcheck.moc"
