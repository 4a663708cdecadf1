#include "EditorDrafts.h"

#include "Database.h"
#include "HoroscopeEditor.h"
#include "MessageBar.h"

#include <QLocale>
#include <QPlainTextEdit>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

EditorDrafts::EditorDrafts(HoroscopeEditor* editor, Database* database, DraftStore store)
    : QObject(editor)
    , m_editor(editor)
    , m_database(database)
    , m_store(std::move(store))
    , m_disk(new QObject)
    , m_bar(new MessageBar(editor))
    , m_notKeptBar(new MessageBar(editor))
{
    m_disk->moveToThread(&m_diskThread);
    m_diskThread.setObjectName(u"drafts"_s);
    m_diskThread.start();
    m_bar->setAccessibleName(tr("Recovered text"));
    m_notKeptBar->setObjectName(u"draftNotKeptBar"_s);
    m_notKeptBar->setAccessibleName(tr("Text not kept on disk"));
    // Written on the disk thread, told here.
    connect(this, &EditorDrafts::draftWritten, this, &EditorDrafts::onDraftWritten,
            Qt::QueuedConnection);
    m_timer.setSingleShot(true);
    m_timer.setInterval(kWriteDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &EditorDrafts::writeNow);
    connect(editor->textEdit(), &QPlainTextEdit::textChanged, this, &EditorDrafts::onTextChanged);
    connect(editor, &HoroscopeEditor::recordChanged, this, &EditorDrafts::onRecordChanged);
    connect(editor, &HoroscopeEditor::dirtyChanged, this, &EditorDrafts::onDirtyChanged);
    // The database's identity comes with its server info, which may arrive after the first row.
    connect(database, &Database::serverInfoChanged, this, [this] {
        lookForRecovered();
        if (m_shownId != 0 && m_shownId == m_editor->currentId() && !m_offered &&
            !m_editor->isDirty())
            offer(m_editor->record());
    });
    connect(editor, &HoroscopeEditor::stateChanged, this, [this](HoroscopeEditor::State state) {
        if (state == HoroscopeEditor::State::Empty) {
            m_shownId = 0;
            m_readId = 0;
            closeOffer();
            m_notKeptBar->clear();
        }
    });
}

EditorDrafts::~EditorDrafts()
{
    m_diskThread.quit();
    m_diskThread.wait();
    delete m_disk;
}

void EditorDrafts::onDiskThread(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_disk, std::move(job));
}

void EditorDrafts::removeDraft(int id)
{
    onDiskThread([store = m_store, key = databaseKey(), id] { store.remove(key, id); });
}

QString EditorDrafts::databaseKey() const
{
    return DraftStore::databaseKey(m_database->serverInfo());
}

bool EditorDrafts::isOffering() const
{
    return m_offered.has_value() && !m_bar->isHidden();
}

void EditorDrafts::onTextChanged()
{
    // While a recovered draft waits for an answer, it stays on disk as it was.
    if (isOffering() || !m_editor->isDirty())
        return;
    m_timer.start();
}

void EditorDrafts::writeNow()
{
    m_timer.stop();
    const HoroscopeRecord& record = m_editor->record();
    if (isOffering() || !m_editor->isDirty() || record.id == 0)
        return;
    if (databaseKey().isEmpty()) {
        m_timer.start(); // the server info is still on its way
        return;
    }
    DraftStore::Draft draft;
    draft.text = m_editor->text();
    draft.baseText = record.content;
    draft.baseXmin = record.xmin;
    draft.savedAt = QDateTime::currentDateTimeUtc();
    onDiskThread([this, store = m_store, key = databaseKey(), id = record.id, draft] {
        QString error;
        const bool kept = store.write(key, id, draft, &error);
        if (!kept)
            qWarning("could not keep a draft of horoscope %d: %s", id, qPrintable(error));
        emit draftWritten(id, kept, error);
    });
}

void EditorDrafts::flush()
{
    writeNow();
    // Runs after every job queued before it.
    QMetaObject::invokeMethod(
        m_disk, [] {}, Qt::BlockingQueuedConnection);
}

void EditorDrafts::keepForLater()
{
    writeNow();
    // Not removed when the editor drops the text (only a draft that was read is), and offered
    // again on a later opening, not by the reload that follows now.
    m_readId = 0;
}

void EditorDrafts::onDraftWritten(int horoscopeId, bool kept, const QString& error)
{
    if (kept) {
        m_notKeptBar->clear();
        return;
    }
    // A late answer about a text that is saved, reverted or no longer shown says nothing now.
    if (horoscopeId != m_editor->currentId() || !m_editor->isDirty())
        return;
    const QString text = tr("Your text cannot be kept on disk (%1): save it or copy it before "
                            "closing.")
                             .arg(error);
    if (!m_notKeptBar->isHidden() && m_notKeptBar->text() == text)
        return;
    m_notKeptBar->showMessage(MessageBar::Type::Warning, text);
}

void EditorDrafts::onDirtyChanged(bool dirty)
{
    if (!dirty)
        m_notKeptBar->clear(); // nothing unsaved left to lose
    const int id = m_editor->currentId();
    // Never before its draft was read: that one may be from before a crash, not offered yet.
    if (dirty || id == 0 || isOffering() || id != m_readId)
        return;
    // Saved, reverted, discarded or replaced by theirs: nothing unsaved is left to keep.
    m_timer.stop();
    removeDraft(id);
}

void EditorDrafts::onRecordChanged(const HoroscopeRecord& record)
{
    if (record.id == m_shownId) {
        // Saved with text typed meanwhile, or replaced: the draft now starts from this version.
        if (m_editor->isDirty() && !isOffering())
            m_timer.start();
        return;
    }
    m_shownId = record.id;
    closeOffer();
    offer(record);
}

void EditorDrafts::offer(const HoroscopeRecord& record)
{
    if (databaseKey().isEmpty())
        return; // not known yet: asked again when the server info comes
    // Read in turn with the writes and deletions queued before it; answered here.
    onDiskThread([this, store = m_store, key = databaseKey(), id = record.id] {
        const std::optional<DraftStore::Draft> draft = store.read(key, id);
        QMetaObject::invokeMethod(this, [this, id, draft] { showOffer(id, draft); });
    });
}

void EditorDrafts::showOffer(int id, const std::optional<DraftStore::Draft>& draft)
{
    const HoroscopeRecord& record = m_editor->record();
    if (id == m_shownId && id == record.id) {
        m_readId = id;
        if (m_recovered.removeAll(id) > 0)
            showRecovered();
    }
    // None, or another horoscope is shown by now.
    if (!draft || m_offered || id != m_shownId || id != record.id)
        return;
    if (draft->text == record.content) { // restoring would change nothing
        removeDraft(id);
        return;
    }
    m_offered = draft;
    const QDateTime when = draft->savedAt.toLocalTime();
    const QLocale locale;
    const QString time = when.date() == QDate::currentDate()
                             ? locale.toString(when.time(), QLocale::ShortFormat)
                             : locale.toString(when, QLocale::ShortFormat);
    QString text = tr("Unsaved text from %1 was recovered.").arg(time);
    const bool changed = draft->baseText != record.content;
    if (changed)
        text += u' ' + tr("The horoscope was changed in the database since then: restoring "
                          "your text and saving shows both versions to decide.");
    m_bar->showMessage(changed ? MessageBar::Type::Warning : MessageBar::Type::Information, text);
    QToolButton* restoreButton = m_bar->addAction(tr("Restore"), [this] { restore(); });
    restoreButton->setObjectName(u"restoreDraftButton"_s);
    restoreButton->setToolTip(tr("Put the recovered text into the editor (Ctrl+Z undoes it)"));
    QToolButton* discardButton = m_bar->addAction(tr("Discard"), [this] { discard(); });
    discardButton->setObjectName(u"discardDraftButton"_s);
    discardButton->setToolTip(tr("Delete the recovered text"));
    for (QToolButton* b : {restoreButton, discardButton})
        b->setFocusPolicy(Qt::StrongFocus);
}

void EditorDrafts::lookForRecovered()
{
    if (m_lookedForRecovered || databaseKey().isEmpty())
        return;
    m_lookedForRecovered = true;
    // Before any write of this session is queued: what is there was left by an earlier one.
    onDiskThread([this, store = m_store, key = databaseKey()] {
        const QList<int> ids = store.ids(key);
        QMetaObject::invokeMethod(this, [this, ids] {
            m_recovered = ids;
            if (m_readId != 0)
                m_recovered.removeAll(m_readId); // already offered, or found to be nothing
            showRecovered();
        });
    });
}

void EditorDrafts::showRecovered()
{
    if (!m_recoveredBar)
        return;
    const auto count = m_recovered.size();
    if (count == 0) {
        if (!m_recoveredText.isEmpty() && m_recoveredBar->text() == m_recoveredText)
            m_recoveredBar->clear();
        m_recoveredText.clear();
        return;
    }
    m_recoveredText = count == 1 ? tr("1 unsaved text was recovered: open it to restore or "
                                      "discard it.")
                                 : tr("%1 unsaved texts were recovered: open each to restore or "
                                      "discard it.")
                                       .arg(count);
    // A warning: unsaved work waits, and the first connection's all-clear must not hide it.
    m_recoveredBar->showMessage(MessageBar::Type::Warning, m_recoveredText);
    QToolButton* open = m_recoveredBar->addAction(tr("Open"), [this] { openNextRecovered(); });
    open->setObjectName(u"openRecoveredButton"_s);
    open->setToolTip(tr("Open the next horoscope with a recovered text"));
    open->setFocusPolicy(Qt::StrongFocus);
}

void EditorDrafts::openNextRecovered()
{
    if (m_recovered.isEmpty())
        return;
    // Counted as opened now: one that cannot be loaded (deleted since) never blocks the next.
    const int id = m_recovered.takeFirst();
    showRecovered();
    emit openRequested(id); // its offer comes when it is shown
}

void EditorDrafts::closeOffer()
{
    m_offered.reset();
    m_bar->clear();
}

void EditorDrafts::restore()
{
    if (!isOffering())
        return;
    const DraftStore::Draft draft = *m_offered;
    const HoroscopeRecord& record = m_editor->record();
    const bool changed = draft.baseText != record.content;
    closeOffer();
    // When the row moved on, the editor goes back to the version the draft started from: the
    // save then finds the newer version and shows the conflict instead of overwriting it.
    m_editor->restoreText(draft.text, changed ? draft.baseText : record.content,
                          changed ? draft.baseXmin : record.xmin);
    m_editor->textEdit()->setFocus();
    writeNow();
}

void EditorDrafts::discard()
{
    if (!isOffering())
        return;
    closeOffer();
    removeDraft(m_editor->currentId());
    m_editor->textEdit()->setFocus();
}
