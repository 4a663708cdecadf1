#pragma once

#include <QFile>
#include <QString>
#include <QTemporaryDir>

// A directory of migration files for a test: the built-in ones plus extra files.
class MigrationDir final
{
public:
    MigrationDir()
    {
        QFile::copy(QStringLiteral(":/migrations/0001_horoscope_tables.sql"),
                    file(u"0001_horoscope_tables.sql"));
        QFile::setPermissions(file(u"0001_horoscope_tables.sql"),
                              QFile::ReadOwner | QFile::WriteOwner);
    }
    QString path() const { return m_dir.path(); }
    QString file(QStringView name) const { return m_dir.filePath(name.toString()); }
    void write(QStringView name, const QByteArray& content) const
    {
        QFile f(file(name));
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(content);
    }

private:
    QTemporaryDir m_dir;
};

// The SQL the bot's Alembic runs up to revision h8c9d0e1f2g3 (tests/data).
inline QString alembicSchemaSql()
{
    QFile f(QStringLiteral(HA_TEST_DATA_DIR "/alembic_h8c9d0e1f2g3.sql"));
    f.open(QIODevice::ReadOnly);
    return QString::fromUtf8(f.readAll());
}
