#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

struct ServerInfo;

// Unsaved editor texts on disk, one small JSON file per horoscope, so that text typed before a
// crash or a kill can be offered back. Files live under <directory>/<database key>/<id>.json;
// the key names the database (the server's system identifier, or its address, and the
// database name), so two databases or profiles never see each other's drafts. Writes are
// atomic (QSaveFile): a kill in the middle leaves the previous draft, never half of one.
// No widgets and no timers: the editor decides when to write.
class DraftStore final
{
public:
    struct Draft
    {
        QString text;      // what was typed
        QString baseText;  // the stored text it started from
        QString baseXmin;  // the row version it started from
        QDateTime savedAt; // when the draft was written (UTC)
    };

    // `directory` empty: the default, drafts/ under QStandardPaths::AppDataLocation.
    explicit DraftStore(QString directory = {});

    static QString defaultDirectory();
    // A file-name-safe key for the database `info` describes; empty when it names none.
    static QString databaseKey(const ServerInfo& info);

    const QString& directory() const { return m_directory; }
    QString filePath(const QString& databaseKey, int horoscopeId) const;

    bool write(const QString& databaseKey, int horoscopeId, const Draft& draft,
               QString* error = nullptr) const;
    std::optional<Draft> read(const QString& databaseKey, int horoscopeId) const;
    void remove(const QString& databaseKey, int horoscopeId) const;

private:
    QString m_directory;
};
