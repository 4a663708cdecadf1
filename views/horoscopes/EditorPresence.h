#pragma once

#include <QObject>
#include <QPointer>
#include <QToolButton>

#include "HoroscopeTableModel.h"

class Database;
class EditingPresence;
class HoroscopeEditor;
class MessageBar;

// Who else has the editor's horoscope open (EditingPresence), said above the text before
// anyone types: "Boris Ivanov is editing this since 10:02". When Boris has unsaved text, the
// text here is read-only until *Take over* (a key that would type moves the focus there);
// Boris's window then says "Anna Petrova took over", keeps his text as a draft (EditorDrafts)
// and shows the stored text, read-only. The list marks the rows open in other windows.
class EditorPresence final : public QObject
{
    Q_OBJECT
public:
    EditorPresence(HoroscopeEditor* editor, Database* database);

    MessageBar* bar() const { return m_bar; }
    EditingPresence* presence() const { return m_presence; }
    QToolButton* takeOverButton() const { return m_takeOver; }
    void markRowsIn(HoroscopeTableModel* model);
    void takeOver();

    // "Boris Ivanov is editing this since 10:02": `since` in local time, the date too when it
    // is not today.
    static QString editingSince(const QString& person, const QDateTime& since);

private:
    void onRecordChanged();
    void show();
    void onTakenOver(const QString& person, const QDateTime& at);
    void updateRows();

    HoroscopeEditor* m_editor;
    EditingPresence* m_presence;
    MessageBar* m_bar;
    QPointer<QToolButton> m_takeOver;
    QPointer<HoroscopeTableModel> m_model;
    int m_openId = 0;        // the horoscope announced
    bool m_tookOver = false; // this window took it over: the others no longer hold it
    QString m_takenOverBy;   // someone took it from this window: said until another opens
    QString m_shown;         // the bar's message, so a heartbeat that changes nothing is quiet
};
