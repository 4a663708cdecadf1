#include "Confirm.h"
#include "CoverageView.h"
#include "Database.h"
#include "HoroscopeEditor.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeTableModel.h"
#include "MessageBar.h"
#include "MigrationsView.h"
#include "OverviewPage.h"
#include "TableTools.h"
#include "WindowFixture.h"
#include "ZodiacSign.h"

#include <QApplication>
#include <QDateEdit>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>

using namespace Qt::Literals::StringLiterals;

// The everyday walk of an editor and an admin (issue 12): coverage, the keyboard.
class TestWorkflow : public QObject
{
    Q_OBJECT
private slots:
    void coverageCountsOnlyDaysThatAreDue();
    void coverageRangeNeverRunsBackwards();
    void generateMissingAsksWithTheCount();
    void nextGapWalksTheGaps();
    void tabLeavesTheListsAndTheGrid();
    void pagesListAndTextFromTheKeyboard();
    void editorFollowsAChangeMadeElsewhere();
    void openingFromCoverageHighlightsThatRow();
    void coverageFollowsASave();
    void coverageGridIsInStepWhenFirstShown();
    void exportNamesItsRangeAndCanCarryABom();
    void searchHitsAreMarkedInTheEditor();
    void searchHitsShowInTheList();
    void listColumnsAdjustCopyAndAreRemembered();
    void theWindowFitsASmallScreen_data();
    void theWindowFitsASmallScreen();
    void aMessageNeverMovesThePage();
    void overviewColumnsKeepTheirWidthOnAWideScreen();
    void invalidateNamesWhatItDeletes();
    void deleteInTheListAsksToInvalidate();

private:
    static QDateEdit* dateEdit(CoverageView& view, int index);
};

QDateEdit* TestWorkflow::dateEdit(CoverageView& view, int index)
{
    return view.findChildren<QDateEdit*>().value(index);
}

void TestWorkflow::coverageCountsOnlyDaysThatAreDue()
{
    const ConnectionSpec spec = migratedTestDatabase(u"due"_s);
    const QDate today = QDate::currentDate();
    insertDays(spec, today, 3); // every sign up to today, none later
    Database database(spec);
    database.start();
    CoverageView view(&database);
    view.setRange(today.addDays(-2), today.addDays(3));
    QTRY_COMPARE(view.grid()->columnCount(), 6);
    QTRY_VERIFY2(view.summary().startsWith(u"No horoscope is missing"), qPrintable(view.summary()));
    QCOMPARE(view.missingCount(), 0);
    QVERIFY(view.missingTargets().isEmpty());
    QCOMPARE(view.grid()->item(0, 5)->text(), u"·"_s); // not due yet, not missing
    QVERIFY(!view.findChild<QToolButton*>(u"generateMissingButton"_s)->isEnabled());
}

void TestWorkflow::coverageRangeNeverRunsBackwards()
{
    const ConnectionSpec spec = migratedTestDatabase(u"range"_s);
    Database database(spec);
    database.start();
    CoverageView view(&database);
    const QDate from(2026, 3, 10);
    view.setRange(from, from.addDays(4));
    QTRY_COMPARE(view.grid()->columnCount(), 5);
    // To before From: From follows, and the grid shows exactly what the two fields say.
    dateEdit(view, 1)->setDate(from.addDays(-3));
    QCOMPARE(dateEdit(view, 0)->date(), from.addDays(-3));
    QTRY_COMPARE(view.grid()->columnCount(), 1);
    // From after To: To follows.
    dateEdit(view, 0)->setDate(from.addDays(2));
    QCOMPARE(dateEdit(view, 1)->date(), from.addDays(2));
    QTRY_COMPARE(view.grid()->horizontalHeaderItem(0)->toolTip(),
                 QLocale().toString(from.addDays(2), QLocale::LongFormat));
}

void TestWorkflow::generateMissingAsksWithTheCount()
{
    const ConnectionSpec spec = migratedTestDatabase(u"gen"_s);
    insertDays(spec, QDate(2026, 4, 1), 1);
    Database database(spec);
    database.start();
    CoverageView view(&database);
    view.setRange(QDate(2026, 4, 1), QDate(2026, 4, 2)); // 2 April: 12 missing
    QTRY_COMPARE(view.missingCount(), 12);
    QSignalSpy requested(&view, &CoverageView::regenerateRequested);
    auto* generate = view.findChild<QToolButton*>(u"generateMissingButton"_s);
    QVERIFY(generate->isEnabled());
    Confirm::setNextAnswer(false); // the admin thinks again: nothing is generated
    generate->click();
    QVERIFY(!Confirm::hasQueuedAnswers()); // it asked
    QCOMPARE(requested.size(), 0);
    Confirm::setNextAnswer(true);
    generate->click();
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.at(0).at(0).value<RegenerationBatch::Targets>().size(), 12);
}

void TestWorkflow::nextGapWalksTheGaps()
{
    const ConnectionSpec spec = migratedTestDatabase(u"gaps"_s);
    insertDays(spec, QDate(2026, 4, 3), 3);
    QCOMPARE(TestCluster::execute(spec, u"DELETE FROM horoscope_cache WHERE (zodiac_sign, "
                                        "horoscope_date) IN (('leo', '2026-04-02'), "
                                        "('aries', '2026-04-03'))"_s),
             QString());
    Database database(spec);
    database.start();
    CoverageView view(&database);
    view.show();
    view.setRange(QDate(2026, 4, 1), QDate(2026, 4, 3));
    QTRY_COMPARE(view.missingCount(), 2);
    QVERIFY2(view.summary().contains(u"2 Apr"_s) || view.summary().contains(u"2 апр"_s),
             qPrintable(view.summary()));
    const int leo = static_cast<int>(ZodiacSign::keys().indexOf(u"leo"_s));
    view.grid()->setFocus();
    QTest::keyClick(view.grid(), Qt::Key_F8);
    QCOMPARE(view.grid()->currentRow(), leo);
    QCOMPARE(view.grid()->currentColumn(), 1);
    QTest::keyClick(view.grid(), Qt::Key_F8);
    QCOMPARE(view.grid()->currentRow(), 0); // aries, 3 April
    QCOMPARE(view.grid()->currentColumn(), 2);
    QTest::keyClick(view.grid(), Qt::Key_F8); // and round again
    QCOMPARE(view.grid()->currentRow(), leo);
}

void TestWorkflow::tabLeavesTheListsAndTheGrid()
{
    const ConnectionSpec spec = migratedTestDatabase(u"tab"_s);
    insertDays(spec, QDate::currentDate(), 2);
    WindowFixture f(spec);
    f.window->activateWindow();
    QTRY_VERIFY(f.model()->rowCount() > 0);
    const QList<QWidget*> tables{f.browser()->table(), f.window->coverage()->grid(),
                                 f.window->migrationsView()->table()};
    for (QWidget* table : tables) {
        f.window->showPage(table->parentWidget());
        table->setFocus(Qt::TabFocusReason);
        QTRY_VERIFY(table->hasFocus());
        QTest::keyClick(table, Qt::Key_Tab);
        QVERIFY2(!table->hasFocus(), qPrintable(table->objectName()));
    }
}

void TestWorkflow::pagesListAndTextFromTheKeyboard()
{
    const ConnectionSpec spec = migratedTestDatabase(u"keys"_s);
    insertDays(spec, QDate::currentDate(), 2);
    WindowFixture f(spec);
    f.window->activateWindow();
    QTRY_VERIFY(QApplication::activeWindow() == f.window.get());
    auto* tabs = f.window->findChild<QTabWidget*>();
    QTest::keyClick(f.window.get(), Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(tabs->currentWidget(), f.window->coverage());
    QVERIFY(f.window->coverage()->isAncestorOf(QApplication::focusWidget()));
    QTest::keyClick(f.window.get(), Qt::Key_F6);
    QCOMPARE(tabs->currentWidget(), f.browser());
    QVERIFY(f.browser()->table()->hasFocus());
    QTest::keyClick(f.window.get(), Qt::Key_F6, Qt::ShiftModifier);
    QVERIFY(f.editor()->textEdit()->hasFocus());
}

namespace {

void openRow(WindowFixture& f, int row)
{
    QTRY_VERIFY(f.model()->rowCount() > row);
    f.browser()->table()->selectRow(row);
    QTRY_COMPARE(f.editor()->currentId(), f.model()->rowAt(row)->id);
    QTRY_COMPARE(f.editor()->state(), HoroscopeEditor::State::Clean);
}

} // namespace

void TestWorkflow::editorFollowsAChangeMadeElsewhere()
{
    const ConnectionSpec spec = migratedTestDatabase(u"elsewhere"_s);
    insertDays(spec, QDate::currentDate(), 2);
    WindowFixture f(spec);
    openRow(f, 0);
    const int id = f.editor()->currentId();
    const QString update = u"UPDATE horoscope_cache SET content = '%1' WHERE id = %2"_s;
    QCOMPARE(TestCluster::execute(spec, update.arg(u"regenerated elsewhere"_s).arg(id)), QString());
    f.browser()->reload(); // as after a regeneration
    QTRY_COMPARE(f.editor()->text(), u"regenerated elsewhere"_s);
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Clean);

    // Unsaved text is never replaced: the editor says what happened instead.
    f.editor()->setText(u"my unsaved words"_s);
    QCOMPARE(TestCluster::execute(spec, update.arg(u"and again"_s).arg(id)), QString());
    f.browser()->reload();
    QTRY_VERIFY2(f.editor()->status().contains(u"changed"), qPrintable(f.editor()->status()));
    QCOMPARE(f.editor()->text(), u"my unsaved words"_s);
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Dirty);
}

void TestWorkflow::openingFromCoverageHighlightsThatRow()
{
    const ConnectionSpec spec = migratedTestDatabase(u"far"_s);
    const QDate today = QDate::currentDate();
    insertDays(spec, today, 30); // 360 rows: 25 days ago is far below the first page
    WindowFixture f(spec);
    openRow(f, 0);
    const int far = idOf(spec, u"leo"_s, today.addDays(-25));
    QVERIFY(far > 0);
    f.browser()->openHoroscope(far);
    QTRY_COMPARE(f.editor()->currentId(), far);
    QTRY_VERIFY(f.model()->rowAt(f.browser()->table()->currentIndex().row()) &&
                f.model()->rowAt(f.browser()->table()->currentIndex().row())->id == far);
}

void TestWorkflow::coverageFollowsASave()
{
    const ConnectionSpec spec = migratedTestDatabase(u"covsave"_s);
    const QDate today = QDate::currentDate();
    insertDays(spec, today, 2);
    WindowFixture f(spec);
    CoverageView* coverage = f.window->coverage();
    QTRY_COMPARE(coverage->grid()->columnCount() > 0, true);
    openRow(f, 0);
    const HoroscopeRecord record = f.editor()->record();
    const int row = static_cast<int>(ZodiacSign::keys().indexOf(record.sign));
    const int column = static_cast<int>(today.addDays(-27).daysTo(record.date));
    QTRY_COMPARE(coverage->grid()->item(row, column)->text(), u"✓"_s);
    f.editor()->setText(u"fixed a typo"_s);
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);
    QTRY_COMPARE(coverage->grid()->item(row, column)->text(), u"✎"_s); // without Refresh
}

// Issue 21: the grid was loaded (and scrolled to today) while its page was hidden; on first
// display the header was scrolled to today, the scroll bar was not, and most cells stayed blank.
void TestWorkflow::coverageGridIsInStepWhenFirstShown()
{
    const ConnectionSpec spec = migratedTestDatabase(u"covshown"_s);
    const QDate today = QDate::currentDate();
    insertDays(spec, today, 28);
    WindowFixture f(spec);
    f.window->resize(1200, 760);
    CoverageView* coverage = f.window->coverage();
    QTableWidget* grid = coverage->grid();
    QTRY_COMPARE(grid->columnCount(), 29); // loaded while another page is shown
    QTRY_VERIFY(!coverage->summary().isEmpty());
    QCoreApplication::processEvents(); // and whatever it queued
    QVERIFY(!coverage->isVisible());
    f.window->findChild<QTabWidget*>()->setCurrentWidget(coverage);
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QTRY_VERIFY(grid->viewport()->isVisible());
    QScrollBar* bar = grid->horizontalScrollBar();
    const QRect viewport = grid->viewport()->rect();
    const int todayColumn = 27; // in view: the recent days are the ones that matter
    QTRY_VERIFY(viewport.intersects(grid->visualItemRect(grid->item(0, todayColumn))));
    // Cells from the left edge to the right edge of the grid (the 29 days are wider than it).
    QVERIFY2(grid->columnAt(viewport.width() - 1) >= 0,
             qPrintable(u"blank from x=%1"_s.arg(grid->columnViewportPosition(28) + 44)));
    // The scroll bar moves the grid in step, to both ends.
    bar->setValue(bar->minimum());
    QCOMPARE(grid->columnAt(0), 0);
    QVERIFY(grid->columnAt(viewport.width() - 1) >= 0);
    QCOMPARE(grid->columnViewportPosition(0), 0);
    bar->setValue(bar->maximum());
    QVERIFY(viewport.contains(grid->visualItemRect(grid->item(0, 28))));
    QVERIFY(grid->columnAt(viewport.width() - 1) >= 0);
}

void TestWorkflow::exportNamesItsRangeAndCanCarryABom()
{
    const ConnectionSpec spec = migratedTestDatabase(u"export"_s);
    const QDate today = QDate::currentDate();
    insertDays(spec, today, 70);
    WindowFixture f(spec);
    f.browser()->setDatePreset(HoroscopeBrowser::DatePreset::LastMonth);
    const QDate month = today.addMonths(-1);
    const QDate first(month.year(), month.month(), 1);
    const QDate last = first.addMonths(1).addDays(-1);
    QTRY_COMPARE(f.model()->filter().from, first);
    QCOMPARE(f.model()->filter().to, last);
    QCOMPARE(
        f.browser()->suggestedExportName(HoroscopeExporter::Format::CsvWithBom),
        u"horoscopes-%1--%2.csv"_s.arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate)));
    QTemporaryDir dir;
    const QString file = dir.filePath(u"month.csv"_s);
    QSignalSpy finished(f.browser(), &HoroscopeBrowser::exportFinished);
    f.browser()->exportTo(file, HoroscopeExporter::Format::CsvWithBom);
    QVERIFY(finished.wait(10'000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(finished.at(0).at(1).toString().contains(u"UTC"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray bytes = out.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBFid,zodiac_sign,"));
    QCOMPARE(bytes.count("\r\n"), 1 + 12 * first.daysInMonth());
}

void TestWorkflow::searchHitsAreMarkedInTheEditor()
{
    const ConnectionSpec spec = migratedTestDatabase(u"hits"_s);
    insertDays(spec, QDate::currentDate(), 2);
    WindowFixture f(spec);
    f.browser()->searchField()->setText(u"TEXT"_s); // any case
    QTRY_COMPARE(f.model()->filter().search, u"TEXT"_s);
    openRow(f, 0);
    QVERIFY2(f.editor()->highlightCount() == 1,
             qPrintable(u"%1 marks in \"%2\", state %3"_s.arg(f.editor()->highlightCount())
                            .arg(f.editor()->text())
                            .arg(int(f.editor()->state())))); // "<sign> <date> text"
    f.editor()->setText(f.editor()->text() + u" and more text"_s);
    QCOMPARE(f.editor()->highlightCount(), 2); // follows the typing
}

void TestWorkflow::searchHitsShowInTheList()
{
    const ConnectionSpec spec = migratedTestDatabase(u"snippet"_s);
    insertDays(spec, QDate::currentDate(), 1);
    const QString filler = QString(u"Stars align quietly. "_s).repeated(20); // 420 characters
    QCOMPARE(TestCluster::execute(spec, u"UPDATE horoscope_cache SET content = '%1Find the "
                                        "Needle today. %1' WHERE zodiac_sign = 'leo'; "
                                        "UPDATE horoscope_cache SET content = 'A needle first. "
                                        "%1' WHERE zodiac_sign = 'aries'"_s.arg(filler)),
             QString());
    WindowFixture f(spec);
    f.browser()->searchField()->setText(u"NEEDLE"_s);
    QTRY_COMPARE(f.model()->rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        const QModelIndex cell = f.model()->index(row, HoroscopeTableModel::TextColumn);
        const QString shown = cell.data(Qt::DisplayRole).toString();
        // The hit is in the column's first ~80 characters, wherever it is in the text.
        const qsizetype at = shown.indexOf(u"needle"_s, 0, Qt::CaseInsensitive);
        QVERIFY2(at >= 0 && at < 80, qPrintable(shown));
        if (f.model()->rowAt(row)->sign == u"leo")
            QVERIFY2(shown.startsWith(u"…"_s), qPrintable(shown)); // not the start of the text
        else
            QVERIFY2(shown.startsWith(u"A needle first."_s), qPrintable(shown));
    }
    // Without a search the column shows the start again.
    f.browser()->searchField()->clear();
    QTRY_COMPARE(f.model()->rowCount(), 12);
    for (int row = 0; row < 12; ++row)
        QVERIFY(!f.model()
                     ->index(row, HoroscopeTableModel::TextColumn)
                     .data()
                     .toString()
                     .startsWith(u"…"_s));
}

void TestWorkflow::listColumnsAdjustCopyAndAreRemembered()
{
    const ConnectionSpec spec = migratedTestDatabase(u"columns"_s);
    insertDays(spec, QDate::currentDate(), 2);
    auto f = std::make_unique<WindowFixture>(spec);
    QTableView* table = f->browser()->table();
    QHeaderView* header = table->horizontalHeader();
    QTRY_VERIFY(f->model()->rowCount() >= 2); // the first rows size the columns once
    QCOMPARE(header->sectionResizeMode(HoroscopeTableModel::SignColumn), QHeaderView::Interactive);
    QVERIFY(header->sectionsMovable());
    header->setSectionHidden(HoroscopeTableModel::LengthColumn, true);
    header->resizeSection(HoroscopeTableModel::SignColumn, 150);

    // Ctrl+C: the selected rows with a header line, as spreadsheets paste them.
    table->selectionModel()->select(
        QItemSelection(f->model()->index(0, 0), f->model()->index(1, 0)),
        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const QStringList lines = TableTools::selectedRowsAsText(table).trimmed().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).startsWith(u"Sign\tDate\tText"_s));
    QVERIFY(!lines.at(0).contains(u"Length"_s)); // hidden columns stay out
    QCOMPARE(lines.at(1).split(u'\t').at(0), f->model()->index(0, 0).data().toString());

    // One sign reads as its name, not "1 sign".
    f->browser()->setSigns({u"leo"_s});
    QCOMPARE(f->browser()->signsText(), ZodiacSign::localizedName(u"leo"_s));

    // The layout survives a restart.
    f->window->close();
    QSettings& settings = f->qsettings;
    settings.sync();
    WindowFixture again(spec);
    again.qsettings.setValue(u"ui/browserColumns"_s, settings.value(u"ui/browserColumns"_s));
    again.window = std::make_unique<MainWindow>(&again.database, &again.service, &again.settings);
    QHeaderView* restored = again.browser()->table()->horizontalHeader();
    QVERIFY(restored->isSectionHidden(HoroscopeTableModel::LengthColumn));
    QCOMPARE(restored->sectionSize(HoroscopeTableModel::SignColumn), 150);
}

void TestWorkflow::theWindowFitsASmallScreen_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << u"en"_s;
    QTest::newRow("Russian") << u"ru"_s;
}

// A 1024 x 640 screen (a small laptop, a projector) shows the whole window in either language.
void TestWorkflow::theWindowFitsASmallScreen()
{
    QFETCH(QString, language);
    QTranslator translator;
    QVERIFY(translator.load(u":/i18n/horoscope-admin_%1.qm"_s.arg(language)));
    QCoreApplication::installTranslator(&translator);
    auto remove = qScopeGuard([&] { QCoreApplication::removeTranslator(&translator); });
    const ConnectionSpec spec = migratedTestDatabase(u"small"_s);
    WindowFixture f(spec);
    QTRY_VERIFY(f.model()->rowCount() >= 0);
    const QSize needed = f.window->minimumSizeHint().expandedTo(f.window->minimumSize());
    QVERIFY2(
        needed.width() <= 1024 && needed.height() <= 640,
        qPrintable(u"%1 needs %2 x %3"_s.arg(language).arg(needed.width()).arg(needed.height())));
}

void TestWorkflow::aMessageNeverMovesThePage()
{
    const ConnectionSpec spec = migratedTestDatabase(u"bar"_s);
    WindowFixture f(spec);
    f.window->resize(1200, 700);
    f.window->showPage(f.browser());
    QTabWidget* tabs = f.window->findChild<QTabWidget*>();
    QTRY_VERIFY(f.browser()->table()->isVisible());
    const auto where = [&] {
        return QRect(f.browser()->table()->mapTo(f.window.get(), QPoint(0, 0)),
                     f.browser()->table()->size());
    };
    const QRect before = where();
    MessageBar* bar = f.window->messageBar();
    bar->showMessage(MessageBar::Type::Warning,
                     u"The connection to the database was lost. Trying again in 2 s…"_s);
    bar->addAction(u"Try again"_s, [] {});
    QTRY_VERIFY(bar->isVisible());
    QCOMPARE(where(), before); // on main it pushed the page down by its own height
    // Beside the tabs, not over them; whole, and inside the window.
    QTabBar* tabBar = tabs->findChild<QTabBar*>();
    const QRect lastTab = tabBar->tabRect(tabBar->count() - 1);
    const int tabsEnd = tabBar->mapTo(f.window.get(), lastTab.topRight()).x();
    const QRect barRect(bar->mapTo(f.window.get(), QPoint(0, 0)), bar->size());
    QVERIFY2(barRect.left() > tabsEnd, qPrintable(u"%1 %2"_s.arg(barRect.left()).arg(tabsEnd)));
    QVERIFY(f.window->rect().contains(barRect));
    QVERIFY(bar->height() >= bar->minimumSizeHint().height());
    // A narrow window: across the whole width, still not moving anything.
    f.window->resize(f.window->minimumSizeHint().width(), 640);
    QTRY_VERIFY(bar->width() > f.window->width() / 2);
    bar->clear();
    QVERIFY(!bar->isVisible());
}

void TestWorkflow::overviewColumnsKeepTheirWidthOnAWideScreen()
{
    const ConnectionSpec spec = migratedTestDatabase(u"wide"_s);
    insertDays(spec, QDate::currentDate(), 2);
    WindowFixture f(spec);
    f.window->resize(2400, 900);
    f.window->showPage(f.window->overviewPage());
    auto* view = f.window->overviewPage()->findChild<QTableView*>();
    QTRY_COMPARE(view->model()->rowCount(), 12);
    QHeaderView* header = view->horizontalHeader();
    const int last = header->count() - 1;
    QTRY_VERIFY(header->sectionSize(last) > 0);
    // As wide as what it shows, not the rest of a wide window.
    QVERIFY2(header->sectionSize(last) < 400, // a few numbers or a date (main: ~1,800 px)
             qPrintable(u"%1 px"_s.arg(header->sectionSize(last))));
    QVERIFY(view->width() < f.window->width() / 2);
}

void TestWorkflow::invalidateNamesWhatItDeletes()
{
    const ConnectionSpec spec = migratedTestDatabase(u"names"_s);
    insertDays(spec, QDate::currentDate(), 1);
    WindowFixture f(spec);
    f.window->showPage(f.browser());
    QTRY_COMPARE(f.model()->rowCount(), 12);
    const int leo = f.model()->rowOfId(idOf(spec, u"leo"_s, QDate::currentDate()));
    f.browser()->table()->selectRow(leo);
    QAbstractButton* invalidate = nullptr;
    for (QAbstractButton* b : f.browser()->findChildren<QAbstractButton*>()) {
        if (b->text() == u"Invalidate…"_s)
            invalidate = b;
    }
    QVERIFY(invalidate);
    QTRY_VERIFY(invalidate->isEnabled()); // the role's privileges are read
    QTRY_COMPARE(f.browser()->table()->selectionModel()->selectedRows().size(), 1);
    Confirm::setNextAnswer(false);
    f.browser()->invalidateSelected();
    QVERIFY(!Confirm::hasQueuedAnswers()); // it asked
    const QString question = Confirm::lastQuestion();
    QVERIFY2(question.contains(ZodiacSign::display(u"leo"_s)) &&
                 question.contains(QLocale().toString(QDate::currentDate(), QLocale::ShortFormat)),
             qPrintable(question));
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache"_s).toInt(), 12);
}

// Issue 21, item 11: Del on a row of the list is Invalidate… (the same question), and only there.
void TestWorkflow::deleteInTheListAsksToInvalidate()
{
    const ConnectionSpec spec = migratedTestDatabase(u"del"_s);
    insertDays(spec, QDate::currentDate(), 1);
    WindowFixture f(spec);
    f.window->showPage(f.browser());
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    QTRY_COMPARE(f.model()->rowCount(), 12);
    QTableView* table = f.browser()->table();
    const int leo = f.model()->rowOfId(idOf(spec, u"leo"_s, QDate::currentDate()));
    table->setFocus(Qt::OtherFocusReason);
    table->selectRow(leo);
    QTRY_VERIFY(table->hasFocus());
    auto* invalidate = f.browser()->findChild<QToolButton*>(u"invalidateButton"_s);
    QTRY_VERIFY(invalidate->isEnabled()); // the role's privileges are read
    QTRY_COMPARE(table->selectionModel()->selectedRows().size(), 1);
    Confirm::setNextAnswer(false);
    QTest::keyClick(table, Qt::Key_Delete);
    QVERIFY2(!Confirm::hasQueuedAnswers(), "Del in the list asked nothing"); // it asked
    QVERIFY2(Confirm::lastQuestion().contains(ZodiacSign::display(u"leo"_s)),
             qPrintable(Confirm::lastQuestion()));
    // Del in the search field deletes a character, not horoscopes.
    QLineEdit* search = nullptr;
    for (QLineEdit* edit : f.browser()->findChildren<QLineEdit*>()) {
        if (edit->accessibleName() == u"Search the text"_s)
            search = edit;
    }
    QVERIFY(search);
    search->setText(u"ab"_s);
    search->setFocus(Qt::OtherFocusReason);
    QTRY_VERIFY(search->hasFocus());
    search->setCursorPosition(0);
    Confirm::setNextAnswer(false);
    QTest::keyClick(search, Qt::Key_Delete);
    QCOMPARE(search->text(), u"b"_s);
    QVERIFY(Confirm::hasQueuedAnswers());        // not asked
    QVERIFY(!Confirm::ask(nullptr, {}, {}, {})); // takes the answer back off the queue
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache"_s).toInt(), 12);
}

QTEST_MAIN(TestWorkflow)
#include "tst_workflow.moc"
