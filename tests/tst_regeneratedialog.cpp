#include "Confirm.h"
#include "CoverageView.h"
#include "Database.h"
#include "DemoAiProvider.h"
#include "HoroscopeFixtures.h"
#include "RegenerateDialog.h"
#include "RegenerationBatch.h"

#include <QApplication>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;
using State = RegenerationBatch::State;

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

private:
    ConnectionSpec m_spec;
};

void TestRegenerateDialog::initTestCase()
{
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
    QCOMPARE(written.first().first().toInt(), 2);
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
    QCOMPARE(focused->text(), u"Accept"_s);

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

QTEST_MAIN(TestRegenerateDialog)
#include "tst_regeneratedialog.moc"
