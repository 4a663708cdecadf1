#pragma once

#include "HoroscopeStore.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

// How the history list names each version of a horoscope: how it came to be (edited,
// restored from …, regenerated, generated again after an invalidation, by the bot), by whom
// and when. Row 0 is the current text; row n is history[n - 1].content.
class HistoryWording final
{
    Q_DECLARE_TR_FUNCTIONS(HistoryWording)
public:
    struct Entry
    {
        QString title;  // "Edited by Anna Petrova"
        QString detail; // "02.12.2026 14:32 · role horoscope · Horoscope Admin"
        QString since;  // when this version became current, "02.12.2026 14:32"
        QString change; // the title without "Current text: "
    };

    // `history` as read, newest first, with the app's INSERT rows (migration 0008): those are
    // not versions but say who generated the version after them. One entry per version.
    static QList<Entry> describe(const HoroscopeRecord& record,
                                 const QList<HoroscopeRevision>& history);
    // The earlier versions (without the INSERT rows): row n of describe() is versions[n - 1].
    static QList<HoroscopeRevision> versions(const QList<HoroscopeRevision>& history);
    // Who made the latest change and when, for "changed by …": "by Anna Petrova (role
    // horoscope, Horoscope Admin) at 02.12.2026 14:32"; empty without a history.
    static QString lastChange(const QList<HoroscopeRevision>& history);
};
