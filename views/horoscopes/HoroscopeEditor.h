#pragma once

#include "ConflictDialog.h"
#include "HoroscopeService.h"
#include "Privileges.h"

#include <QWidget>
#include <functional>

class CharacterCount;
class EditorDrafts;
class EditorPresence;
class ElidedLabel;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;

// The detail pane: the whole text in a comfortable editor (word wrap, character count, undo),
// Ctrl+S saves, Esc reverts. A save names the row version it started from; when someone else
// changed or deleted the row meanwhile, the conflict is shown and nothing is overwritten
// without a decision. The history tab lists earlier versions with a diff and can restore one.
//
// A small state machine decides what the text accepts, so nothing typed can be lost:
//   Empty ──open──▶ Loading ──loaded──▶ Clean ◀──typing/revert──▶ Dirty ──save──▶ Saving
//   Saving ──saved──▶ Clean;  Saving ──someone else's change──▶ Conflict ──decision──▶ …
//   Saving or Loading ──failed──▶ back where it was (the text kept)
// The text is editable only in Clean and Dirty; a loaded text never replaces a Dirty one.
class HoroscopeEditor final : public QWidget
{
    Q_OBJECT
public:
    enum class State { Empty, Loading, Clean, Dirty, Saving, Conflict };
    Q_ENUM(State)

    HoroscopeEditor(Database* database, QWidget* parent = nullptr);

    // What the connected role may do: without UPDATE of the text it becomes read-only, and
    // Save, Revert and Restore say why they are off.
    void setPrivileges(const Privileges& privileges);
    void open(int id); // does not ask: callers use leave() first
    // The row was changed elsewhere (regenerated, saved in another window, by the bot): a
    // Clean text is read again with its history; a Dirty one stays and is told.
    void refresh();
    // The horoscope shown, or the one being opened.
    int targetId() const { return m_state == State::Loading ? m_loadingId : m_record.id; }
    void clear();
    // Where leave() goes. Out of the window (closing it, another database) while a save waits
    // for a lost connection, the text may be kept as a draft instead of waiting for the server.
    enum class Leaving { WithinWindow, Close, AnotherDatabase };
    // Runs `proceed` when there is nothing unsaved, or after the user chose Save (and it
    // succeeded) or Discard; does nothing when they chose Cancel. Leaving the window while a
    // save waits for the connection asks: keep the text as a draft and go on, or keep waiting
    // (and go on once it is saved).
    void leave(const std::function<void()>& proceed, Leaving leaving = Leaving::WithinWindow);

    State state() const { return m_state; }
    bool isDirty() const;
    bool isBusy() const
    {
        return m_state == State::Loading || m_state == State::Saving || m_state == State::Conflict;
    }
    int currentId() const { return m_record.id; }
    const HoroscopeRecord& record() const { return m_record; }
    QString text() const;
    void setText(const QString& text); // as if typed
    QPlainTextEdit* textEdit() const { return m_text; }
    QString status() const;
    // Marks every occurrence of the list's search term in the text (case-insensitive).
    void setHighlight(const QString& term);
    int highlightCount() const;

    // A recovered draft (EditorDrafts): `text` typed on top of `baseText`, row version
    // `baseXmin`. When that is older than the row, the editor starts from it again, so a save
    // shows the conflict.
    void restoreText(const QString& text, const QString& baseText, const QString& baseXmin);
    EditorDrafts* drafts() const { return m_drafts; }
    EditorPresence* presence() const { return m_presence; }
    // Someone else holds the text (EditorPresence): read-only, and `reason` says why; empty
    // gives it back.
    void setLock(const QString& reason);
    const QString& lock() const { return m_lock; }

    void save();
    void revert();
    void reloadHistory();
    void compareVersions(int newer, int older); // rows of the history list
    void restoreVersion(int row);
    // Shows horoscope `id`'s History tab at the version the change `revisionId` made, once
    // that horoscope and its history are loaded.
    void showVersionOf(int id, qint64 revisionId);
    QString diffHtml() const;
    int historyCount() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void saved(const HoroscopeRecord& record);
    void recordChanged(const HoroscopeRecord& record); // loaded, or replaced by theirs
    void dirtyChanged(bool dirty);
    void stateChanged(HoroscopeEditor::State state);
    void lockedKeyPressed(); // a key that would have changed the text while setLock() holds it

private:
    void setRecord(const HoroscopeRecord& record, bool replaceText);
    void setState(State state);
    void load(int id);
    State restingState() const; // Clean, Dirty or Empty: what the text says
    void finishSave(const DbResult<HoroscopeService::Saved>& result, const QString& mine,
                    const std::function<void()>& then);
    void resolveConflict(const HoroscopeService::Saved& saved, bool deleted,
                         ConflictDialog::Choice choice, const QString& merged,
                         const std::function<void()>& then);
    void saveThen(const std::function<void()>& then);
    void askKeepDraft(const std::function<void()>& proceed, Leaving leaving);
    void abandonSave(); // the queued save writes nothing; its answer is dropped
    void showStatus(const QString& text, bool error = false);
    void updateState();
    void updateRestore();
    void updateHighlight();

    HoroscopeService m_horoscopes;
    LatestOnly m_loads;
    LatestOnly m_histories;
    LatestOnly m_saves;                         // forgotten when a waiting save is given up
    std::shared_ptr<Cancellation> m_saveCancel; // the save under way
    std::function<void()> m_afterSave;          // "Keep waiting": where leave() goes once saved
    State m_state = State::Empty;
    int m_loadingId = 0;
    QString m_highlight;
    Privileges m_privileges;
    HoroscopeRecord m_record;
    QString m_base; // the text as stored when loaded or last saved
    bool m_deleted = false;
    bool m_wasDirty = false;
    QList<HoroscopeRevision> m_history;
    qint64 m_restoringFrom = 0; // the revision restoreVersion() put back, until saved
    std::pair<int, qint64> m_showVersionOf{0, 0}; // showVersionOf(), until its history is there

    ElidedLabel* m_title;
    QLabel* m_meta;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_text;
    CharacterCount* m_count;
    QLabel* m_status;
    QPushButton* m_save;
    QPushButton* m_revert;
    QListWidget* m_versions;
    QTextBrowser* m_diff;
    QPushButton* m_restore;
    EditorDrafts* m_drafts = nullptr;     // kept on disk as typed (EditorDrafts.cpp)
    EditorPresence* m_presence = nullptr; // who else has it open (EditorPresence.cpp)
    QString m_lock;
};
