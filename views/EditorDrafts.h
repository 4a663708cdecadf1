#pragma once

#include "DraftStore.h"

#include <QObject>
#include <QTimer>
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
class EditorDrafts final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kWriteDelayMs = 700;

    EditorDrafts(HoroscopeEditor* editor, Database* database, DraftStore store = DraftStore());

    MessageBar* offerBar() const { return m_bar; }
    const DraftStore& store() const { return m_store; }
    // A recovered draft waits for Restore or Discard (the bar's close button means "not now").
    bool isOffering() const;
    QString databaseKey() const;

    void restore();
    void discard();
    void writeNow(); // a pending write, at once

private:
    void onTextChanged();
    void onRecordChanged(const HoroscopeRecord& record);
    void onDirtyChanged(bool dirty);
    void offer(const HoroscopeRecord& record);
    void closeOffer();

    HoroscopeEditor* m_editor;
    Database* m_database;
    DraftStore m_store;
    QTimer m_timer;
    MessageBar* m_bar;
    int m_shownId = 0; // the horoscope whose draft was looked for
    std::optional<DraftStore::Draft> m_offered;
};
