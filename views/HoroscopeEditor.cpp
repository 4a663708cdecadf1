#include "HoroscopeEditor.h"

#include "ActionGate.h"
#include "Confirm.h"
#include "ConflictDialog.h"
#include "DatabaseWorker.h"
#include "TextDiff.h"
#include "ZodiacSign.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

struct LoadResult
{
    bool ok = false;
    HoroscopeRecord record;
    DbError error;
};

struct HistoryResult
{
    bool ok = false;
    QList<HoroscopeRevision> revisions;
    DbError error;
};

// Replaces the whole text through the cursor, so Ctrl+Z can bring the old one back.
void replaceUndoably(QPlainTextEdit* edit, const QString& text)
{
    QTextCursor cursor(edit->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
    cursor.endEditBlock();
}

} // namespace

HoroscopeEditor::HoroscopeEditor(DatabaseWorker* worker, QWidget* parent)
    : QWidget(parent)
    , m_worker(worker)
    , m_title(new QLabel(this))
    , m_meta(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_text(new QPlainTextEdit(this))
    , m_count(new QLabel(this))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("Save"), this))
    , m_revert(new QPushButton(tr("Revert"), this))
    , m_versions(new QListWidget(this))
    , m_diff(new QTextBrowser(this))
    , m_restore(new QPushButton(tr("Restore this version"), this))
{
    m_title->setTextFormat(Qt::RichText);
    m_meta->setWordWrap(true);
    m_status->setWordWrap(true);
    m_text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_text->setTabChangesFocus(true);
    m_text->setPlaceholderText(tr("Select a horoscope on the left to read or correct it."));
    QFont font = m_text->font();
    font.setPointSizeF(font.pointSizeF() * 1.1);
    m_text->setFont(font);
    m_save->setObjectName(u"saveButton"_s);
    m_revert->setObjectName(u"revertButton"_s);
    m_restore->setObjectName(u"restoreButton"_s);
    m_versions->setObjectName(u"versionList"_s);
    m_text->setObjectName(u"horoscopeText"_s);

    auto* textPage = new QWidget(this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_count);
    buttons->addStretch();
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    auto* textLayout = new QVBoxLayout(textPage);
    textLayout->setContentsMargins(0, 4, 0, 0);
    textLayout->addWidget(m_text, 1);
    textLayout->addLayout(buttons);
    textLayout->addWidget(m_status);

    auto* historyPage = new QWidget(this);
    m_versions->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_diff->setOpenLinks(false);
    auto* split = new QSplitter(Qt::Vertical, historyPage);
    split->addWidget(m_versions);
    split->addWidget(m_diff);
    split->setStretchFactor(1, 2);
    auto* hint = new QLabel(tr("Select a version to see what that change did, or two versions "
                               "to compare them."),
                            historyPage);
    hint->setWordWrap(true);
    auto* historyLayout = new QVBoxLayout(historyPage);
    historyLayout->setContentsMargins(0, 4, 0, 0);
    historyLayout->addWidget(hint);
    historyLayout->addWidget(split, 1);
    historyLayout->addWidget(m_restore, 0, Qt::AlignRight);

    m_tabs->addTab(textPage, tr("Text"));
    m_tabs->addTab(historyPage, tr("History"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_meta);
    layout->addWidget(m_tabs, 1);

    auto* saveShortcut = new QShortcut(QKeySequence::Save, this);
    saveShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(saveShortcut, &QShortcut::activated, this, &HoroscopeEditor::save);
    // Esc and Ctrl+S in the text itself, whether or not the window is active.
    m_text->installEventFilter(this);
    connect(m_save, &QPushButton::clicked, this, &HoroscopeEditor::save);
    connect(m_revert, &QPushButton::clicked, this, &HoroscopeEditor::revert);
    connect(m_text, &QPlainTextEdit::textChanged, this, &HoroscopeEditor::updateState);
    connect(m_versions, &QListWidget::itemSelectionChanged, this, [this] {
        QList<int> rows;
        for (const QListWidgetItem* item : m_versions->selectedItems())
            rows << m_versions->row(item);
        std::sort(rows.begin(), rows.end());
        if (rows.size() >= 2)
            compareVersions(rows.first(), rows.last());
        else if (rows.size() == 1 && rows.first() > 0)
            compareVersions(rows.first() - 1, rows.first());
        else
            m_diff->clear();
        updateRestore();
    });
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const int row = m_versions->currentRow();
        leave([this, row] { restoreVersion(row); });
    });
    clear();
}

bool HoroscopeEditor::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_text && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier) {
            revert();
            return true;
        }
        if (key->matches(QKeySequence::Save)) {
            save();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QString HoroscopeEditor::text() const
{
    return m_text->toPlainText();
}

void HoroscopeEditor::setText(const QString& text)
{
    replaceUndoably(m_text, text);
}

bool HoroscopeEditor::isDirty() const
{
    return m_record.id != 0 && m_text->toPlainText() != m_base;
}

QString HoroscopeEditor::status() const
{
    return m_status->text();
}

void HoroscopeEditor::showStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color:#b00020;"_s : QString());
}

void HoroscopeEditor::setPrivileges(const Privileges& privileges)
{
    m_privileges = privileges;
    m_tabs->setTabToolTip(1, privileges.reason(Privileges::Action::ReadHistory));
    updateState();
    updateRestore();
}

void HoroscopeEditor::updateState()
{
    const bool dirty = isDirty();
    const int characters = m_text->document()->characterCount() - 1;
    m_count->setText(tr("%n character(s)", nullptr, std::max(0, characters)) +
                     (dirty ? u"  ·  "_s + tr("unsaved changes") : QString()));
    const QString noEdit = m_privileges.reason(Privileges::Action::EditText);
    // Typing into a read-only text does nothing: say so where the eyes are.
    if (!noEdit.isEmpty() && m_record.id != 0)
        m_count->setText(m_count->text() + u"  ·  "_s + tr("read-only"));
    m_count->setToolTip(noEdit);
    ActionGate::apply(m_save, dirty && !m_busy, noEdit, tr("Save (Ctrl+S)"));
    // Unsaved text can always be thrown away, even once the privilege to save it is gone.
    ActionGate::apply(m_revert, dirty && !m_busy, dirty ? QString() : noEdit,
                      tr("Go back to the saved text (Esc); Ctrl+Z undoes that too"));
    const bool mayEdit = noEdit.isEmpty();
    // Busy: loading another horoscope or saving this one; typing then could be lost.
    m_text->setReadOnly(m_record.id == 0 || !mayEdit || m_busy);
    if (!mayEdit) // still readable and selectable with the keyboard, to copy from
        m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setToolTip(noEdit);
    if (dirty != m_wasDirty) {
        m_wasDirty = dirty;
        emit dirtyChanged(dirty);
    }
}

void HoroscopeEditor::clear()
{
    m_record = {};
    m_base.clear();
    m_deleted = false;
    m_history.clear();
    m_title->setText(tr("<b>No horoscope selected</b>"));
    m_meta->clear();
    m_text->setPlainText({});
    m_versions->clear();
    m_diff->clear();
    updateRestore();
    showStatus({});
    updateState();
}

void HoroscopeEditor::setRecord(const HoroscopeRecord& record, bool replaceText)
{
    m_record = record;
    m_base = record.content;
    m_deleted = false;
    m_title->setText(u"<b>%1 — %2</b>"_s.arg(
        ZodiacSign::display(record.sign).toHtmlEscaped(),
        QLocale().toString(record.date, QLocale::LongFormat).toHtmlEscaped()));
    QString meta =
        tr("Generated %1")
            .arg(QLocale().toString(record.generatedAt.toLocalTime(), QLocale::ShortFormat));
    if (record.corrected)
        meta += u"  ·  "_s + tr("corrected by hand since");
    m_meta->setText(meta);
    if (replaceText)
        setText(record.content);
    updateState();
    emit recordChanged(record);
}

void HoroscopeEditor::open(int id)
{
    if (id == m_record.id && !isDirty())
        return;
    // Nothing typed now could be kept: the text is read-only until the other one is here.
    m_busy = true;
    showStatus(tr("Loading…"));
    updateState();
    const ConnectionSpec spec = m_worker->spec();
    const bool revisions = m_revisions;
    m_worker->run<LoadResult>(
        this,
        [id, spec, revisions](QSqlDatabase& db) {
            LoadResult r;
            HoroscopeStore store(db, spec, revisions);
            r.ok = store.load(id, &r.record, &r.error);
            return r;
        },
        [this](LoadResult r) {
            m_busy = false;
            if (!r.ok) {
                showStatus(r.error.message, true);
                updateState();
                return;
            }
            if (isDirty()) { // never replace unsaved text
                showStatus(tr("Another horoscope was not opened: this text has unsaved changes. "
                              "Save or revert it first."),
                           true);
                updateState();
                return;
            }
            m_text->setPlainText(r.record.content); // a new document: a fresh undo history
            setRecord(r.record, false);
            showStatus({});
            reloadHistory();
        });
}

void HoroscopeEditor::revert()
{
    if (!isDirty())
        return;
    setText(m_base);
    showStatus(tr("Reverted to the saved text. Ctrl+Z brings your changes back."));
}

void HoroscopeEditor::save()
{
    saveThen([] {});
}

void HoroscopeEditor::saveThen(const std::function<void()>& then)
{
    if (m_record.id == 0 || m_busy)
        return;
    if (const QString why = m_privileges.reason(Privileges::Action::EditText); !why.isEmpty()) {
        showStatus(why, true); // Ctrl+S, or Save when leaving: say why nothing happens
        return;
    }
    const QString mine = m_text->toPlainText();
    if (const QString problem = HoroscopeStore::validate(mine); !problem.isEmpty()) {
        showStatus(problem, true);
        return;
    }
    m_busy = true;
    updateState();
    showStatus(m_worker->state() == DatabaseWorker::State::Connected
                   ? tr("Saving…")
                   : tr("Waiting for the database connection to save… Your text is kept."));
    const ConnectionSpec spec = m_worker->spec();
    const bool revisions = m_revisions;
    const HoroscopeRecord record = m_record;
    const bool recreate = m_deleted;
    m_worker->run<HoroscopeStore::SaveResult>(
        this,
        [spec, revisions, record, recreate, mine](QSqlDatabase& db) {
            HoroscopeStore store(db, spec, revisions);
            return recreate ? store.recreate(record.sign, record.date, mine)
                            : store.save(record.id, record.xmin, mine);
        },
        [this, mine, then](HoroscopeStore::SaveResult r) { finishSave(r, mine, then); });
}

void HoroscopeEditor::finishSave(const HoroscopeStore::SaveResult& r, const QString& mine,
                                 const std::function<void()>& then)
{
    m_busy = false;
    using Outcome = HoroscopeStore::SaveResult::Outcome;
    switch (r.outcome) {
    case Outcome::Saved: {
        // Text typed while the save was under way stays in the editor, unsaved.
        const bool typedMeanwhile = m_text->toPlainText() != mine;
        setRecord(r.current, false);
        if (!typedMeanwhile && m_text->toPlainText() != r.current.content)
            setText(r.current.content);
        showStatus(tr("Saved."));
        emit saved(r.current);
        reloadHistory();
        then();
        return;
    }
    case Outcome::Conflict:
    case Outcome::Deleted: {
        const bool deleted = r.outcome == Outcome::Deleted;
        // The decision comes back later, from the dialog's finished signal: no event loop
        // runs inside this answer.
        ConflictDialog::ask(this, mine, m_base, deleted ? QString() : r.current.content, deleted,
                            [this, r, deleted, then](ConflictDialog::Choice choice) {
                                resolveConflict(r, deleted, choice, then);
                            });
        return;
    }
    case Outcome::Failed:
        showStatus(r.error.message + u' ' + tr("Your text is kept."), true);
        updateState();
        // The privileges changed since they were read: read them again, so the buttons say so.
        if (r.error.kind == DbError::Kind::PermissionDenied)
            m_worker->refreshServerInfo();
        return;
    }
}

void HoroscopeEditor::resolveConflict(const HoroscopeStore::SaveResult& r, bool deleted,
                                      ConflictDialog::Choice choice,
                                      const std::function<void()>& then)
{
    switch (choice) {
    case ConflictDialog::Choice::KeepMine:
        if (deleted) {
            m_deleted = true;
        } else {
            m_record = r.current; // their version is the one we now knowingly replace
            m_base = r.current.content;
        }
        saveThen(then);
        return;
    case ConflictDialog::Choice::TakeTheirs:
        if (deleted) {
            clear();
            showStatus(tr("The horoscope was deleted; your changes were dropped."));
        } else {
            setRecord(r.current, true);
            showStatus(tr("Their text is shown now; yours was dropped (Ctrl+Z brings it "
                          "back)."));
            reloadHistory();
        }
        then();
        return;
    case ConflictDialog::Choice::KeepEditing:
        if (deleted) {
            m_deleted = true;
            showStatus(tr("The horoscope was deleted meanwhile. Saving puts it back with "
                          "your text."));
        } else {
            m_record = r.current;
            m_base = r.current.content;
            showStatus(tr("Your text is kept. Saving now replaces the version someone "
                          "else saved."));
        }
        updateState();
        return;
    }
}

void HoroscopeEditor::leave(const std::function<void()>& proceed)
{
    if (!isDirty()) {
        proceed();
        return;
    }
    if (m_busy) {
        // A save is queued or running: neither dropping nor saving again is right.
        showStatus(tr("Your text is being saved. Wait until it is stored (the connection may "
                      "have to come back first), then go on."),
                   true);
        return;
    }
    const QString what = u"%1, %2"_s.arg(ZodiacSign::display(m_record.sign),
                                         QLocale().toString(m_record.date, QLocale::ShortFormat));
    switch (Confirm::askUnsaved(this,
                                tr("The horoscope %1 has unsaved changes. Save them?").arg(what))) {
    case Confirm::Unsaved::Save:
        saveThen(proceed);
        return;
    case Confirm::Unsaved::Discard:
        setText(m_base);
        proceed();
        return;
    case Confirm::Unsaved::Cancel:
        return;
    }
}

void HoroscopeEditor::reloadHistory()
{
    if (m_record.id == 0)
        return;
    const ConnectionSpec spec = m_worker->spec();
    const bool revisions = m_revisions;
    const HoroscopeRecord record = m_record;
    m_worker->run<HistoryResult>(
        this,
        [spec, revisions, record](QSqlDatabase& db) {
            HistoryResult r;
            HoroscopeStore store(db, spec, revisions);
            r.ok = store.revisions(record.sign, record.date, &r.revisions, &r.error);
            return r;
        },
        [this, id = record.id](HistoryResult r) {
            if (id != m_record.id || !r.ok)
                return;
            m_history = r.revisions;
            m_versions->clear();
            const QLocale locale;
            m_versions->addItem(tr("Current text (generated %1)")
                                    .arg(locale.toString(m_record.generatedAt.toLocalTime(),
                                                         QLocale::ShortFormat)));
            for (const HoroscopeRevision& rev : std::as_const(m_history)) {
                const QString when =
                    locale.toString(rev.changedAt.toLocalTime(), QLocale::ShortFormat);
                const QString who = rev.application.isEmpty()
                                        ? rev.changedBy
                                        : u"%1 (%2)"_s.arg(rev.changedBy, rev.application);
                QString label =
                    rev.operation == u"DELETE" ? tr("Before deletion on %1 by %2").arg(when, who)
                    : rev.regenerated ? tr("Before regeneration on %1 by %2").arg(when, who)
                                      : tr("Before the edit on %1 by %2").arg(when, who);
                m_versions->addItem(label);
            }
            updateRestore();
            m_tabs->setTabText(1, tr("History (%1)").arg(m_history.size()));
        });
}

void HoroscopeEditor::updateRestore()
{
    const QList<QListWidgetItem*> selected = m_versions->selectedItems();
    const bool oneEarlier = selected.size() == 1 && m_versions->row(selected.first()) > 0;
    ActionGate::apply(m_restore, oneEarlier,
                      m_privileges.reason(Privileges::Action::RestoreVersion),
                      tr("Make this version the current text and save it"));
}

int HoroscopeEditor::historyCount() const
{
    return static_cast<int>(m_history.size());
}

void HoroscopeEditor::compareVersions(int newer, int older)
{
    auto textOf = [this](int row) { return row == 0 ? m_base : m_history.value(row - 1).content; };
    const QList<TextDiff::Piece> pieces = TextDiff::compute(textOf(older), textOf(newer));
    const auto [removed, added] = TextDiff::changedCharacters(pieces);
    m_diff->setHtml(tr("<p><i>%1 character(s) removed, %2 added.</i></p>").arg(removed).arg(added) +
                    TextDiff::toHtml(pieces));
}

QString HoroscopeEditor::diffHtml() const
{
    return m_diff->toHtml();
}

void HoroscopeEditor::restoreVersion(int row)
{
    if (row <= 0 || row > m_history.size())
        return;
    if (const QString why = m_privileges.reason(Privileges::Action::RestoreVersion);
        !why.isEmpty()) {
        showStatus(why, true);
        return;
    }
    setText(m_history.at(row - 1).content);
    m_tabs->setCurrentIndex(0);
    save();
}
