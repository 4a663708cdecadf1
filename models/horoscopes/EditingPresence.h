#pragma once

#include "PresenceService.h"

#include <QObject>
#include <QTimer>
#include <functional>

// One window's presence (PresenceService): which horoscope it shows, renewed on a heartbeat
// that also reads who else counts, for the editor ("Boris Ivanov is editing this since 10:02")
// and the list (rows open elsewhere). Needs no connection of its own: it runs on the window's.
class EditingPresence final : public QObject
{
    Q_OBJECT
public:
    explicit EditingPresence(Database* database, QObject* parent = nullptr);
    ~EditingPresence() override; // the row goes (a crash leaves it to expire)

    const QString& session() const { return m_mine.session; }
    // This window shows that horoscope now: said at once, and on every heartbeat.
    void open(const QString& sign, const QDate& date);
    void close();                  // shows none
    void setUnsaved(bool unsaved); // said at once when it changes
    // Takes the horoscope over from every other window on it; `done(true)` when it did.
    void takeOver(const std::function<void(bool)>& done);

    bool available() const { return m_available; }
    // The other windows that count on this window's horoscope, the longest open first.
    QList<PresenceService::Editor> here() const;
    const QList<PresenceService::Editor>& everyone() const { return m_others; }

signals:
    void changed(); // here() or everyone() changed
    // Someone took this window's horoscope over: it no longer counts as editing it.
    void takenOver(const QString& person, const QDateTime& at);

private:
    void beat();
    void answer(const DbResult<PresenceService::Beat>& r, quint64 serial);

    PresenceService m_service;
    QTimer m_timer;
    PresenceService::Mine m_mine;
    bool m_opening = false;  // the next beat opens
    bool m_inFlight = false; // one beat at a time: a slow server never piles them up
    bool m_again = false;    // something changed while one was in flight
    quint64 m_serial = 0;    // of the horoscope shown: answers about an earlier one are dropped
    bool m_available = true;
    QList<PresenceService::Editor> m_others;
};
