#pragma once

#include <QCoreApplication>
#include <QString>
#include <array>

class QSqlDatabase;
struct DbError;

// What the connected role may do with the horoscope tables, read once per (re)connection from
// the server's own privilege functions (has_table_privilege, has_column_privilege, ownership).
// Every "may not" carries a translated reason that names the missing privilege, for a tooltip
// or a command-line message. Before they are read nothing is refused: the server decides.
class Privileges final
{
    Q_DECLARE_TR_FUNCTIONS(Privileges)
public:
    enum class Action {
        ReadHoroscopes,     // SELECT horoscope_cache (browse, export)
        EditText,           // SELECT and UPDATE (content) on horoscope_cache
        Invalidate,         // SELECT and DELETE on horoscope_cache
        Regenerate,         // the upsert: SELECT, INSERT, UPDATE (content, generated_at), sequence
        ReadHistory,        // SELECT horoscope_cache_revisions
        RestoreVersion,     // read the history and edit the text
        ReadViews,          // SELECT horoscope_views
        ApplyMigrations,    // CREATE on the schema, owner of the tables, CREATE on the database
        RollBackMigrations, // owner of the tables the down parts drop or alter
    };
    static constexpr int ActionCount = 9;

    bool isKnown() const { return m_known; }
    const QString& role() const { return m_role; }
    bool may(Action action) const { return reason(action).isEmpty(); }
    // Translated, one or more sentences; empty when allowed (or not known yet).
    QString reason(Action action) const;
    // Edit, invalidate or regenerate: when none of them, the window shows READ-ONLY.
    bool mayWriteHoroscopes() const;
    // A read-only session or standby: why nothing may be written; empty when writable.
    const QString& readOnlySession() const { return m_readOnlySession; }

    // Reads the privileges of the current role on db's current database and schema.
    static bool load(QSqlDatabase& db, Privileges* out, QString* error);

    // The GRANT an administrator runs so `role` may do `action` (in `database`, for migrations).
    static QString grantFor(Action action, const QString& role, const QString& database = {});
    QString grantFor(Action action) const { return grantFor(action, m_role, m_database); }
    // A statement the server refused although the privileges said yes (they changed after
    // connecting, or a read-only session): rewrites error's message to say what was refused and
    // what to ask the DBA for. Leaves other errors alone. Asks db for the role name.
    static void explainRefusal(QSqlDatabase& db, Action action, DbError* error);

private:
    void deny(Action action, const QString& reason);

    bool m_known = false;
    QString m_role;
    QString m_database;
    QString m_readOnlySession;
    std::array<QString, ActionCount> m_reasons;
};
