#include "SchemaSnapshot.h"

#include "PgQuery.h"

#include <QSqlError>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace {

bool collect(QSqlDatabase& db, const QString& sql, const QString& schema, const QString& table,
             const std::function<void(const PgQuery&)>& row, QString* error)
{
    PgQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        *error = q.lastError().text();
        return false;
    }
    q.addBindValue(schema);
    q.addBindValue(table);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        row(q);
    return true;
}

const QString kRelation = u"to_regclass(quote_ident(?) || '.' || quote_ident(?))"_s;

} // namespace

bool SchemaSnapshot::capture(QSqlDatabase& db, const QString& schema, const QStringList& tables,
                             SchemaSnapshot* out, QString* error)
{
    SchemaSnapshot snap;
    PgQuery path(db);
    path.prepare(u"SELECT set_config('search_path', quote_ident(?) || ', pg_temp', true)"_s);
    path.addBindValue(schema);
    if (!path.exec()) {
        *error = path.lastError().text();
        return false;
    }
    // Definitions name the table with its schema, quoted only where the name needs it.
    QStringList qualifiers{u"\""_s + schema + u"\"."_s, schema + u"."_s};
    if (schema.startsWith(u"pg_temp_"))
        qualifiers << u"pg_temp."_s; // how definitions name this session's temporary objects
    for (const QString& table : tables) {
        bool exists = false;
        if (!collect(
                db, u"SELECT "_s + kRelation + u" IS NOT NULL"_s, schema, table,
                [&](const PgQuery& q) { exists = q.value(0).toBool(); }, error))
            return false;
        if (!exists)
            continue;
        snap.facts.insert(table, u"table"_s);
        const bool ok = collect(
                            db,
                            uR"sql(
                SELECT a.attname,
                       row_number() OVER (ORDER BY a.attnum),
                       format_type(a.atttypid, a.atttypmod),
                       a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid)
                FROM pg_attribute a
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attrelid = )sql"_s +
                                kRelation + uR"sql(
                  AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum)sql"_s,
                            schema, table,
                            [&](const PgQuery& q) {
                                QString v =
                                    u'#' + q.value(1).toString() + u' ' + q.value(2).toString();
                                if (q.value(3).toBool())
                                    v += u" NOT NULL"_s;
                                if (!q.value(4).isNull())
                                    v += u" DEFAULT "_s + q.value(4).toString();
                                snap.facts.insert(table + u" column "_s + q.value(0).toString(), v);
                            },
                            error) &&
                        collect(
                            db,
                            u"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                            "WHERE conrelid = "_s +
                                kRelation,
                            schema, table,
                            [&](const PgQuery& q) {
                                snap.facts.insert(table + u" constraint "_s + q.value(0).toString(),
                                                  q.value(1).toString());
                            },
                            error) &&
                        collect(
                            db,
                            u"SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
                            "FROM pg_index WHERE indrelid = "_s +
                                kRelation,
                            schema, table,
                            [&](const PgQuery& q) {
                                QString def = q.value(1).toString();
                                QString name = q.value(0).toString();
                                for (const QString& qualifier : qualifiers) {
                                    def.replace(u" ON "_s + qualifier, u" ON "_s);
                                    if (name.startsWith(qualifier))
                                        name = name.mid(qualifier.size());
                                }
                                snap.facts.insert(table + u" index "_s + name, def);
                            },
                            error) &&
                        collect(
                            db,
                            uR"sql(
                SELECT c.relname,
                       format_type(s.seqtypid, NULL) || ' start ' || s.seqstart
                       || ' increment ' || s.seqincrement || ' max ' || s.seqmax
                       || ' owned by ' || a.attname
                FROM pg_depend dep
                JOIN pg_class c ON c.oid = dep.objid AND c.relkind = 'S'
                JOIN pg_sequence s ON s.seqrelid = c.oid
                JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
                WHERE dep.refobjid = )sql"_s +
                                kRelation + u" AND dep.deptype IN ('a', 'i')"_s,
                            schema, table,
                            [&](const PgQuery& q) {
                                snap.facts.insert(table + u" sequence "_s + q.value(0).toString(),
                                                  q.value(1).toString());
                            },
                            error);
        if (!ok)
            return false;
    }
    *out = snap;
    return true;
}

QStringList SchemaSnapshot::differences(const SchemaSnapshot& expected,
                                        const SchemaSnapshot& actual)
{
    QStringList diffs;
    for (auto it = expected.facts.cbegin(); it != expected.facts.cend(); ++it) {
        const auto found = actual.facts.constFind(it.key());
        if (found == actual.facts.cend())
            diffs << tr("missing %1 (expected: %2)").arg(it.key(), it.value());
        else if (found.value() != it.value())
            diffs << tr("%1 differs: expected \"%2\", found \"%3\"")
                         .arg(it.key(), it.value(), found.value());
    }
    for (auto it = actual.facts.cbegin(); it != actual.facts.cend(); ++it) {
        if (!expected.facts.contains(it.key()))
            diffs << tr("unexpected %1 (%2)").arg(it.key(), it.value());
    }
    return diffs;
}
