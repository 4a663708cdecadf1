#pragma once

#include "Privileges.h"

#include <QCoreApplication>
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
    QString systemIdentifier; // pg_control_system(); empty when the role may not read it
    bool hasCacheTable = false;
    bool hasViewsTable = false;
    bool hasRevisionsTable = false; // migration 0002: history and "corrected"
    bool readOnly = false;          // nothing at all may be written: the READ-ONLY badge
    QString readOnlyReason;         // translated, empty when writable
    Privileges privileges;          // what each action needs and whether this role has it

    bool hasHoroscopeTables() const { return hasCacheTable && hasViewsTable; }
    QString where() const; // "user@host:port/db"

    static bool load(QSqlDatabase& db, const ConnectionSpec& spec, ServerInfo* out, QString* error);
};
