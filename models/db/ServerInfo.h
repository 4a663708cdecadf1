#pragma once

#include "Privileges.h"

#include <QCoreApplication>
#include <QDate>
#include <QString>

class QSqlDatabase;
class ConnectionSpec;

// Who and where we are connected, and what we may do there. Read once per (re)connection.
struct ServerInfo
{
    Q_DECLARE_TR_FUNCTIONS(ServerInfo)
public:
    QString user;
    QString database;
    QString host; // server address, or the socket directory for a Unix socket
    QString port;
    QString serverVersion;
    // Which server this is, whatever address it is reached at: "system:" and its system
    // identifier, or "address:" and where we connected when the role may not read that.
    QString serverIdentity;
    bool hasCacheTable = false;
    bool hasViewsTable = false;
    bool hasRevisionsTable = false; // migration 0002: history and "corrected"
    bool readOnly = false;          // nothing at all may be written: the READ-ONLY badge
    QString readOnlyReason;         // translated, empty when writable
    Privileges privileges;          // what each action needs and whether this role has it
    // The server's CURRENT_DATE (in its TimeZone) when read, how far into that day it was, and
    // when it was read: what today() goes on from.
    QDate serverDate;
    qint64 secondsIntoServerDay = 0;
    qint64 readAtMs =
        0; // the client's clock, UTC: unlike a monotonic timer it goes on in a suspend

    // "Today" as the bot counts days: it writes horoscope_date and view_date with the server's
    // date, so every "today" of the window is this one, advanced at the server's midnight.
    // Invalid until read.
    QDate today() const;

    bool hasHoroscopeTables() const { return hasCacheTable && hasViewsTable; }
    QString where() const; // "user@host:port/db"

    static bool load(QSqlDatabase& db, const ConnectionSpec& spec, ServerInfo* out, QString* error);
};
