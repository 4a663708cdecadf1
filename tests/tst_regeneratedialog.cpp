#include "Confirm.h"
#include "CoverageView.h"
#include "Database.h"
#include "DemoAiProvider.h"
#include "HoroscopeFixtures.h"
#include "RegenerateDialog.h"
#include "RegenerationBatch.h"
#include "SpellCheck.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using State = RegenerationBatch::State;

namespace {

// The line that counts a text's characters, as a person finds it: by what it says.
QLabel* countLine(QWidget* in)
{
    for (auto* label : in->findChildren<QLabel*>()) {
        if (label->text().contains(u" character"_s))
            return label;
    }
    return nullptr;
}

} // namespace

class TestRegenerateDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void reviewWarnsAboutHandEditsThenWrites();
    void coverageOffersTheMissingDays();
    void closingKeepsAcceptedWorkUntilTold();
    void aTextCanBeReworded();
    void oneItemCanBeTriedAgain();
    void newTextIsCountedAndSpellChecked();

private:
    QTemporaryDir m_home; // XDG_DATA_HOME: the personal word list of this test only
    ConnectionSpec m_spec;
};

void TestRegenerateDialog::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.path()));
    qunsetenv("DICPATH");
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"regen_gui"_s);
    insertDays(m_spec, QDate(2026, 7, 2), 2);
    QCOMPARE(TestCluster::execute(m_spec,
                                  u"UPDATE horoscope_cache SET content = 'an editor fixed this' "
                                  "WHERE zodiac_sign = 'leo' AND horoscope_date = '2026-07-02'"_s),
             QString());
}

void TestRegenerateDialog::reviewWarnsAboutHandEditsThenWrites()
{
    Database database(m_spec);
    database.start();
    DemoAiProvider provider(10);
    RegenerateDialog dialog(&database, &provider, AiProvider::defaultPromptTemplate());
    dialog.show();
    QSignalSpy finished(dialog.batch(), &RegenerationBatch::generationFinished);
    dialog.start({{u"leo"_s, QDate(2026, 7, 2)},
                  {u"virgo"_s, QDate(2026, 7, 2)},
                  {u"libra"_s, QDate(2026, 7, 3)}}); // the last one is missing
    QVERIFY(finished.wait(10'000));
    QCOMPARE(dialog.list()->count(), 3);
    QCOMPARE(dialog.batch()->count(State::Ready), 3);
    QVERIFY(dialog.list()->item(0)->text().contains(u"✎")); // flagged as corrected
    QVERIFY(!dialog.batch()->items().at(2).existed);

    Confirm::setNextAnswer(false); // keep the editor's correction: nothing is accepted
    dialog.acceptAll();
    QCOMPARE(dialog.batch()->count(State::Accepted), 0);

    dialog.list()->setCurrentRow(1);
    dialog.acceptCurrent(); // virgo was not corrected: no question asked
    QCOMPARE(dialog.batch()->items().at(1).state, State::Accepted);
    dialog.list()->setCurrentRow(2);
    dialog.acceptCurrent();
    QSignalSpy written(&dialog, &RegenerateDialog::written);
    dialog.write();
    QVERIFY(written.wait(10'000));
    const auto ids = written.first().first().value<QList<int>>();
    QCOMPARE(ids.size(), 2); // the rows stored, by id: the window reads just these again
    QCOMPARE(ids.last(), TestCluster::scalar(m_spec, u"SELECT id FROM horoscope_cache WHERE "
                                                     "zodiac_sign = 'libra' AND horoscope_date = "
                                                     "'2026-07-03'"_s)
                             .toInt());
    QCOMPARE(TestCluster::scalar(m_spec,
                                 u"SELECT content FROM horoscope_cache WHERE zodiac_sign = 'leo' "
                                 "AND horoscope_date = '2026-07-02'"_s)
                 .toString(),
             u"an editor fixed this"_s);
    QCOMPARE(TestCluster::scalar(m_spec,
                                 u"SELECT content FROM horoscope_cache WHERE zodiac_sign = 'virgo' "
                                 "AND horoscope_date = '2026-07-02'"_s)
                 .toString(),
             dialog.batch()->items().at(1).newText);
    QCOMPARE(TestCluster::scalar(
                 m_spec, u"SELECT count(*) FROM horoscope_cache WHERE zodiac_sign = 'libra' "
                         "AND horoscope_date = '2026-07-03'"_s)
                 .toInt(),
             1);
}

void TestRegenerateDialog::coverageOffersTheMissingDays()
{
    Database database(m_spec);
    database.start();
    CoverageView view(&database);
    view.setRange(QDate(2026, 7, 1), QDate(2026, 7, 4));
    QTRY_COMPARE(view.grid()->columnCount(), 4);
    QTRY_VERIFY(view.missingCount() > 0);
    const RegenerationBatch::Targets missing = view.missingTargets();
    QCOMPARE(missing.size(), view.missingCount());
    // 1 and 2 July exist for every sign; 3 July only for libra (written above); 4 July for none.
    QCOMPARE(missing.size(), 11 + 12);
    QVERIFY(!missing.contains(std::pair{u"libra"_s, QDate(2026, 7, 3)}));
    QVERIFY(missing.contains(std::pair{u"aries"_s, QDate(2026, 7, 4)}));
    QSignalSpy requested(&view, &CoverageView::regenerateRequested);
    Confirm::setNextAnswer(true); // "Generate 23 missing horoscopes…?"
    const auto buttons = view.findChildren<QToolButton*>();
    for (QToolButton* b : buttons) {
        if (b->text().startsWith(u"Generate"))
            b->click();
    }
    QCOMPARE(requested.size(), 1);
}

void TestRegenerateDialog::closingKeepsAcceptedWorkUntilTold()
{
    Database database(m_spec);
    database.start();
    DemoAiProvider provider(10);
    RegenerateDialog dialog(&database, &provider, AiProvider::defaultPromptTemplate());
    dialog.show();
    QSignalSpy finished(dialog.batch(), &RegenerationBatch::generationFinished);
    const QDate day(2026, 7, 5);
    dialog.start({{u"aries"_s, day}, {u"taurus"_s, day}});
    QVERIFY(finished.wait(10'000));
    dialog.activateWindow();
    QTRY_VERIFY(dialog.isActiveWindow());
    dialog.list()->setCurrentRow(0);
    dialog.acceptCurrent();
    auto* write = dialog.findChild<QPushButton*>();
    for (QPushButton* b : dialog.findChildren<QPushButton*>()) {
        if (b->text().contains(u"Write"))
            write = b;
    }
    QCOMPARE(write->text(), u"&Write 1 accepted"_s); // Accept alone writes nothing: it says so
    // On to the next text to review, the focus on Accept (it used to fall on Discard).
    QCOMPARE(dialog.list()->currentRow(), 1);
    auto* focused = qobject_cast<QPushButton*>(QApplication::focusWidget());
    QVERIFY(focused);
    QCOMPARE(focused->text(), u"&Accept"_s);

    Confirm::setNextUnsaved(Confirm::Unsaved::Cancel); // Esc or Close, then "Cancel"
    dialog.reject();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.batch()->count(State::Accepted), 1);

    Confirm::setNextUnsaved(Confirm::Unsaved::Save); // "Save": write, then close
    dialog.reject();
    QTRY_VERIFY(!dialog.isVisible());
    const QString stored =
        u"SELECT content FROM horoscope_cache WHERE zodiac_sign = '%1' AND horoscope_date = "
        "'2026-07-05'"_s;
    QCOMPARE(TestCluster::scalar(m_spec, stored.arg(u"aries"_s)).toString(),
             dialog.batch()->items().at(0).newText);
    QVERIFY(TestCluster::scalar(m_spec, stored.arg(u"taurus"_s)).isNull()); // not reviewed
}

void TestRegenerateDialog::aTextCanBeReworded()
{
    Database database(m_spec);
    database.start();
    DemoAiProvider provider(10);
    RegenerateDialog dialog(&database, &provider, AiProvider::defaultPromptTemplate());
    QSignalSpy finished(dialog.batch(), &RegenerationBatch::generationFinished);
    const QDate day(2026, 7, 6);
    dialog.start({{u"gemini"_s, day}});
    QVERIFY(finished.wait(10'000));
    dialog.batch()->setNewText(0, u"Gemini: my own words for this day."_s);
    dialog.list()->setCurrentRow(0);
    dialog.acceptCurrent();
    QSignalSpy written(&dialog, &RegenerateDialog::written);
    dialog.write();
    QVERIFY(written.wait(10'000));
    QCOMPARE(TestCluster::scalar(m_spec, u"SELECT content FROM horoscope_cache WHERE zodiac_sign "
                                         "= 'gemini' AND horoscope_date = '2026-07-06'"_s)
                 .toString(),
             u"Gemini: my own words for this day."_s);
}

void TestRegenerateDialog::oneItemCanBeTriedAgain()
{
    Database database(m_spec);
    database.start();
    DemoAiProvider provider(10);
    RegenerateDialog dialog(&database, &provider, AiProvider::defaultPromptTemplate());
    QSignalSpy finished(dialog.batch(), &RegenerationBatch::generationFinished);
    const QDate day(2026, 7, 7);
    dialog.start({{u"cancer"_s, day}, {u"leo"_s, day}});
    QVERIFY(finished.wait(10'000));
    dialog.list()->setCurrentRow(1);
    dialog.discardCurrent(); // not liked
    QCOMPARE(dialog.batch()->items().at(1).state, State::Discarded);
    QSignalSpy changed(dialog.batch(), &RegenerationBatch::itemChanged);
    dialog.retryCurrent();
    QCOMPARE(dialog.batch()->items().at(1).state, State::Generating);
    QVERIFY(finished.wait(10'000));
    QCOMPARE(dialog.batch()->items().at(1).state, State::Ready);
    QCOMPARE(dialog.batch()->items().at(0).state, State::Ready); // the other one untouched
    for (const QList<QVariant>& args : std::as_const(changed))
        QCOMPARE(args.at(0).toInt(), 1);
}

// The review counts the new text like the main editor (Telegram's limit included), and its
// editor spell checks and counts as typed: the same SpellCheck and CharacterCount.
void TestRegenerateDialog::newTextIsCountedAndSpellChecked()
{
    Database database(m_spec);
    database.start();
    DemoAiProvider provider(10);
    RegenerateDialog dialog(&database, &provider, AiProvider::defaultPromptTemplate());
    dialog.show();
    QSignalSpy finished(dialog.batch(), &RegenerationBatch::generationFinished);
    dialog.start({{u"pisces"_s, QDate(2026, 7, 8)}});
    QVERIFY(finished.wait(10'000));
    dialog.list()->setCurrentRow(0);
    QLabel* count = countLine(&dialog);
    QVERIFY2(count, "the review shows no character count");
    QVERIFY(count->isVisible());
    const QString generated = dialog.batch()->items().at(0).newText;
    QCOMPARE(count->text(), u"New text: %1 character(s)"_s.arg(generated.size()));
    dialog.batch()->setNewText(0, QString(4100, u'ж'));
    QCOMPARE(count->text(), u"New text: 4100 character(s)  ·  4 over Telegram's limit of 4,096"_s);
    QVERIFY(count->toolTip().contains(u"Shorten the text by 4 character(s)"_s));
    dialog.batch()->setNewText(0, generated);

    bool checked = false;
    QTimer::singleShot(0, &dialog, [&] {
        auto* edit = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        QVERIFY(edit);
        const auto close = qScopeGuard([edit] { edit->reject(); });
        auto* text = edit->findChild<QPlainTextEdit*>();
        QVERIFY(text);
        auto* spell = text->findChild<SpellCheck*>();
        QVERIFY2(spell, "the review's editor has no spell checking");
        QLabel* typed = countLine(edit);
        QVERIFY2(typed, "the review's editor has no character count");
        QVERIFY(typed->isVisible());
        QCOMPARE(typed->text(), u"%1 character(s)"_s.arg(generated.size()));
        QTRY_VERIFY(spell->isReady());
        text->selectAll();
        QTest::keyClicks(text, u"Pisces: the stars recieve you."_s);
        QCOMPARE(typed->text(), u"30 character(s)"_s);
        QTRY_COMPARE(spell->underlinedWords(), QStringList{u"recieve"_s});
        checked = true;
    });
    dialog.editCurrent();
    QVERIFY(checked);
    QCOMPARE(dialog.batch()->items().at(0).newText, generated); // cancelled: nothing changed
}

QTEST_MAIN(TestRegenerateDialog)
#include "tst_regeneratedialog.moc"
