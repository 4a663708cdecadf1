#include "HoroscopeBrowser.h"

#include "Accessibility.h"
#include "ActionGate.h"
#include "Confirm.h"
#include "DateEdit.h"
#include "DateRangePicker.h"
#include "EditorPresence.h"
#include "ExportService.h"
#include "HoroscopeEditor.h"
#include "HoroscopeService.h"
#include "HoroscopeTableModel.h"
#include "ReplaceDialog.h"
#include "TableTools.h"
#include "ZodiacSign.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace {

// A stored horoscope as the list shows it.
HoroscopeRow listRow(const HoroscopeRecord& r)
{
    HoroscopeRow row;
    row.id = r.id;
    row.sign = r.sign;
    row.date = r.date;
    row.preview = r.content.left(200);
    row.length = static_cast<int>(r.content.size());
    row.generatedAt = r.generatedAt;
    row.corrected = r.corrected;
    row.xmin = r.xmin;
    return row;
}

} // namespace

HoroscopeBrowser::HoroscopeBrowser(Database* database, QWidget* parent)
    : QWidget(parent)
    , m_database(database)
    , m_model(new HoroscopeTableModel(database, this))
    , m_table(new QTableView(this))
    , m_editor(new HoroscopeEditor(database, this))
    , m_signs(new QToolButton(this))
    , m_dates(new DateRangePicker(
          {
              {tr("All dates"), [] { return DateRangePicker::Range{}; }},
              {tr("Today"),
               [database] {
                   const QDate today = database->today();
                   return DateRangePicker::Range{today, today};
               }},
              {tr("Tomorrow"),
               [database] {
                   const QDate d = database->today().addDays(1);
                   return DateRangePicker::Range{d, d};
               }},
              {tr("This week"),
               [database] {
                   const QDate today = database->today();
                   const QDate monday = today.addDays(1 - today.dayOfWeek());
                   return DateRangePicker::Range{monday, monday.addDays(6)};
               }},
              {tr("Last 30 days"),
               [database] {
                   const QDate today = database->today();
                   return DateRangePicker::Range{today.addDays(-29), today};
               }},
              {tr("Last month"),
               [database] {
                   const QDate first = database->today().addMonths(-1);
                   const QDate start(first.year(), first.month(), 1);
                   return DateRangePicker::Range{start, start.addMonths(1).addDays(-1)};
               }},
          },
          0, database->today(), this))
    , m_search(new QLineEdit(this))
    , m_corrected(new QCheckBox(tr("Corrected only"), this))
    , m_jump(new DateEdit(database->today(), this))
    , m_status(new QLabel(this))
    , m_searchDelay(new QTimer(this))
    , m_export(new QToolButton(this))
    , m_regenerate(new QToolButton(this))
    , m_invalidate(new QToolButton(this))
{
    // Signs: a menu of checkable signs; none checked means all.
    auto* signMenu = new StayOpenMenu(m_signs);
    for (const QString& key : ZodiacSign::keys()) {
        QAction* a = signMenu->addAction(ZodiacSign::display(key));
        a->setData(key);
        a->setCheckable(true);
        connect(a, &QAction::toggled, this, &HoroscopeBrowser::applyFilter);
    }
    m_signs->setMenu(signMenu);
    m_signs->setPopupMode(QToolButton::InstantPopup);
    m_signs->setText(tr("All signs"));

    m_jump->setCalendarPopup(true);
    m_search->setPlaceholderText(tr("Search the text (Ctrl+F)"));
    // A longer term is cut here, and the tooltip says so: no index narrows a long run of
    // punctuation, and the server would read every text with it (HoroscopeFilter).
    m_search->setMaxLength(HoroscopeFilter::maxSearchLength);
    m_search->setToolTip(tr("Finds texts that contain these characters, in any case. Up to %1 "
                            "characters: a longer term is cut to its first %1.")
                             .arg(HoroscopeFilter::maxSearchLength));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the text"));
    Accessibility::nameClearButton(m_search);
    m_jump->setAccessibleName(tr("Date to go to"));
    auto* find = new QAction(this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, m_search, qOverload<>(&QWidget::setFocus));
    addAction(find);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250); // typing does not start a query per key

    auto* jumpButton = new QToolButton(this);
    jumpButton->setText(tr("Go to date"));
    QToolButton* exportButton = m_export;
    exportButton->setObjectName(u"exportButton"_s);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(exportButton);
    using Format = HoroscopeExporter::Format;
    exportMenu->addAction(tr("As CSV…"), this, [this] { chooseExport(Format::Csv); });
    exportMenu->addAction(tr("As CSV for Excel (UTF-8 with BOM)…"), this,
                          [this] { chooseExport(Format::CsvWithBom); });
    exportMenu->addAction(tr("As JSON…"), this, [this] { chooseExport(Format::Json); });
    exportMenu->setToolTipsVisible(true);
    for (QAction* a : exportMenu->actions())
        a->setToolTip(tr("The rows the list shows, in its order; generated_at in UTC (ISO 8601)"));
    exportButton->setMenu(exportMenu);
    QToolButton* regenerate = m_regenerate;
    regenerate->setObjectName(u"regenerateButton"_s);
    regenerate->setText(tr("Regenerate"));
    regenerate->setPopupMode(QToolButton::InstantPopup);
    auto* regenerateMenu = new QMenu(regenerate);
    regenerateMenu->addAction(tr("Selected horoscopes…"), this,
                              [this] { emit regenerateRequested(selectedTargets()); });
    regenerateMenu->addAction(tr("All signs of this day…"), this, [this] {
        const RegenerationBatch::Targets day = wholeDayTargets();
        if (day.isEmpty())
            return;
        // Twelve requests to the AI provider: say which day, and ask.
        if (Confirm::ask(this, tr("Regenerate a whole day"),
                         tr("Generate new texts for all 12 signs of %1 (the day of the current "
                            "row)? Each one is a request to the AI provider; you review every "
                            "text before anything is written.")
                             .arg(DateText::inSentence(day.first().second)),
                         tr("Generate 12")))
            emit regenerateRequested(day);
    });
    regenerate->setMenu(regenerateMenu);
    QToolButton* invalidate = m_invalidate;
    invalidate->setObjectName(u"invalidateButton"_s);
    invalidate->setText(tr("Invalidate…"));
    invalidate->setToolTip(tr("Delete the selected horoscopes so the bot writes fresh ones on "
                              "the next request (Delete)"));

    // In the window's Edit menu and the list's context menu (a button did not fit beside the
    // others in Russian at 1,024 px).
    m_replace = new QAction(tr("&Find and Replace…"), this);
    m_replace->setObjectName(u"replaceAction"_s);
    m_replace->setShortcut(QKeySequence(tr("Ctrl+H")));
    m_replace->setToolTip(tr("Replace words across the texts of this filter, with a preview "
                             "(Ctrl+H)"));
    connect(m_replace, &QAction::triggered, this, &HoroscopeBrowser::openReplace);
    addAction(m_replace);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_signs);
    filters->addWidget(m_dates);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_corrected);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_status, 1);
    actions->addWidget(m_jump);
    actions->addWidget(jumpButton);
    actions->addWidget(exportButton);
    actions->addWidget(regenerate);
    actions->addWidget(invalidate);

    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Horoscopes"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab goes on to the editor; arrows move in the list
    m_table->horizontalHeader()->setSortIndicator(HoroscopeTableModel::DateColumn,
                                                  Qt::DescendingOrder);
    m_table->setSortingEnabled(true);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int column, Qt::SortOrder) {
                bool sortable = false;
                HoroscopeTableModel::sortColumnFor(column, &sortable);
                if (!sortable) { // "corrected" is a filter, not an order: put the arrow back
                    const QSignalBlocker block(m_table->horizontalHeader());
                    const HoroscopeFilter& f = m_model->filter();
                    m_table->horizontalHeader()->setSortIndicator(
                        HoroscopeTableModel::columnForSort(f.sort), f.order);
                }
            });
    // Resizable, movable and hideable columns (the layout is kept in the settings); the text
    // takes the room the others leave.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(HoroscopeTableModel::TextColumn,
                                                      QHeaderView::Stretch);
    TableTools::makeColumnsAdjustable(m_table);
    m_table->setItemDelegate(new WrappingToolTipDelegate(m_table));
    auto* copy = new QShortcut(QKeySequence::Copy, m_table);
    copy->setContext(Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, [this] { TableTools::copySelectedRows(m_table); });
    // Del on the list's rows is Invalidate… (its question first); only in the list, so that Del
    // in the search field or the text still deletes a character.
    auto* invalidateKey = new QShortcut(QKeySequence::Delete, m_table);
    invalidateKey->setContext(Qt::WidgetShortcut);
    connect(invalidateKey, &QShortcut::activated, this, [this] {
        if (m_invalidate->isEnabled())
            invalidateSelected();
    });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        QMenu menu(this);
        menu.addAction(tr("&Copy rows"), QKeySequence::Copy, this,
                       [this] { TableTools::copySelectedRows(m_table); });
        menu.addAction(tr("&Open in the editor"), this,
                       [this] { m_editor->textEdit()->setFocus(Qt::OtherFocusReason); });
        menu.addSeparator();
        QAction* regen = menu.addAction(tr("&Regenerate…"), this,
                                        [this] { emit regenerateRequested(selectedTargets()); });
        regen->setEnabled(m_regenerate->isEnabled());
        QAction* invalidateRows = menu.addAction(tr("&Invalidate…"), QKeySequence::Delete, this,
                                                 &HoroscopeBrowser::invalidateSelected);
        invalidateRows->setEnabled(m_invalidate->isEnabled());
        menu.addSeparator();
        menu.addAction(m_replace);
        menu.exec(m_table->viewport()->mapToGlobal(at));
    });
    // Sized to the first rows once; after that the widths are the user's.
    connect(
        m_model, &HoroscopeTableModel::pageLoaded, this,
        [this] {
            if (m_columnsRestored)
                return;
            m_columnsRestored = true;
            for (int c = 0; c < m_model->columnCount(); ++c) {
                if (c != HoroscopeTableModel::TextColumn)
                    m_table->resizeColumnToContents(c);
            }
        },
        Qt::SingleShotConnection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addLayout(actions);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_editor);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_dates, &DateRangePicker::changed, this, &HoroscopeBrowser::applyFilter);
    // "Today" is the server's: it comes with the server info and moves at its midnight.
    connect(database, &Database::todayChanged, this,
            [this, today = database->today()](const QDate& now) mutable {
                const QDate before = std::exchange(today, now);
                DateText::followToday(m_jump, before, now, 0);
                if (before != now)
                    m_dates->setToday(before, now);
            });
    connect(m_corrected, &QCheckBox::toggled, this, &HoroscopeBrowser::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &HoroscopeBrowser::applyFilter);
    connect(jumpButton, &QToolButton::clicked, this, [this] { jumpToDate(m_jump->date()); });
    connect(invalidate, &QToolButton::clicked, this, &HoroscopeBrowser::invalidateSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &HoroscopeBrowser::onCurrentRowChanged);

    // Scrolling to the top brings back the rows before (after a jump, or once trimmed).
    QScrollBar* bar = m_table->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        if (value == bar->minimum() && m_model->canFetchPrevious())
            m_model->fetchPrevious();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [bar](const QModelIndex&, int first, int last) {
                if (first == 0)
                    bar->setValue(bar->value() + last + 1); // stay on the same rows
            });
    connect(m_model, &HoroscopeTableModel::rowsTrimmed, this, [bar](int count, bool atTop) {
        if (atTop)
            bar->setValue(bar->value() - count);
    });
    connect(m_model, &HoroscopeTableModel::pageLoaded, this, [this] {
        selectEditorRow();
        updateStatus();
        // Changed elsewhere since the editor read it (regenerated, saved in another window):
        // the list and the editor must not disagree.
        const HoroscopeRow* row = m_model->rowAt(m_model->rowOfId(m_editor->currentId()));
        if (row && m_editor->state() != HoroscopeEditor::State::Loading &&
            row->xmin != m_editor->record().xmin)
            m_editor->refresh();
    });
    connect(m_model, &HoroscopeTableModel::totalChanged, this, &HoroscopeBrowser::updateStatus);
    connect(m_model, &HoroscopeTableModel::loadingChanged, this, &HoroscopeBrowser::updateStatus);
    connect(m_model, &HoroscopeTableModel::loadFailed, this, [this](const DbError& e) {
        if (m_model->connectionFailed())
            emit connectionFailed(e);
        else
            emit message(e.message, true);
    });
    connect(m_model, &HoroscopeTableModel::connectionRestored, this,
            &HoroscopeBrowser::connectionRestored);
    m_editor->presence()->markRowsIn(m_model); // rows open in other windows
    // The list follows the editor, also when it opened a row after a save finished.
    connect(m_editor, &HoroscopeEditor::recordChanged, this, &HoroscopeBrowser::selectEditorRow);
    connect(m_editor, &HoroscopeEditor::saved, this, [this](const HoroscopeRecord& r) {
        if (m_model->rowOfId(r.id) >= 0)
            m_model->updateRow(listRow(r));
        else
            m_model->reload(); // put back after a deletion: a new row
        emit horoscopesChanged();
    });
    updateStatus();
}

void HoroscopeBrowser::refreshRows(const QList<int>& ids)
{
    if (std::any_of(ids.begin(), ids.end(), [this](int id) { return m_model->rowOfId(id) < 0; })) {
        m_model->reload(); // a new row has no place in the list without asking the server
    } else {
        for (int id : ids) {
            HoroscopeService(m_database).load(this, id, [this](DbResult<HoroscopeRecord> r) {
                if (r.ok() && m_model->rowOfId(r.value.id) >= 0)
                    m_model->updateRow(listRow(r.value));
            });
        }
    }
    if (ids.contains(m_editor->currentId()))
        m_editor->refresh(); // a clean text is read again; a changed one stays, and is told
}

void HoroscopeBrowser::setRevisionsAvailable(bool available)
{
    m_revisions = available;
    m_model->setRevisionsAvailable(available);
    m_corrected->setEnabled(available);
    m_corrected->setToolTip(available ? QString()
                                      : tr("Apply migration 0002 to keep the history of "
                                           "horoscopes and see which were corrected."));
}

void HoroscopeBrowser::setPrivileges(const Privileges& privileges)
{
    m_privileges = privileges;
    using A = Privileges::Action;
    ActionGate::apply(m_invalidate, true, privileges.reason(A::Invalidate),
                      tr("Delete the selected horoscopes so the bot writes fresh ones on "
                         "the next request (Delete)"));
    ActionGate::apply(m_regenerate, true, privileges.reason(A::Regenerate));
    ActionGate::apply(m_export, true, privileges.reason(A::ReadHoroscopes));
    m_replace->setEnabled(privileges.may(A::EditText));
    if (!m_revisions && !privileges.may(A::ReadHistory))
        m_corrected->setToolTip(privileges.reason(A::ReadHistory)); // no table, or no SELECT
    m_editor->setPrivileges(privileges);
}

void HoroscopeBrowser::reload()
{
    const HoroscopeFilter f = currentFilter();
    m_editor->setHighlight(f.search);
    m_model->setFilter(f);
}

HoroscopeFilter HoroscopeBrowser::currentFilter() const
{
    HoroscopeFilter f = m_model->filter();
    f.signs.clear();
    for (const QAction* a : m_signs->menu()->actions()) {
        if (a->isChecked())
            f.signs << a->data().toString();
    }
    std::tie(f.from, f.to) = m_dates->range();
    f.search = m_search->text();
    f.correctedOnly = m_corrected->isChecked() && m_revisions;
    return f;
}

void HoroscopeBrowser::applyFilter()
{
    const HoroscopeFilter f = currentFilter();
    QStringList names;
    for (const QString& sign : std::as_const(f.signs))
        names << ZodiacSign::localizedName(sign);
    m_signs->setText(f.signs.isEmpty() ? tr("All signs")
                     : names.size() <= 2
                         ? names.join(u", "_s)
                         : tr("%n sign(s)", nullptr, static_cast<int>(f.signs.size())));
    m_editor->setHighlight(f.search);
    // The editor keeps its horoscope open whatever the filter shows.
    if (f != m_model->filter())
        m_model->setFilter(f);
}

void HoroscopeBrowser::setSigns(const QStringList& signs)
{
    for (QAction* a : m_signs->menu()->actions()) {
        const QSignalBlocker block(a);
        a->setChecked(signs.contains(a->data().toString()));
    }
    applyFilter();
}

void HoroscopeBrowser::setDatePreset(DatePreset preset, const QDate& from, const QDate& to)
{
    m_dates->select(static_cast<int>(preset), from, to);
}

void HoroscopeBrowser::setCorrectedOnly(bool on)
{
    m_corrected->setChecked(on);
}

void HoroscopeBrowser::jumpToDate(const QDate& date)
{
    m_table->horizontalHeader()->setSortIndicator(HoroscopeTableModel::DateColumn,
                                                  m_model->filter().order);
    m_model->jumpToDate(date);
}

void HoroscopeBrowser::onCurrentRowChanged()
{
    if (m_restoringSelection)
        return;
    const HoroscopeRow* row = m_model->rowAt(m_table->currentIndex().row());
    if (!row || row->id == m_editor->currentId())
        return;
    const int id = row->id;
    m_editor->leave([this, id] { m_editor->open(id); });
    if (m_editor->isDirty())
        selectEditorRow(); // the user chose Cancel (or the save is under way): stay
}

void HoroscopeBrowser::selectEditorRow()
{
    const int id = m_editor->targetId();
    const int row = m_model->rowOfId(id);
    if (row == m_table->currentIndex().row() && (row >= 0 || id == 0) &&
        (row < 0 || m_table->selectionModel()->isRowSelected(row)))
        return;
    m_restoringSelection = true;
    if (row >= 0)
        m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                                   QItemSelectionModel::ClearAndSelect |
                                                       QItemSelectionModel::Rows);
    else // not among the rows loaded: highlight nothing rather than another horoscope
        m_table->selectionModel()->clear();
    m_restoringSelection = false;
}

void HoroscopeBrowser::openReplace()
{
    if (!m_replace->isEnabled())
        return;
    // One dialog, not modal: a row it could not write is opened here, beside it.
    if (auto* open = findChild<ReplaceDialog*>(); open) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto* dialog = new ReplaceDialog(m_database, m_model->filter(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ReplaceDialog::openRequested, this, &HoroscopeBrowser::openHoroscope);
    connect(dialog, &ReplaceDialog::replaced, this, [this](const QList<int>& ids) {
        refreshRows(ids);
        emit horoscopesChanged();
    });
    dialog->show();
}

void HoroscopeBrowser::openHoroscope(int id)
{
    m_editor->leave([this, id] {
        m_editor->open(id);
        selectEditorRow();
        // From the coverage grid, often a day far down the list: bring it into view.
        connect(
            m_editor, &HoroscopeEditor::recordChanged, this,
            [this, id](const HoroscopeRecord& r) {
                if (r.id == id && m_model->rowOfId(id) < 0 && !m_model->filter().hasConditions())
                    jumpToDate(r.date);
            },
            Qt::SingleShotConnection);
    });
}

void HoroscopeBrowser::updateStatus()
{
    const QLocale locale;
    QString text;
    const qint64 total = m_model->total();
    if (total < 0)
        text = tr("%1 rows loaded").arg(locale.toString(m_model->rowCount()));
    else if (m_model->totalIsLowerBound())
        text = tr("%1 rows loaded of at least %2")
                   .arg(locale.toString(m_model->rowCount()), locale.toString(total));
    else if (m_model->totalIsEstimate())
        text = tr("%1 rows loaded of about %2 (an estimate)")
                   .arg(locale.toString(m_model->rowCount()), locale.toString(total));
    else
        text = tr("%1 rows loaded of %2")
                   .arg(locale.toString(m_model->rowCount()), locale.toString(total));
    if (m_model->isLoading())
        text += u"  ·  "_s + tr("loading…");
    m_status->setText(text);
}

QString HoroscopeBrowser::statusText() const
{
    return m_status->text();
}

void HoroscopeBrowser::invalidateSelected()
{
    QList<std::pair<int, QString>> rows;
    QStringList names; // the question names what goes: "Leo, 02.12.2026; Virgo, …"
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        if (const HoroscopeRow* row = m_model->rowAt(index.row())) {
            rows.append({row->id, row->xmin});
            if (names.size() < 3)
                names << u"%1, %2"_s.arg(ZodiacSign::display(row->sign),
                                         QLocale().toString(row->date, QLocale::ShortFormat));
        }
    }
    if (rows.size() > names.size())
        names << tr("%n more", nullptr, static_cast<int>(rows.size() - names.size()));
    if (rows.isEmpty())
        return;
    if (const QString why = m_privileges.reason(Privileges::Action::Invalidate); !why.isEmpty()) {
        emit message(why, true);
        return;
    }
    if (!Confirm::ask(this, tr("Invalidate horoscopes"),
                      tr("Delete %n horoscope(s) from the cache (%1)? The bot generates a "
                         "fresh one on the next request; the deleted text stays in the history.",
                         nullptr, static_cast<int>(rows.size()))
                          .arg(names.join(u"; "_s)),
                      tr("Invalidate"), true))
        return;
    HoroscopeService(m_database)
        .invalidate(this, rows, [this, requested = static_cast<int>(rows.size())](auto r) {
            if (!r.ok()) {
                emit message(r.error.message, true);
                return;
            }
            m_model->removeIds(r.value);
            if (!r.value.isEmpty())
                emit horoscopesChanged();
            const int skipped = requested - static_cast<int>(r.value.size());
            QString text =
                tr("%n horoscope(s) invalidated.", nullptr, static_cast<int>(r.value.size()));
            if (skipped > 0) {
                text += u' ' + tr("%n changed since the list was loaded and stayed; look at "
                                  "them again before invalidating.",
                                  nullptr, skipped);
                m_model->reload();
            }
            emit message(text, skipped > 0);
        });
}

QString HoroscopeBrowser::suggestedExportName(HoroscopeExporter::Format format) const
{
    const HoroscopeFilter f = m_model->filter();
    QStringList parts{u"horoscopes"_s};
    if (!f.signs.isEmpty() && f.signs.size() <= 3)
        parts << f.signs;
    if (f.from.isValid() || f.to.isValid()) {
        const QString from = f.from.isValid() ? f.from.toString(Qt::ISODate) : u"start"_s;
        const QString to = f.to.isValid() ? f.to.toString(Qt::ISODate) : u"end"_s;
        parts << (from == to ? from : from + u"--"_s + to);
    } else {
        parts << u"all"_s;
    }
    return parts.join(u'-') + (format == HoroscopeExporter::Format::Json ? u".json"_s : u".csv"_s);
}

void HoroscopeBrowser::chooseExport(HoroscopeExporter::Format format)
{
    const bool json = format == HoroscopeExporter::Format::Json;
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export horoscopes"), suggestedExportName(format),
                                     json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    if (!file.isEmpty())
        exportTo(file, format);
}

void HoroscopeBrowser::exportTo(const QString& fileName, HoroscopeExporter::Format format)
{
    auto* progress = new QProgressDialog(tr("Exporting…"), tr("Cancel"), 0, 0, this);
    progress->setMinimumDuration(500);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<QProgressDialog> dialog(progress);
    const std::shared_ptr<Cancellation> cancellation =
        ExportService(m_database)
            .exportRows(
                this, fileName, m_model->filter(), format,
                [dialog](qint64 rows) {
                    if (dialog)
                        dialog->setLabelText(
                            tr("Exporting… %1 rows").arg(QLocale().toString(rows)));
                },
                [this, dialog, fileName](DbResult<qint64> r) {
                    if (dialog)
                        dialog->close();
                    const QString text = r.ok() ? tr("Exported %n row(s) to %1 (times in UTC).",
                                                     nullptr, static_cast<int>(r.value))
                                                      .arg(fileName)
                                                : r.error.message;
                    emit message(text, !r.ok() && !r.cancelled());
                    emit exportFinished(r.ok(), text);
                });
    connect(progress, &QProgressDialog::canceled, this, [cancellation] { cancellation->cancel(); });
}

RegenerationBatch::Targets HoroscopeBrowser::selectedTargets() const
{
    RegenerationBatch::Targets targets;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        targets.append({index.data(HoroscopeTableModel::SignKeyRole).toString(),
                        index.data(HoroscopeTableModel::DateRole).toDate()});
    }
    return targets;
}

RegenerationBatch::Targets HoroscopeBrowser::wholeDayTargets() const
{
    const QDate date = m_table->currentIndex().data(HoroscopeTableModel::DateRole).toDate();
    RegenerationBatch::Targets targets;
    if (date.isValid()) {
        for (const QString& sign : ZodiacSign::keys())
            targets.append({sign, date});
    }
    return targets;
}

void HoroscopeBrowser::leave(const std::function<void()>& proceed, HoroscopeEditor::Leaving leaving)
{
    m_editor->leave(proceed, leaving);
}

QByteArray HoroscopeBrowser::columnsState() const
{
    return m_table->horizontalHeader()->saveState();
}

void HoroscopeBrowser::restoreColumns(const QByteArray& state)
{
    if (!state.isEmpty() && m_table->horizontalHeader()->restoreState(state))
        m_columnsRestored = true;
}

QString HoroscopeBrowser::signsText() const
{
    return m_signs->text();
}
