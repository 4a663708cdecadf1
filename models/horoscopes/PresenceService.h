#pragma once

#include "Service.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

// Who else has a horoscope open (migration 0009, issue 24), after WordPress's post locks: each
// window keeps one row in horoscope_admin_presence while it shows a horoscope, renews it on a
// heartbeat, and deletes it on closing. Others count only while their heartbeat is younger
// than expirySeconds() by the server's clock, so a crashed or cut-off window stops counting
// by itself. Every statement stands alone on the window's own connection (no LISTEN, no
// advisory lock, no session state): it works through a transaction-mode pooler, and it
// touches no table of the bot's.
class PresenceService final : public Service
{
public:
    using Service::Service;

    // The real values are WordPress's; the environment variables are for tests only
    // (HOROSCOPE_ADMIN_PRESENCE_HEARTBEAT_MS, HOROSCOPE_ADMIN_PRESENCE_EXPIRY_S).
    static constexpr int kHeartbeatMs = 10'000;
    static constexpr int kExpirySeconds = 150;
    static int heartbeatMs();
    static int expirySeconds();

    struct Editor // someone else's open editor
    {
        QString session;
        QString sign;
        QDate date;
        QString person;
        QDateTime since; // the server's time, UTC
        bool unsaved = false;
    };

    struct Mine
    {
        QString session;
        QString sign; // empty: no horoscope open in this window
        QDate date;
        QString person;
        bool unsaved = false;
    };

    struct Beat
    {
        // False where the table is not there (0009 not applied) or this role may not use it:
        // the editor then works as before and shows no one.
        bool available = true;
        QString takenOverBy; // someone took this window's horoscope over
        QDateTime takenOverAt;
        QList<Editor> others; // every other window that counts, on any horoscope
    };

    // Says what this window shows (opening: from now on, taking back a taken-over row) and
    // reads who else counts.
    void beat(QObject* context, const Mine& mine, bool opening, Reply<Beat> done) const;
    // Marks every other window on this horoscope as taken over by `person`; answers how many.
    void takeOver(QObject* context, const Mine& mine, Reply<int> done) const;
    // This window shows no horoscope any more (or closes).
    void leave(QObject* context, const QString& session, Reply<> done) const;
};
