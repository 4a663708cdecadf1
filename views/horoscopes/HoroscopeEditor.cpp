#include "HoroscopeEditor.h"

#include "ActionGate.h"
#include "CharacterCount.h"
#include "Confirm.h"
#include "ConflictDialog.h"
#include "EditorDrafts.h"
#include "EditorPresence.h"
#include "ElidedLabel.h"
#include "HistoryWording.h"
#include "MessageBar.h"
#include "SpellCheck.h"
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

HoroscopeEditor::HoroscopeEditor(Database* database, QWidget* parent)
    : QWidget(parent)
    , m_horoscopes(database)
    , m_title(new ElidedLabel(this))
    , m_meta(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_text(new QPlainTextEdit(this))
    , m_count(new CharacterCount(this))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("Save"), this))
    , m_revert(new QPushButton(tr("Revert"), this))
    , m_versions(new QListWidget(this))
    , m_diff(new QTextBrowser(this))
    , m_restore(new QPushButton(tr("Restore this version"), this))
{
    // Sign and long date in a long language must not widen the window: elided, whole in the
    // tooltip and the accessible name.
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_meta->setWordWrap(true);
    // Status texts never widen the pane (and squeeze the list) as they change: the count has a
    // line of its own under the text (beside the buttons, a long translation of the buttons left
    // it nothing at 1,024 px) and wraps in it.
    m_count->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_count->setMinimumWidth(0);
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
    m_meta->setObjectName(u"horoscopeMeta"_s);
    m_text->setObjectName(u"horoscopeText"_s);
    m_text->setAccessibleName(tr("Horoscope text"));
    m_versions->setAccessibleName(tr("Versions"));
    m_diff->setAccessibleName(tr("Changes in the selected version"));

    auto* textPage = new QWidget(this);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);
    auto* textLayout = new QVBoxLayout(textPage);
    textLayout->setContentsMargins(0, 4, 0, 0);
    // Drafts and spell checking live in their own files; these are their only hooks here.
    m_drafts = new EditorDrafts(this, database);
    textLayout->addWidget(m_drafts->offerBar());
    textLayout->addWidget(m_drafts->notKeptBar());
    m_presence = new EditorPresence(this, database);
    textLayout->addWidget(m_presence->bar());
    new SpellCheck(m_text);
    textLayout->addWidget(m_text, 1);
    textLayout->addWidget(m_count);
    textLayout->addLayout(buttons);
    textLayout->addWidget(m_status);

    auto* historyPage = new QWidget(this);
    m_versions->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // Two lines an entry (what happened and by whom; when, role, application), wrapped
    // rather than cut off in a narrow pane.
    m_versions->setWordWrap(true);
    m_versions->setResizeMode(QListView::Adjust);
    m_versions->setTextElideMode(Qt::ElideNone);
    m_versions->setAlternatingRowColors(true); // where one two-line entry ends
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
    connect(m_text, &QPlainTextEdit::textChanged, this, &HoroscopeEditor::updateHighlight);
    connect(m_versions, &QListWidget::itemSelectionChanged, this, [this] {
        QList<int> rows;
        for (const QListWidgetItem* item : m_versions->selectedItems())
            rows << m_versions->row(item);
        std::sort(rows.begin(), rows.end());
        if (rows.size() >= 2)
            compareVersions(rows.first(), rows.last());
        else if (rows.size() == 1 && rows.first() + 1 < m_versions->count())
            compareVersions(rows.first(), rows.first() + 1); // what made this version
        else if (rows.size() == 1)                           // the oldest: as it was generated
            compareVersions(rows.first(), rows.first());
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

namespace {
// A key press that types, deletes or pastes: what a read-only text ignores.
bool wouldEdit(const QKeyEvent& key)
{
    if (key.matches(QKeySequence::Paste) || key.matches(QKeySequence::Cut) ||
        key.matches(QKeySequence::Undo) || key.matches(QKeySequence::Redo))
        return true;
    switch (key.key()) {
    case Qt::Key_Backspace:
    case Qt::Key_Delete:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return key.modifiers() == Qt::NoModifier || key.modifiers() == Qt::ShiftModifier;
    default:
        break;
    }
    const QString text = key.text();
    return !text.isEmpty() && text.front().isPrint() &&
           !(key.modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier));
}
} // namespace

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
        if (!m_lock.isEmpty() && m_record.id != 0 && wouldEdit(*key)) {
            emit lockedKeyPressed();
            return true;
        }
        // A key that would change the text of a read-only one: say why nothing happens.
        if (const QString why = m_privileges.reason(Privileges::Action::EditText);
            !why.isEmpty() && m_record.id != 0 && wouldEdit(*key)) {
            showStatus(tr("This text is read-only: %1 Ask the database owner for: %2")
                           .arg(why, m_privileges.grantFor(Privileges::Action::EditText)),
                       true);
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

void HoroscopeEditor::setHighlight(const QString& term)
{
    m_highlight = term.trimmed();
    updateHighlight();
}

void HoroscopeEditor::updateHighlight()
{
    QList<QTextEdit::ExtraSelection> marks;
    if (!m_highlight.isEmpty()) {
        QTextCharFormat format;
        format.setBackground(QColor(0xff, 0xe0, 0x66));
        QTextDocument* doc = m_text->document();
        for (QTextCursor at = doc->find(m_highlight); !at.isNull();
             at = doc->find(m_highlight, at)) {
            marks.append({at, format});
        }
    }
    m_text->setExtraSelections(marks);
}

int HoroscopeEditor::highlightCount() const
{
    return static_cast<int>(m_text->extraSelections().size());
}

void HoroscopeEditor::showStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color:#b00020;"_s : QString());
}

void HoroscopeEditor::setLock(const QString& reason)
{
    if (reason == m_lock)
        return;
    m_lock = reason;
    updateState();
}

void HoroscopeEditor::setPrivileges(const Privileges& privileges)
{
    m_privileges = privileges;
    m_tabs->setTabToolTip(1, privileges.reason(Privileges::Action::ReadHistory));
    updateState();
    updateRestore();
}

HoroscopeEditor::State HoroscopeEditor::restingState() const
{
    if (m_record.id == 0)
        return State::Empty;
    return isDirty() ? State::Dirty : State::Clean;
}

void HoroscopeEditor::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void HoroscopeEditor::updateState()
{
    // Typing and reverting move between Clean and Dirty; the other states end on an answer.
    if (m_state == State::Clean || m_state == State::Dirty || m_state == State::Empty)
        setState(restingState());
    const bool busy = isBusy();
    const bool dirty = isDirty();
    QStringList more;
    if (dirty)
        more << tr("unsaved changes");
    QString noEdit = m_privileges.reason(Privileges::Action::EditText);
    if (noEdit.isEmpty())
        noEdit = m_lock;
    // Typing into a read-only text does nothing: say so where the eyes are.
    if (!noEdit.isEmpty() && m_record.id != 0)
        more << tr("read-only");
    if (m_record.id == 0)
        m_count->clear(); // no horoscope, nothing to count ("0 characters" under the hint)
    else
        m_count->count(m_text->toPlainText(), more, noEdit);
    ActionGate::apply(m_save, dirty && !busy, noEdit, tr("Save (Ctrl+S)"));
    // Unsaved text can always be thrown away, even once the privilege to save it is gone.
    ActionGate::apply(m_revert, dirty && !busy, dirty ? QString() : noEdit,
                      tr("Go back to the saved text (Esc); Ctrl+Z undoes that too"));
    const bool mayEdit = noEdit.isEmpty();
    // Clean, Dirty and Saving take input: what is typed while a save waits (for a lost
    // connection, say) stays, unsaved, against the version the save writes. Loading another
    // horoscope or deciding a conflict, typing could be lost.
    const bool takesInput =
        m_state == State::Clean || m_state == State::Dirty || m_state == State::Saving;
    m_text->setReadOnly(!takesInput || !mayEdit);
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
    m_loads.forget();
    m_histories.forget();
    setState(State::Empty);
    m_record = {};
    m_base.clear();
    m_deleted = false;
    m_history.clear();
    m_title->setFullText(tr("No horoscope selected"));
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
    m_title->setFullText(u"%1 — %2"_s.arg(ZodiacSign::display(record.sign),
                                          QLocale().toString(record.date, QLocale::LongFormat)));
    QString meta =
        tr("Generated %1")
            .arg(QLocale().toString(record.generatedAt.toLocalTime(), QLocale::ShortFormat));
    if (record.corrected) // until the history says who
        meta += u"  ·  "_s + tr("corrected by hand");
    m_meta->setText(meta);
    if (replaceText)
        setText(record.content);
    updateState();
    emit recordChanged(record);
}

void HoroscopeEditor::open(int id)
{
    if (id == m_record.id && !isDirty() && m_state != State::Loading)
        return;
    if (m_state == State::Saving || m_state == State::Conflict)
        return; // callers use leave() first, which waits for these to settle
    load(id);
}

void HoroscopeEditor::refresh()
{
    switch (m_state) {
    case State::Clean:
        load(m_record.id);
        return;
    case State::Dirty:
        showStatus(tr("Someone changed this horoscope meanwhile. Your text is kept; saving shows "
                      "both versions to decide."),
                   true);
        return;
    default: // Loading reads the newest anyway; a save or a conflict finds out itself
        return;
    }
}

void HoroscopeEditor::load(int id)
{
    m_loadingId = id;
    // Nothing typed now could be kept: the text is read-only until the other one is here.
    const State before = m_state == State::Loading ? restingState() : m_state;
    setState(State::Loading);
    showStatus(tr("Loading…"));
    updateState();
    m_horoscopes.load(this, id, m_loads.wrap<HoroscopeRecord>([this, before](auto r) {
        if (!r.ok()) {
            setState(before);
            showStatus(r.error.message, true);
            updateState();
            return;
        }
        if (isDirty()) { // never replace unsaved text
            setState(State::Dirty);
            showStatus(tr("Another horoscope was not opened: this text has unsaved changes. "
                          "Save or revert it first."),
                       true);
            updateState();
            return;
        }
        // The record first: the loaded text is never unsaved against the previous one (that
        // said "dirty, then clean" and the drafts deleted the new horoscope's draft unread).
        m_record = r.value;
        m_base = r.value.content;
        m_text->setPlainText(r.value.content); // a new document: a fresh undo history
        updateHighlight();                     // a new document drops the marks
        setRecord(r.value, false);
        setState(State::Clean);
        showStatus({});
        updateState();
        reloadHistory();
    }));
}

void HoroscopeEditor::revert()
{
    if (m_state != State::Dirty)
        return;
    setText(m_base);
    showStatus(tr("Reverted to the saved text. Ctrl+Z brings your changes back."));
}

void HoroscopeEditor::restoreText(const QString& text, const QString& baseText,
                                  const QString& baseXmin)
{
    if (m_state != State::Clean && m_state != State::Dirty)
        return;
    if (baseXmin != m_record.xmin) {
        m_record.xmin = baseXmin;
        m_record.content = baseText;
        m_base = baseText;
        showStatus(tr("Your recovered text started from an older version. Saving shows both "
                      "versions to decide."),
                   true);
    }
    setText(text);
}

void HoroscopeEditor::save()
{
    saveThen([] {});
}

void HoroscopeEditor::saveThen(const std::function<void()>& then)
{
    if (m_state != State::Dirty && !(m_state == State::Clean && m_deleted))
        return; // nothing to save, or a load, a save or a conflict is under way
    if (const QString why = m_privileges.reason(Privileges::Action::EditText); !why.isEmpty()) {
        showStatus(why, true); // Ctrl+S, or Save when leaving: say why nothing happens
        return;
    }
    const QString mine = m_text->toPlainText();
    if (const QString problem = HoroscopeStore::validate(mine); !problem.isEmpty()) {
        showStatus(problem, true);
        return;
    }
    setState(State::Saving);
    updateState();
    showStatus(m_horoscopes.database()->state() == Database::State::Connected
                   ? tr("Saving…")
                   : tr("Waiting for the database connection to save… Your text is kept."));
    // A restore that is saved as it was put back says so in the history.
    qint64 restoredFrom = 0;
    for (const HoroscopeRevision& rev : std::as_const(m_history)) {
        if (rev.revisionId == m_restoringFrom && rev.content == mine)
            restoredFrom = rev.revisionId;
    }
    m_restoringFrom = 0;
    m_saveCancel = std::make_shared<Cancellation>();
    m_horoscopes.save(this, m_record, mine, m_deleted,
                      m_saves.wrap<HoroscopeService::Saved>(
                          [this, mine, then](auto r) { finishSave(r, mine, then); }),
                      restoredFrom, m_saveCancel);
}

void HoroscopeEditor::finishSave(const DbResult<HoroscopeService::Saved>& r, const QString& mine,
                                 const std::function<void()>& then)
{
    m_saveCancel.reset();
    // "Keep waiting" goes on only once the text is stored; anything else asks again.
    const std::function<void()> afterSave = std::exchange(m_afterSave, {});
    if (!r.ok()) {
        setState(restingState());
        showStatus(r.error.message + u' ' + tr("Your text is kept."), true);
        updateState();
        // The privileges changed since they were read: read them again, so the buttons say so.
        if (r.error.kind == DbError::Kind::PermissionDenied)
            m_horoscopes.database()->refreshServerInfo();
        return;
    }
    using Outcome = HoroscopeService::Saved::Outcome;
    const HoroscopeService::Saved& answer = r.value;
    switch (answer.outcome) {
    case Outcome::Saved: {
        // Text typed while the save was under way stays in the editor, unsaved.
        const bool typedMeanwhile = m_text->toPlainText() != mine;
        setRecord(answer.current, false);
        if (!typedMeanwhile && m_text->toPlainText() != answer.current.content)
            setText(answer.current.content);
        setState(restingState());
        updateState();
        showStatus(typedMeanwhile ? tr("Saved. What you typed since is not saved yet.")
                                  : tr("Saved."));
        emit saved(answer.current);
        reloadHistory();
        then();
        if (afterSave)
            afterSave();
        return;
    }
    case Outcome::Conflict:
    case Outcome::Deleted: {
        const bool deleted = answer.outcome == Outcome::Deleted;
        setState(State::Conflict);
        updateState();
        // What was typed while the save went on is part of what the person wants to keep.
        const QString current = m_text->toPlainText();
        // Who changed it comes from the history (none when it cannot be read: the dialog
        // then just says "changed"). The decision comes back later, from the dialog's
        // finished signal: no event loop runs inside this answer.
        m_horoscopes.history(
            this, deleted ? m_record : answer.current,
            [this, answer, deleted, current, then](DbResult<QList<HoroscopeRevision>> history) {
                ConflictDialog::ask(
                    this, current, m_base, deleted ? QString() : answer.current.content, deleted,
                    history.ok() ? HistoryWording::lastChange(history.value) : QString(),
                    [this, answer, deleted, then](ConflictDialog::Choice choice,
                                                  const QString& merged) {
                        resolveConflict(answer, deleted, choice, merged, then);
                    });
            });
        return;
    }
    }
}

void HoroscopeEditor::resolveConflict(const HoroscopeService::Saved& r, bool deleted,
                                      ConflictDialog::Choice choice, const QString& merged,
                                      const std::function<void()>& then)
{
    setState(State::Dirty); // until decided below: the text is still theirs or unsaved
    if (choice == ConflictDialog::Choice::SaveMerged && !deleted) {
        if (merged == r.current.content) {
            choice = ConflictDialog::Choice::TakeTheirs; // every difference went their way
        } else {
            m_record = r.current; // their version is the one the merge knowingly replaces
            m_base = r.current.content;
            setState(restingState());
            setText(merged); // one undoable step: Ctrl+Z gives back the text before merging
            saveThen(then);
            return;
        }
    }
    switch (choice) {
    case ConflictDialog::Choice::SaveMerged: // deleted: there is nothing of theirs to merge
    case ConflictDialog::Choice::KeepMine:
        if (deleted) {
            m_deleted = true;
        } else {
            m_record = r.current; // their version is the one we now knowingly replace
            m_base = r.current.content;
        }
        setState(restingState());
        saveThen(then);
        return;
    case ConflictDialog::Choice::TakeTheirs:
        if (deleted) {
            clear();
            showStatus(tr("The horoscope was deleted; your changes were dropped."));
        } else {
            m_base = r.current.content; // their text replaces mine: no longer unsaved
            setState(State::Clean);
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
        setState(restingState());
        updateState();
        return;
    }
}

void HoroscopeEditor::leave(const std::function<void()>& proceed, Leaving leaving)
{
    if (!isDirty()) {
        proceed();
        return;
    }
    if (m_state == State::Saving && leaving != Leaving::WithinWindow &&
        m_horoscopes.database()->state() != Database::State::Connected) {
        askKeepDraft(proceed, leaving); // the server may be away for hours
        return;
    }
    if (isBusy()) {
        // A save is queued or running, or its conflict undecided: neither dropping nor saving
        // again is right.
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

void HoroscopeEditor::askKeepDraft(const std::function<void()>& proceed, Leaving leaving)
{
    const bool keepDraft = Confirm::ask(
        this, tr("Save Waiting"),
        tr("Your save is waiting for the database connection. Keep your text as a draft (offered "
           "again the next time you open this database) or keep waiting?"),
        leaving == Leaving::Close ? tr("Keep as draft and close") : tr("Keep as draft and go on"),
        false, tr("Keep waiting"));
    // While the question was open the connection may have come back and the save ended.
    if (!keepDraft) {
        if (m_state == State::Saving) {
            m_afterSave = proceed;
            showStatus(leaving == Leaving::Close
                           ? tr("Waiting for the database connection to save… The window "
                                "closes once your text is saved.")
                           : tr("Waiting for the database connection to save… The other "
                                "database opens once your text is saved."));
        } else if (!isDirty()) {
            proceed();
        }
        return;
    }
    if (m_state == State::Saving)
        abandonSave();
    if (isDirty())
        m_drafts->flush(); // on disk before anything goes away
    proceed();
}

void HoroscopeEditor::abandonSave()
{
    if (m_saveCancel)
        m_saveCancel->cancel();
    m_saveCancel.reset();
    m_saves.forget();
    m_afterSave = {};
    setState(restingState());
    updateState();
    showStatus(tr("Not saved: your text is kept as a draft."));
}
