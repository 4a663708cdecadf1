#include "HoroscopeBrowser.h"

#include "ActionGate.h"
#include "Confirm.h"
#include "DatabaseWorker.h"
#include "DateRangePicker.h"
#include "HoroscopeEditor.h"
#include "HoroscopeExporter.h"
#include "HoroscopeStore.h"
#include "HoroscopeTableModel.h"
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
#include <QProgressDialog>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

struct ExportResult
{
    bool ok = false;
    qint64 rows = 0;
    DbError error;
};

} // namespace

HoroscopeBrowser::HoroscopeBrowser(DatabaseWorker* worker, QWidget* parent)
    : QWidget(parent)
    , m_worker(worker)
    , m_model(new HoroscopeTableModel(worker->spec(), this))
    , m_table(new QTableView(this))
    , m_editor(new HoroscopeEditor(worker, this))
    , m_signs(new QToolButton(this))
    , m_dates(new DateRangePicker(
          {
              {tr("All dates"), [] { return DateRangePicker::Range{}; }},
              {tr("Today"),
               [] {
                   return DateRangePicker::Range{QDate::currentDate(), QDate::currentDate()};
               }},
              {tr("Tomorrow"),
               [] {
                   const QDate d = QDate::currentDate().addDays(1);
                   return DateRangePicker::Range{d, d};
               }},
              {tr("This week"),
               [] {
                   const QDate today = QDate::currentDate();
                   const QDate monday = today.addDays(1 - today.dayOfWeek());
                   return DateRangePicker::Range{monday, monday.addDays(6)};
               }},
              {tr("Last 30 days"),
               [] {
                   return DateRangePicker::Range{QDate::currentDate().addDays(-29),
                                                 QDate::currentDate()};
               }},
          },
          0, this))
    , m_search(new QLineEdit(this))
    , m_corrected(new QCheckBox(tr("Corrected only"), this))
    , m_jump(new QDateEdit(QDate::currentDate(), this))
    , m_status(new QLabel(this))
    , m_searchDelay(new QTimer(this))
    , m_export(new QToolButton(this))
    , m_regenerate(new QToolButton(this))
    , m_invalidate(new QToolButton(this))
{
    // Signs: a menu of checkable signs; none checked means all.
    auto* signMenu = new QMenu(m_signs);
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
    m_jump->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    m_search->setPlaceholderText(tr("Search the text (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
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
    exportMenu->addAction(tr("As CSV…"), this, [this] { chooseExport(false); });
    exportMenu->addAction(tr("As JSON…"), this, [this] { chooseExport(true); });
    exportButton->setMenu(exportMenu);
    QToolButton* regenerate = m_regenerate;
    regenerate->setObjectName(u"regenerateButton"_s);
    regenerate->setText(tr("Regenerate"));
    regenerate->setPopupMode(QToolButton::InstantPopup);
    auto* regenerateMenu = new QMenu(regenerate);
    regenerateMenu->addAction(tr("Selected horoscopes…"), this,
                              [this] { emit regenerateRequested(selectedTargets()); });
    regenerateMenu->addAction(tr("All signs of this day…"), this,
                              [this] { emit regenerateRequested(wholeDayTargets()); });
    regenerate->setMenu(regenerateMenu);
    QToolButton* invalidate = m_invalidate;
    invalidate->setObjectName(u"invalidateButton"_s);
    invalidate->setText(tr("Invalidate…"));
    invalidate->setToolTip(tr("Delete the selected horoscopes so the bot writes fresh ones on "
                              "the next request (Delete)"));
    invalidate->setShortcut(QKeySequence::Delete);

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
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
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
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(HoroscopeTableModel::TextColumn,
                                                      QHeaderView::Stretch);
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
    });
    connect(m_model, &HoroscopeTableModel::totalChanged, this, &HoroscopeBrowser::updateStatus);
    connect(m_model, &HoroscopeTableModel::loadingChanged, this, &HoroscopeBrowser::updateStatus);
    connect(m_model, &HoroscopeTableModel::loadFailed, this,
            [this](const DbError& e) { emit message(e.message, true); });
    // The list follows the editor, also when it opened a row after a save finished.
    connect(m_editor, &HoroscopeEditor::recordChanged, this, &HoroscopeBrowser::selectEditorRow);
    connect(m_editor, &HoroscopeEditor::saved, this, [this](const HoroscopeRecord& r) {
        HoroscopeRow row;
        row.id = r.id;
        row.sign = r.sign;
        row.date = r.date;
        row.preview = r.content.left(200);
        row.length = static_cast<int>(r.content.size());
        row.generatedAt = r.generatedAt;
        row.corrected = r.corrected;
        row.xmin = r.xmin;
        if (m_model->rowOfId(r.id) >= 0)
            m_model->updateRow(row);
        else
            m_model->reload(); // put back after a deletion: a new row
    });
    updateStatus();
}

void HoroscopeBrowser::setRevisionsAvailable(bool available)
{
    m_revisions = available;
    m_model->setRevisionsAvailable(available);
    m_editor->setRevisionsAvailable(available);
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
    if (!m_revisions && !privileges.may(A::ReadHistory))
        m_corrected->setToolTip(privileges.reason(A::ReadHistory)); // no table, or no SELECT
    m_editor->setPrivileges(privileges);
}

void HoroscopeBrowser::reload()
{
    m_model->setFilter(currentFilter());
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
    m_signs->setText(f.signs.isEmpty()
                         ? tr("All signs")
                         : tr("%n sign(s)", nullptr, static_cast<int>(f.signs.size())));
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
    const int row = m_model->rowOfId(m_editor->currentId());
    if (row < 0 || row == m_table->currentIndex().row())
        return;
    m_restoringSelection = true;
    m_table->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_restoringSelection = false;
}

void HoroscopeBrowser::openHoroscope(int id)
{
    m_editor->leave([this, id] {
        m_editor->open(id);
        selectEditorRow();
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
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
        if (const HoroscopeRow* row = m_model->rowAt(index.row()))
            rows.append({row->id, row->xmin});
    }
    if (rows.isEmpty())
        return;
    if (const QString why = m_privileges.reason(Privileges::Action::Invalidate); !why.isEmpty()) {
        emit message(why, true);
        return;
    }
    if (!Confirm::ask(this, tr("Invalidate horoscopes"),
                      tr("Delete %n horoscope(s) from the cache? The bot generates a fresh one "
                         "on the next request; the deleted text stays in the history.",
                         nullptr, static_cast<int>(rows.size())),
                      tr("Invalidate"), true))
        return;
    const ConnectionSpec spec = m_worker->spec();
    const bool revisions = m_revisions;
    struct Result
    {
        bool ok = false;
        QList<int> removed;
        DbError error;
    };
    m_worker->run<Result>(
        this,
        [spec, revisions, rows](QSqlDatabase& db) {
            Result r;
            r.ok = HoroscopeStore(db, spec, revisions).remove(rows, &r.removed, &r.error);
            return r;
        },
        [this, requested = static_cast<int>(rows.size())](Result r) {
            if (!r.ok) {
                emit message(r.error.message, true);
                return;
            }
            m_model->removeIds(r.removed);
            const int skipped = requested - static_cast<int>(r.removed.size());
            QString text =
                tr("%n horoscope(s) invalidated.", nullptr, static_cast<int>(r.removed.size()));
            if (skipped > 0) {
                text += u' ' + tr("%n changed since the list was loaded and stayed; look at "
                                  "them again before invalidating.",
                                  nullptr, skipped);
                m_model->reload();
            }
            emit message(text, skipped > 0);
        });
}

void HoroscopeBrowser::chooseExport(bool json)
{
    const QString suggested = u"horoscopes-%1.%2"_s.arg(QDate::currentDate().toString(Qt::ISODate),
                                                        json ? u"json"_s : u"csv"_s);
    const QString file =
        QFileDialog::getSaveFileName(this, tr("Export horoscopes"), suggested,
                                     json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    if (!file.isEmpty())
        exportTo(file, json);
}

void HoroscopeBrowser::exportTo(const QString& fileName, bool json)
{
    // A connection of its own: a long export does not hold up browsing or saving.
    auto* worker = new DatabaseWorker(m_worker->spec(), this);
    worker->start();
    auto cancel = std::make_shared<std::atomic_bool>(false);
    auto* progress = new QProgressDialog(tr("Exporting…"), tr("Cancel"), 0, 0, this);
    progress->setMinimumDuration(500);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    connect(progress, &QProgressDialog::canceled, this, [cancel] { cancel->store(true); });
    const HoroscopeFilter filter = m_model->filter();
    const bool revisions = m_revisions;
    const ConnectionSpec spec = m_worker->spec();
    QPointer<QProgressDialog> dialog(progress);
    worker->run<ExportResult>(
        this,
        [=](QSqlDatabase& db) {
            ExportResult r;
            // QSaveFile: the file appears only when complete; a failed export leaves nothing.
            QSaveFile out(fileName);
            if (!out.open(QIODevice::WriteOnly)) {
                r.error =
                    DbError::make(DbError::Kind::Query,
                                  tr("Could not write %1: %2").arg(fileName, out.errorString()));
                return r;
            }
            // Runs on the worker thread: the dialog is looked at only on the GUI thread, where
            // it may have been closed meanwhile.
            const auto report = [dialog](qint64 rows) {
                QMetaObject::invokeMethod(
                    qApp,
                    [dialog, rows] {
                        if (dialog)
                            dialog->setLabelText(tr("Exporting… %1 rows").arg(rows));
                    },
                    Qt::QueuedConnection);
            };
            r.ok = HoroscopeExporter::write(db, spec, filter, revisions,
                                            json ? HoroscopeExporter::Format::Json
                                                 : HoroscopeExporter::Format::Csv,
                                            &out, report, cancel.get(), &r.rows, &r.error);
            if (r.ok && !out.commit()) {
                r.ok = false;
                r.error =
                    DbError::make(DbError::Kind::Query,
                                  tr("Could not write %1: %2").arg(fileName, out.errorString()));
            }
            return r;
        },
        [this, worker, dialog, fileName](ExportResult r) {
            if (dialog)
                dialog->close();
            worker->deleteLater();
            const QString text =
                r.ok ? tr("Exported %n row(s) to %1.", nullptr, static_cast<int>(r.rows))
                           .arg(fileName)
                     : r.error.message;
            emit message(text, !r.ok);
            emit exportFinished(r.ok, text);
        });
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

void HoroscopeBrowser::leave(const std::function<void()>& proceed)
{
    m_editor->leave(proceed);
}
