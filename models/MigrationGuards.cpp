#include "MigrationGuards.h"

#include "SqlSplitter.h"

#include <QLocale>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace {

// Counting stops here: the figure is for a decision, and a count must not read a huge table.
constexpr qint64 kCountLimit = 1'000'000;

DbError queryError(const QSqlQuery& q)
{
    DbError e = DbError::make(DbError::Kind::Query,
                              MigrationGuards::tr("The database reported an error: %1")
                                  .arg(q.lastError().databaseText().trimmed()));
    e.sqlState = q.lastError().nativeErrorCode();
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

bool MigrationGuards::losses(QSqlDatabase& db, const Migration& m, QList<TableLoss>* out,
                             DbError* error)
{
    for (const QString& table : droppedTables(m.downSql)) {
        QSqlQuery exists(db);
        exists.prepare(
            u"SELECT to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) "
            "IS NOT NULL"_s);
        exists.addBindValue(table);
        if (!exists.exec() || !exists.next()) {
            *error = queryError(exists);
            return false;
        }
        if (!exists.value(0).toBool())
            continue;
        const QString name = db.driver()->escapeIdentifier(table, QSqlDriver::TableName);
        QSqlQuery count(db);
        if (!count.exec(u"SELECT count(*) FROM (SELECT FROM %1 LIMIT %2) AS t"_s.arg(name).arg(
                kCountLimit + 1)) ||
            !count.next()) {
            *error = queryError(count);
            return false;
        }
        const qint64 rows = count.value(0).toLongLong();
        if (rows > 0)
            *out << TableLoss{m.fileName, table, std::min(rows, kCountLimit), rows > kCountLimit};
    }
    return true;
}

QString MigrationGuards::describe(const QList<TableLoss>& losses)
{
    QStringList parts;
    const QLocale locale;
    for (const TableLoss& l : losses) {
        const QString rows = l.atLeast ? tr("more than %1 rows").arg(locale.toString(l.rows))
                                       : tr("%Ln row(s)", nullptr, static_cast<int>(l.rows));
        parts << tr("%1 (%2)").arg(l.table, rows);
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
        *error = queryError(q);
        return false;
    }
    if (!q.value(0).toBool())
        return true;
    *present = true;
    QSqlQuery v(db);
    if (!v.exec(u"SELECT string_agg(version_num, ', ') FROM alembic_version"_s) || !v.next()) {
        *error = queryError(v);
        return false;
    }
    *revision = v.value(0).toString();
    return true;
}
