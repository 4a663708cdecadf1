#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <optional>

struct ServerInfo;

// Unsaved editor texts on disk, one small JSON file per horoscope, so that text typed before a
// crash or a kill can be offered back. Files live under <directory>/<database key>/<id>.json;
// the key names the database (the server's system identifier, or its address, and the
// database name), so two databases or profiles never see each other's drafts.
//
// They are the user's unpublished texts, so (POSIX calls, this is a Linux program):
// - Private: every folder this creates is 0700, the draft files 0600, whatever the umask;
//   the drafts folder and the database folders an older version left readable by all are
//   tightened on the next read or write.
// - Atomic and checked: a write goes to a temporary file next to the draft, checks every
//   write(), fsync()s it and its size, and only then renames it over the draft. A write that
//   fails anywhere (a full disk: ENOSPC) returns the system's reason and leaves the previous
//   draft as it was, never an empty or half one.
// - Never through a link, never blocked: the draft's name is looked at with lstat and opened
//   with O_NOFOLLOW | O_NONBLOCK, then fstat'ed; a write replaces whatever is at the name (a
//   rename never follows it). A symlink, FIFO or other non-regular file, a file larger than
//   kMaxFileSize (read no further than that), and a file that does not parse as a draft of that
//   horoscope are removed, not left to be stumbled on again; a link's target is never touched.
// No widgets and no timers: the editor decides when to write, on a thread of its own.
class DraftStore final
{
    Q_DECLARE_TR_FUNCTIONS(DraftStore)
public:
    // A horoscope is a few KiB; twice a 250,000-character text still fits.
    static constexpr qint64 kMaxFileSize = 1024 * 1024;

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

    // False with the reason in `error` (the system's, such as "No space left on device") when
    // the draft could not be kept; the previous draft, if any, is then still there.
    bool write(const QString& databaseKey, int horoscopeId, const Draft& draft,
               QString* error = nullptr) const;
    std::optional<Draft> read(const QString& databaseKey, int horoscopeId) const;
    // The horoscopes with a draft of this database, by id (names only: nothing is read).
    QList<int> ids(const QString& databaseKey) const;
    void remove(const QString& databaseKey, int horoscopeId) const;

private:
    QString m_directory;
};
