#pragma once

#include "DraftStore.h"

#include <QObject>
#include <QThread>
#include <QTimer>
#include <functional>
#include <optional>

class Database;
class HoroscopeEditor;
class MessageBar;
struct HoroscopeRecord;

// Keeps the editor's unsaved text on disk as it is typed (DraftStore, written a moment after
// the last keystroke), and offers it back when that horoscope is opened again after a crash
// or a kill: "Unsaved text from 14:32 was recovered. Restore / Discard", in a bar above the
// text. Saving, reverting or discarding the text deletes the draft. When the horoscope was
// changed in the database after the draft was taken, the bar says so, and restoring puts the
// editor back on the version the draft started from, so saving shows the conflict.
// The files are read, written and deleted in order on a thread of its own: a write flushes
// to the disk (12 ms here, far more on a busy disk), which typing must never wait for.
// A write that fails (a full disk, a folder that cannot be made) is said at once in a second
// bar above the text, "Your text cannot be kept on disk (No space left on device): save it or
// copy it before closing.", until a later write succeeds or the text is saved or reverted.
class EditorDrafts final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kWriteDelayMs = 700;

    EditorDrafts(HoroscopeEditor* editor, Database* database, DraftStore store = DraftStore());
    ~EditorDrafts() override; // waits for the writes still queued

    MessageBar* offerBar() const { return m_bar; }
    MessageBar* notKeptBar() const { return m_notKeptBar; }
    const DraftStore& store() const { return m_store; }
    // A recovered draft waits for Restore or Discard (the bar's close button means "not now").
    bool isOffering() const;
    QString databaseKey() const;

    void restore();
    void discard();
    void writeNow(); // a pending write, at once
    void flush();    // writeNow(), and wait until every queued write is on disk
    // Someone took the horoscope over (EditorPresence): the unsaved text is written now and
    // stays on disk when the editor drops it, to be offered the next time it is opened.
    void keepForLater();
    // The drafts found when the database became known whose horoscope was not opened since.
    const QList<int>& recovered() const { return m_recovered; }
    // Where "2 unsaved texts were recovered. Open" is said: the window's bar, seen on any page.
    void setRecoveredBar(MessageBar* bar) { m_recoveredBar = bar; }
    void openNextRecovered();

signals:
    // Emitted on the disk thread after each write; `kept` false with the system's reason.
    void draftWritten(int horoscopeId, bool kept, const QString& error);
    // The user asked to see a recovered text: whoever shows the list opens that horoscope.
    void openRequested(int horoscopeId);

private:
    void onDraftWritten(int horoscopeId, bool kept, const QString& error);
    void onTextChanged();
    void onRecordChanged(const HoroscopeRecord& record);
    void onDirtyChanged(bool dirty);
    void offer(const HoroscopeRecord& record);
    void showOffer(int id, const std::optional<DraftStore::Draft>& draft);
    void closeOffer();
    void onDiskThread(std::function<void()> job);
    void removeDraft(int id);
    void lookForRecovered();
    void showRecovered();

    HoroscopeEditor* m_editor;
    Database* m_database;
    DraftStore m_store;
    QTimer m_timer;
    QThread m_diskThread;
    QObject* m_disk; // lives in m_diskThread: its queued calls run there, in order
    MessageBar* m_bar;
    MessageBar* m_notKeptBar;
    MessageBar* m_recoveredBar = nullptr;
    QString m_recoveredText; // what m_recoveredBar says, to take back only that
    QList<int> m_recovered;  // see recovered()
    bool m_lookedForRecovered = false;
    int m_shownId = 0; // the horoscope whose draft was looked for
    int m_readId = 0;  // the horoscope whose draft was read: only then may it be removed
    std::optional<DraftStore::Draft> m_offered;
};
