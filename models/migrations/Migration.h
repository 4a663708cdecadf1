#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

// One migration file: an ordered id, a description, an up and a down part. See
// migrations/README.md for the format.
struct Migration
{
    Q_DECLARE_TR_FUNCTIONS(Migration)
public:
    QString id;       // "0001": the digits the file name starts with
    QString fileName; // "0001_horoscope_tables.sql"
    QString description;
    QString upSql;
    QString downSql;
    bool transactional = true;
    QStringList adoptTables; // tables that, when they all exist, may be adopted
    // What the down part destroys, from the header's "-- Destroys:" lines: "table T",
    // "column T.C" or "nothing". The runner counts the rows and values of each before a
    // rollback and asks first. These lines are left out of the checksum, so a declaration
    // can be added to a file that is already applied.
    struct Loss
    {
        QString table;
        QString column; // empty: the whole table
        bool operator==(const Loss&) const = default;
    };
    QList<Loss> destroys;
    bool destroysDeclared = false;
    QString checksum; // SHA-256 of the file with line endings normalized, without "Destroys:"

    static bool parse(const QString& fileName, const QByteArray& content, Migration* out,
                      QString* error);

    // Every *.sql file of a directory (":/migrations" for the ones built in), by id.
    static bool loadAll(const QString& directory, QList<Migration>* out, QString* error);
};
