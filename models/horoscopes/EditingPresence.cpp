#include "EditingPresence.h"

#include <QUuid>

EditingPresence::EditingPresence(Database* database, QObject* parent)
    : QObject(parent)
    , m_service(database)
{
    m_mine.session = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_timer.setInterval(PresenceService::heartbeatMs());
    connect(&m_timer, &QTimer::timeout, this, &EditingPresence::beat);
    m_timer.start();
    // The list's marks need no horoscope open: the first look as soon as there is a connection.
    connect(database, &Database::connectionUp, this, &EditingPresence::beat);
}

EditingPresence::~EditingPresence()
{
    if (!m_mine.sign.isEmpty())
        m_service.leave(nullptr, m_mine.session, [](DbResult<>) {});
}

void EditingPresence::open(const QString& sign, const QDate& date)
{
    ++m_serial;
    m_mine.sign = sign;
    m_mine.date = date;
    m_mine.unsaved = false;
    m_opening = true;
    beat();
}

void EditingPresence::close()
{
    if (m_mine.sign.isEmpty())
        return;
    ++m_serial;
    m_mine.sign.clear();
    m_mine.date = {};
    m_mine.unsaved = false;
    m_opening = false;
    beat();
}

void EditingPresence::setUnsaved(bool unsaved)
{
    if (unsaved == m_mine.unsaved || m_mine.sign.isEmpty())
        return;
    m_mine.unsaved = unsaved;
    beat();
}

QList<PresenceService::Editor> EditingPresence::here() const
{
    QList<PresenceService::Editor> list;
    if (m_mine.sign.isEmpty())
        return list;
    for (const PresenceService::Editor& e : m_others) {
        if (e.sign == m_mine.sign && e.date == m_mine.date)
            list.append(e);
    }
    return list;
}

void EditingPresence::beat()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    m_inFlight = true;
    m_again = false;
    PresenceService::Mine mine = m_mine;
    mine.person = m_service.database()->spec().person;
    const bool opening = std::exchange(m_opening, false);
    const quint64 serial = m_serial;
    m_timer.start(); // the next heartbeat a whole interval from now
    m_service.beat(this, mine, opening, [this, serial, opening](DbResult<PresenceService::Beat> r) {
        m_inFlight = false;
        if (!r.ok() && opening && serial == m_serial)
            m_opening = true; // not said yet: the next beat opens
        answer(r, serial);
        if (m_again)
            beat();
    });
}

void EditingPresence::answer(const DbResult<PresenceService::Beat>& r, quint64 serial)
{
    if (!r.ok())
        return; // the next heartbeat asks again; the connection's state is shown elsewhere
    m_available = r.value.available;
    m_others = r.value.others;
    emit changed();
    if (serial != m_serial || r.value.takenOverBy.isEmpty() || m_mine.sign.isEmpty())
        return;
    // No longer editing it: this window's row goes, and the window is told.
    ++m_serial;
    m_mine.sign.clear();
    m_mine.date = {};
    m_mine.unsaved = false;
    beat();
    emit takenOver(r.value.takenOverBy, r.value.takenOverAt);
}

void EditingPresence::takeOver(const std::function<void(bool)>& done)
{
    if (m_mine.sign.isEmpty()) {
        done(false);
        return;
    }
    PresenceService::Mine mine = m_mine;
    mine.person = m_service.database()->spec().person;
    m_service.takeOver(this, mine, [this, done](DbResult<int> r) {
        done(r.ok());
        if (r.ok())
            beat(); // the list and the line say so at once
    });
}
