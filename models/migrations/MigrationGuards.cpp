#include "MigrationGuards.h"

#include "PgQuery.h"
#include "SqlSplitter.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace {

// Counting stops here: the figure is for a decision, and a count must not read a huge table.
constexpr qint64 kCountLimit = 1'000'000;

DbError queryError(const QSqlError& error)
{
    DbError e = DbError::make(
        DbError::Kind::Query,
        MigrationGuards::tr("The database reported an error: %1").arg(DbError::reasonOf(error)));
    e.sqlState = error.nativeErrorCode();
    return e;
}

} // namespace

QStringList MigrationGuards::droppedTables(const QString& sql)
{
    static const QRegularExpression statement(
        uR"(^\s*(?:DROP\s+TABLE(?:\s+IF\s+EXISTS)?|TRUNCATE(?:\s+TABLE)?(?:\s+ONLY)?)\s+(.+?)\s*(?:CASCADE|RESTRICT)?\s*$)"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    QStringList tables;
    for (const QString& s : SqlSplitter::split(sql)) {
        const QRegularExpressionMatch m = statement.match(s);
        if (!m.hasMatch())
            continue;
        for (QString name : m.captured(1).split(u',')) {
            name = name.trimmed();
            name = name.section(u'.', -1); // unqualified: the runner works in the current schema
            if (name.startsWith(u'"') && name.endsWith(u'"') && name.size() > 1)
                name = name.mid(1, name.size() - 2).replace(u"\"\""_s, u"\""_s);
            else
                name = name.toLower();
            if (!name.isEmpty() && !tables.contains(name))
                tables << name;
        }
    }
    return tables;
}

QStringList MigrationGuards::droppedColumns(const QString& sql)
{
    static const QRegularExpression alter(
        uR"(^\s*ALTER\s+TABLE(?:\s+IF\s+EXISTS)?(?:\s+ONLY)?\s+("(?:[^"]|"")+"|[\w.]+)\s+(.*)$)"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression drop(
        uR"(\bDROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?("(?:[^"]|"")+"|\w+))"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression notColumn(
        uR"(^(?:CONSTRAINT|DEFAULT|NOT|EXPRESSION|IDENTITY)$)"_s,
        QRegularExpression::CaseInsensitiveOption);
    auto unquote = [](QString name) {
        name = name.section(u'.', -1);
        if (name.startsWith(u'"') && name.endsWith(u'"') && name.size() > 1)
            return name.mid(1, name.size() - 2).replace(u"\"\""_s, u"\""_s);
        return name.toLower();
    };
    QStringList columns;
    for (const QString& s : SqlSplitter::split(sql)) {
        const QRegularExpressionMatch a = alter.match(s);
        if (!a.hasMatch())
            continue;
        const QString table = unquote(a.captured(1));
        for (const QString& action : a.captured(2).split(u',')) {
            const QRegularExpressionMatch d = drop.match(action);
            // ALTER COLUMN c DROP DEFAULT / DROP NOT NULL / DROP EXPRESSION keep the values.
            if (!d.hasMatch() || action.contains(u"ALTER"_s, Qt::CaseInsensitive) ||
                notColumn.match(d.captured(1)).hasMatch())
                continue;
            const QString name = table + u'.' + unquote(d.captured(1));
            if (!columns.contains(name))
                columns << name;
        }
    }
    return columns;
}

bool MigrationGuards::losses(QSqlDatabase& db, const Migration& m, QList<TableLoss>* out,
                             DbError* error)
{
    QStringList tables = droppedTables(m.downSql);
    QStringList columns = droppedColumns(m.downSql);
    for (const Migration::Loss& l : m.destroys) {
        if (l.column.isEmpty() && !tables.contains(l.table))
            tables << l.table;
        else if (!l.column.isEmpty() && !columns.contains(l.table + u'.' + l.column))
            columns << l.table + u'.' + l.column;
    }
    for (const QString& qualified : std::as_const(columns)) {
        const QString table = qualified.section(u'.', 0, 0);
        const QString column = qualified.section(u'.', 1);
        if (tables.contains(table))
            continue; // the whole table is counted
        PgQuery exists(db);
        exists.prepare(u"SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute "
                       "WHERE attrelid = to_regclass(quote_ident(current_schema()) || '.' || "
                       "quote_ident(?)) AND attname = ? AND attnum > 0 AND NOT attisdropped)"_s);
        exists.addBindValue(table);
        exists.addBindValue(column);
        if (!exists.exec() || !exists.next()) {
            *error = queryError(exists.lastError());
            return false;
        }
        if (!exists.value(0).toBool())
            continue;
        const QString t = db.driver()->escapeIdentifier(table, QSqlDriver::TableName);
        const QString c = db.driver()->escapeIdentifier(column, QSqlDriver::FieldName);
        QSqlQuery count(db);
        if (!count.exec(
                u"SELECT count(*) FROM (SELECT FROM %1 WHERE %2 IS NOT NULL LIMIT %3) AS t"_s
                    .arg(t, c)
                    .arg(kCountLimit + 1)) ||
            !count.next()) {
            *error = queryError(count.lastError());
            return false;
        }
        const qint64 rows = count.value(0).toLongLong();
        if (rows > 0)
            *out << TableLoss{m.fileName, table, column, std::min(rows, kCountLimit),
                              rows > kCountLimit};
    }
    for (const QString& table : std::as_const(tables)) {
        PgQuery exists(db);
        exists.prepare(
            u"SELECT to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) "
            "IS NOT NULL"_s);
        exists.addBindValue(table);
        if (!exists.exec() || !exists.next()) {
            *error = queryError(exists.lastError());
            return false;
        }
        if (!exists.value(0).toBool())
            continue;
        const QString name = db.driver()->escapeIdentifier(table, QSqlDriver::TableName);
        QSqlQuery count(db);
        if (!count.exec(u"SELECT count(*) FROM (SELECT FROM %1 LIMIT %2) AS t"_s.arg(name).arg(
                kCountLimit + 1)) ||
            !count.next()) {
            *error = queryError(count.lastError());
            return false;
        }
        const qint64 rows = count.value(0).toLongLong();
        if (rows > 0)
            *out << TableLoss{
                m.fileName, table, {}, std::min(rows, kCountLimit), rows > kCountLimit};
    }
    return true;
}

QString MigrationGuards::describe(const QList<TableLoss>& losses)
{
    QStringList parts;
    const QLocale locale;
    for (const TableLoss& l : losses) {
        if (!l.column.isEmpty()) {
            const QString values = l.atLeast
                                       ? tr("more than %1 values").arg(locale.toString(l.rows))
                                       : tr("%Ln value(s)", nullptr, static_cast<int>(l.rows));
            parts << tr("the column %1.%2 (%3)").arg(l.table, l.column, values);
            continue;
        }
        const QString rows = l.atLeast ? tr("more than %1 rows").arg(locale.toString(l.rows))
                                       : tr("%Ln row(s)", nullptr, static_cast<int>(l.rows));
        parts << tr("every row of %1 (%2)").arg(l.table, rows);
    }
    return parts.join(u", "_s);
}

bool MigrationGuards::alembicRevision(QSqlDatabase& db, bool* present, QString* revision,
                                      DbError* error)
{
    *present = false;
    revision->clear();
    QSqlQuery q(db);
    if (!q.exec(u"SELECT to_regclass('alembic_version') IS NOT NULL"_s) || !q.next()) {
        *error = queryError(q.lastError());
        return false;
    }
    if (!q.value(0).toBool())
        return true;
    *present = true;
    QSqlQuery v(db);
    if (!v.exec(u"SELECT string_agg(version_num, ', ') FROM alembic_version"_s) || !v.next()) {
        *error = queryError(v.lastError());
        return false;
    }
    *revision = v.value(0).toString();
    return true;
}

bool MigrationGuards::mayCreateBotTables(QSqlDatabase& db, const Migration& m, bool allowed,
                                         DbError* error)
{
    bool alembic = false;
    QString revision;
    if (!alembicRevision(db, &alembic, &revision, error))
        return false;
    const QString tables = m.adoptTables.join(u", "_s);
    if (alembic) {
        *error = DbError::make(
            DbError::Kind::Query,
            tr("The tables %1 belong to the bot, whose Alembic manages this database (revision "
               "%2), but they do not exist yet, so nothing was changed. Run the bot's \"alembic "
               "upgrade head\" first, then migrate again: the tables are then adopted.")
                .arg(tables, revision.isEmpty() ? tr("none") : revision));
        return false;
    }
    if (!allowed) {
        *error = DbError::make(
            DbError::Kind::TablesMissing,
            tr("The tables %1 belong to the bot and do not exist yet, so nothing was changed. "
               "Deploy the bot first (its \"alembic upgrade head\" creates them), then migrate "
               "again to adopt them. Only on a database the bot will never migrate, create them "
               "here with --create-bot-tables.")
                .arg(tables));
        return false;
    }
    return true;
}

bool MigrationGuards::mayRollBack(QSqlDatabase& db, const Migration& m, bool adopted,
                                  DbError* error)
{
    if (adopted) {
        *error = DbError::make(
            DbError::Kind::Query,
            tr("Migration %1 was adopted from tables the bot's Alembic created. Rolling it back "
               "would drop the bot's tables and their data, so it is refused and nothing was "
               "changed; use Alembic for that.")
                .arg(m.fileName));
        return false;
    }
    if (m.adoptTables.isEmpty())
        return true;
    bool alembic = false;
    QString revision;
    if (!alembicRevision(db, &alembic, &revision, error))
        return false;
    if (alembic) {
        *error = DbError::make(
            DbError::Kind::Query,
            tr("Migration %1 created the tables %2, but the bot's Alembic now manages this "
               "database (revision %3). Rolling it back would drop the bot's tables, so it is "
               "refused and nothing was changed.")
                .arg(m.fileName, m.adoptTables.join(u", "_s),
                     revision.isEmpty() ? tr("none") : revision));
        return false;
    }
    return true;
}

int MigrationGuards::waitForLockHolders(QSqlDatabase& db, qint64 budgetMs, int lockTimeoutMs,
                                        const std::function<bool()>& cancelled,
                                        const std::function<void(int, qint64)>& waiting)
{
    QSqlQuery holders(db);
    if (!holders.exec(u"SELECT coalesce(array_agg(a.pid || '/' || a.xact_start), '{}')::text "
                      "FROM pg_stat_activity a WHERE a.datname = current_database() "
                      "AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL "
                      "AND a.xact_start < clock_timestamp() - make_interval(secs => %1) "
                      "AND EXISTS (SELECT FROM pg_locks l WHERE l.pid = a.pid "
                      "AND l.locktype = 'relation' AND l.granted)"_s.arg(lockTimeoutMs / 1000.0)) ||
        !holders.next())
        return 0;
    const QString ids = holders.value(0).toString();
    if (ids == u"{}")
        return 0;
    PgQuery still(db);
    still.prepare(u"SELECT count(*) FROM pg_stat_activity "
                  "WHERE (pid || '/' || xact_start) = ANY(?::text[])"_s);
    QElapsedTimer waited;
    waited.start();
    qint64 reported = -1;
    int count = 0;
    while (waited.elapsed() < budgetMs) {
        still.addBindValue(ids);
        if (!still.exec() || !still.next())
            return 0;
        count = still.value(0).toInt();
        if (count == 0 || cancelled())
            break;
        if (reported < 0 || waited.elapsed() - reported >= 1000) {
            reported = waited.elapsed();
            waiting(count, budgetMs - waited.elapsed());
        }
        QThread::msleep(50);
    }
    return count == 0 ? 1 : 0;
}
