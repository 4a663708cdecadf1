#pragma once

#include "ConflictDialog.h"
#include "HoroscopeStore.h"
#include "Privileges.h"

#include <QWidget>
#include <functional>

class DatabaseWorker;
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
class HoroscopeEditor final : public QWidget
{
    Q_OBJECT
public:
    HoroscopeEditor(DatabaseWorker* worker, QWidget* parent = nullptr);

    void setRevisionsAvailable(bool available) { m_revisions = available; }
    // What the connected role may do: without UPDATE of the text it becomes read-only, and
    // Save, Revert and Restore say why they are off.
    void setPrivileges(const Privileges& privileges);
    void open(int id); // does not ask: callers use leave() first
    void clear();
    // Runs `proceed` when there is nothing unsaved, or after the user chose Save (and it
    // succeeded) or Discard; does nothing when they chose Cancel.
    void leave(const std::function<void()>& proceed);

    bool isDirty() const;
    bool isBusy() const { return m_busy; }
    int currentId() const { return m_record.id; }
    const HoroscopeRecord& record() const { return m_record; }
    QString text() const;
    void setText(const QString& text); // as if typed
    QPlainTextEdit* textEdit() const { return m_text; }
    QString status() const;

    void save();
    void revert();
    void reloadHistory();
    void compareVersions(int newer, int older); // rows of the history list
    void restoreVersion(int row);
    QString diffHtml() const;
    int historyCount() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    void saved(const HoroscopeRecord& record);
    void recordChanged(const HoroscopeRecord& record); // loaded, or replaced by theirs
    void dirtyChanged(bool dirty);

private:
    void setRecord(const HoroscopeRecord& record, bool replaceText);
    void finishSave(const HoroscopeStore::SaveResult& result, const QString& mine,
                    const std::function<void()>& then);
    void resolveConflict(const HoroscopeStore::SaveResult& result, bool deleted,
                         ConflictDialog::Choice choice, const std::function<void()>& then);
    void saveThen(const std::function<void()>& then);
    void showStatus(const QString& text, bool error = false);
    void updateState();
    void updateRestore();

    DatabaseWorker* m_worker;
    bool m_revisions = false;
    Privileges m_privileges;
    HoroscopeRecord m_record;
    QString m_base; // the text as stored when loaded or last saved
    bool m_deleted = false;
    bool m_busy = false;
    bool m_wasDirty = false;
    QList<HoroscopeRevision> m_history;

    QLabel* m_title;
    QLabel* m_meta;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_text;
    QLabel* m_count;
    QLabel* m_status;
    QPushButton* m_save;
    QPushButton* m_revert;
    QListWidget* m_versions;
    QTextBrowser* m_diff;
    QPushButton* m_restore;
};
