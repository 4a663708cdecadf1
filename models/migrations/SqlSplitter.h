#pragma once

#include <QString>
#include <QStringList>

// Splits a PostgreSQL script into statements at top-level semicolons, respecting quotes,
// quoted identifiers, E'' strings, dollar quoting and both comment styles, so a failure can
// name the statement that failed. Statements made only of comments are dropped.
class SqlSplitter final
{
public:
    static QStringList split(const QString& script);
};
