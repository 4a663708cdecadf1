#include "DraftStore.h"

#include "ServerInfo.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kFormat = 1;

} // namespace

DraftStore::DraftStore(QString directory)
    : m_directory(directory.isEmpty() ? defaultDirectory() : std::move(directory))
{}

QString DraftStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/drafts"_s;
}

QString DraftStore::databaseKey(const ServerInfo& info)
{
    if (info.database.isEmpty())
        return {};
    // The system identifier survives a new address or port and tells apart two servers that
    // share one (ServerInfo::serverIdentity).
    const QString server = info.serverIdentity;
    const QByteArray identity = (server + u'\n' + info.database).toUtf8();
    return QString::fromLatin1(
        QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(32));
}

QString DraftStore::filePath(const QString& databaseKey, int horoscopeId) const
{
    return m_directory + u'/' + databaseKey + u'/' + QString::number(horoscopeId) + u".json"_s;
}

bool DraftStore::write(const QString& databaseKey, int horoscopeId, const Draft& draft,
                       QString* error) const
{
    if (databaseKey.isEmpty() || horoscopeId <= 0)
        return false;
    const QString path = filePath(databaseKey, horoscopeId);
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        if (error)
            *error = QFileInfo(path).absolutePath();
        return false;
    }
    const QJsonObject json{
        {u"format"_s, kFormat},
        {u"id"_s, horoscopeId},
        {u"text"_s, draft.text},
        {u"baseText"_s, draft.baseText},
        {u"baseXmin"_s, draft.baseXmin},
        {u"savedAt"_s, draft.savedAt.toUTC().toString(Qt::ISODateWithMs)},
    };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(json).toJson(QJsonDocument::Compact)) < 0 || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

std::optional<DraftStore::Draft> DraftStore::read(const QString& databaseKey, int horoscopeId) const
{
    if (databaseKey.isEmpty() || horoscopeId <= 0)
        return std::nullopt;
    QFile file(filePath(databaseKey, horoscopeId));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    if (json.value(u"format"_s).toInt() != kFormat || json.value(u"id"_s).toInt() != horoscopeId)
        return std::nullopt;
    Draft draft;
    draft.text = json.value(u"text"_s).toString();
    draft.baseText = json.value(u"baseText"_s).toString();
    draft.baseXmin = json.value(u"baseXmin"_s).toString();
    draft.savedAt = QDateTime::fromString(json.value(u"savedAt"_s).toString(), Qt::ISODateWithMs);
    return draft;
}

void DraftStore::remove(const QString& databaseKey, int horoscopeId) const
{
    if (!databaseKey.isEmpty() && horoscopeId > 0)
        QFile::remove(filePath(databaseKey, horoscopeId));
}
