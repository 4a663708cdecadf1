#pragma once

#include <QCoreApplication>
#include <QMap>
#include <QString>
#include <QStringList>

class QSqlDatabase;

// The structure of some tables as PostgreSQL itself describes it (columns in order, types,
// defaults, constraints, indexes, owned sequences), so two databases can be compared.
class SchemaSnapshot final
{
    Q_DECLARE_TR_FUNCTIONS(SchemaSnapshot)
public:
    QMap<QString, QString> facts; // "horoscope_cache column content" -> "#4 text NOT NULL"

    // Must run inside a transaction: it sets search_path locally so that defaults and
    // definitions print without the schema name.
    static bool capture(QSqlDatabase& db, const QString& schema, const QStringList& tables,
                        SchemaSnapshot* out, QString* error);

    // One translated line per difference; empty when the snapshots match.
    static QStringList differences(const SchemaSnapshot& expected, const SchemaSnapshot& actual);
};
