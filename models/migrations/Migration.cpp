#include "Migration.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

bool Migration::parse(const QString& fileName, const QByteArray& content, Migration* out,
                      QString* error)
{
    static const QRegularExpression namePattern(u"^(\\d{4,})_[A-Za-z0-9_-]+\\.sql$"_s);
    const auto nameMatch = namePattern.match(fileName);
    if (!nameMatch.hasMatch()) {
        *error = tr("%1: a migration file name must look like 0001_short_description.sql.")
                     .arg(fileName);
        return false;
    }
    Migration m;
    m.id = nameMatch.captured(1);
    m.fileName = fileName;
    QString text = QString::fromUtf8(content);
    text.replace(u"\r\n"_s, u"\n"_s);
    {
        // "-- Destroys:" lines are declarations about the down part, not part of what runs:
        // adding one to an applied file must not make it "drifted".
        QStringList kept = text.split(u'\n');
        kept.removeIf([](const QString& l) { return l.trimmed().startsWith(u"-- Destroys:"); });
        m.checksum = QString::fromLatin1(
            QCryptographicHash::hash(kept.join(u'\n').toUtf8(), QCryptographicHash::Sha256)
                .toHex());
    }

    enum class Part { Header, Up, Down } part = Part::Header;
    QStringList up;
    QStringList down;
    bool sawUp = false;
    bool sawDown = false;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString& line = lines.at(i);
        const QString trimmed = line.trimmed();
        if (trimmed == u"-- +up") {
            if (sawUp || sawDown) {
                *error = tr("%1, line %2: \"-- +up\" must appear once, before \"-- +down\".")
                             .arg(fileName)
                             .arg(i + 1);
                return false;
            }
            sawUp = true;
            part = Part::Up;
            continue;
        }
        if (trimmed == u"-- +down") {
            if (!sawUp || sawDown) {
                *error = tr("%1, line %2: \"-- +down\" must appear once, after \"-- +up\".")
                             .arg(fileName)
                             .arg(i + 1);
                return false;
            }
            sawDown = true;
            part = Part::Down;
            continue;
        }
        switch (part) {
        case Part::Header:
            if (trimmed.startsWith(u"-- Description:"))
                m.description = trimmed.mid(15).trimmed();
            else if (trimmed.startsWith(u"-- Transaction:"))
                m.transactional = trimmed.mid(15).trimmed() != u"none";
            else if (trimmed.startsWith(u"-- Adopt:"))
                m.adoptTables = trimmed.mid(9).split(u' ', Qt::SkipEmptyParts);
            else if (trimmed.startsWith(u"-- Destroys:")) {
                m.destroysDeclared = true;
                for (const QString& item : trimmed.mid(12).split(u',', Qt::SkipEmptyParts)) {
                    const QStringList words = item.simplified().split(u' ');
                    const QString kind = words.value(0).toLower();
                    const QString name = words.value(1);
                    if (kind == u"nothing" && words.size() == 1)
                        continue;
                    if (kind == u"table" && words.size() == 2 && !name.contains(u'.')) {
                        m.destroys << Loss{name, {}};
                    } else if (kind == u"column" && words.size() == 2 && name.count(u'.') == 1) {
                        m.destroys << Loss{name.section(u'.', 0, 0), name.section(u'.', 1)};
                    } else {
                        *error = tr("%1, line %2: \"-- Destroys:\" names \"table T\", "
                                    "\"column T.C\" or \"nothing\".")
                                     .arg(fileName)
                                     .arg(i + 1);
                        return false;
                    }
                }
            }
            break;
        case Part::Up:
            up << line;
            break;
        case Part::Down:
            down << line;
            break;
        }
    }
    m.upSql = up.join(u'\n').trimmed();
    m.downSql = down.join(u'\n').trimmed();
    if (!sawUp || !sawDown || m.upSql.isEmpty()) {
        *error = tr("%1: a migration needs a \"-- +up\" part with SQL and a \"-- +down\" part "
                    "(see migrations/README.md).")
                     .arg(fileName);
        return false;
    }
    if (m.description.isEmpty())
        m.description = fileName.mid(m.id.size() + 1).chopped(4).replace(u'_', u' ');
    *out = m;
    return true;
}

bool Migration::loadAll(const QString& directory, QList<Migration>* out, QString* error)
{
    QDir dir(directory);
    if (!dir.exists()) {
        *error = tr("The migrations directory %1 does not exist.").arg(directory);
        return false;
    }
    QList<Migration> list;
    const QStringList files = dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    for (const QString& name : files) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            *error = tr("Could not read %1: %2").arg(f.fileName(), f.errorString());
            return false;
        }
        Migration m;
        if (!parse(name, f.readAll(), &m, error))
            return false;
        list << m;
    }
    std::sort(list.begin(), list.end(), [](const Migration& a, const Migration& b) {
        return a.id.toLongLong() < b.id.toLongLong();
    });
    for (qsizetype i = 1; i < list.size(); ++i) {
        if (list.at(i).id.toLongLong() == list.at(i - 1).id.toLongLong()) {
            *error = tr("Two migration files share the id %1: %2 and %3.")
                         .arg(list.at(i).id, list.at(i - 1).fileName, list.at(i).fileName);
            return false;
        }
    }
    *out = list;
    return true;
}
