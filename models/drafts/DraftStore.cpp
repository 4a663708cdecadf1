#include "DraftStore.h"

#include "ServerInfo.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QStandardPaths>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kFormat = 1;
constexpr mode_t kFolderMode = 0700;
constexpr mode_t kFileMode = 0600;
// A temporary file left by a write that was killed is this old at least before it is removed
// (a write in another window takes milliseconds).
constexpr int kStaleTemporarySecs = 600;

// A file descriptor, closed when it goes.
class Fd final
{
public:
    explicit Fd(int fd = -1)
        : m_fd(fd)
    {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd& operator=(Fd&& other) noexcept
    {
        std::swap(m_fd, other.m_fd);
        return *this;
    }
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isValid() const { return m_fd >= 0; }
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

QByteArray fileName(int horoscopeId)
{
    return QByteArray::number(horoscopeId) + ".json";
}

// Makes `path` (absolute and clean) and every folder missing above it, each 0700 whatever the
// umask. Returns 0 or the errno that stopped it.
int makeFolders(const QByteArray& path)
{
    for (qsizetype slash = path.indexOf('/', 1);; slash = path.indexOf('/', slash + 1)) {
        const QByteArray folder = slash < 0 ? path : path.left(slash);
        struct stat st
        {
        };
        if (::stat(folder.constData(), &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                return ENOTDIR;
        } else if (errno != ENOENT) {
            return errno;
        } else if (::mkdir(folder.constData(), kFolderMode) == 0) {
            ::chmod(folder.constData(), kFolderMode); // a umask may have taken the owner's bits
        } else if (errno != EEXIST) {
            return errno;
        }
        if (slash < 0)
            return 0;
    }
}

// Opens the folder `name` in `parent` (a link is followed only when `follow`) and makes it
// 0700 when an older version left it looser. Returns 0 or errno.
int openFolder(int parent, const QByteArray& name, bool follow, Fd* folder)
{
    Fd fd(::openat(parent, name.constData(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW)));
    if (!fd.isValid())
        return errno;
    struct stat st
    {
    };
    if (::fstat(fd.get(), &st) != 0)
        return errno;
    if ((st.st_mode & 07777) != kFolderMode && st.st_uid == ::geteuid())
        ::fchmod(fd.get(), kFolderMode);
    *folder = std::move(fd);
    return 0;
}

// Removes `name` from `folder` if it is still the file `seen` (and not a folder): never what a
// link points to, never a draft another window put there meanwhile.
void removeBroken(int folder, const QByteArray& name, const struct stat& seen)
{
    struct stat now
    {
    };
    if (::fstatat(folder, name.constData(), &now, AT_SYMLINK_NOFOLLOW) == 0 &&
        now.st_dev == seen.st_dev && now.st_ino == seen.st_ino && !S_ISDIR(now.st_mode))
        ::unlinkat(folder, name.constData(), 0);
}

// Removes what killed writes of this draft left behind.
void removeStaleTemporaries(const QString& folderPath, const QByteArray& name)
{
    const QDir folder(folderPath);
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-kStaleTemporarySecs);
    for (const QFileInfo& info :
         folder.entryInfoList({QFile::decodeName(name) + u".*.tmp"_s},
                              QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks)) {
        if (info.lastModified().toUTC() < before)
            QFile::remove(info.filePath());
    }
}

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
    const auto fail = [error](int errorNumber) {
        if (error)
            *error = qt_error_string(errorNumber);
        return false;
    };
    const QJsonObject json{
        {u"format"_s, kFormat},
        {u"id"_s, horoscopeId},
        {u"text"_s, draft.text},
        {u"baseText"_s, draft.baseText},
        {u"baseXmin"_s, draft.baseXmin},
        {u"savedAt"_s, draft.savedAt.toUTC().toString(Qt::ISODateWithMs)},
    };
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Compact);
    if (bytes.size() > kMaxFileSize) { // it would not be read back
        if (error)
            *error =
                tr("the text is larger than %1").arg(QLocale().formattedDataSize(kMaxFileSize, 0));
        return false;
    }

    const QByteArray top = QFile::encodeName(QDir::cleanPath(QDir().absoluteFilePath(m_directory)));
    if (const int e = makeFolders(top))
        return fail(e);
    Fd drafts;
    if (const int e = openFolder(AT_FDCWD, top, true, &drafts))
        return fail(e);
    const QByteArray key = QFile::encodeName(databaseKey);
    struct stat st
    {
    };
    // A link in the database folder's place is removed, not written through.
    if (::fstatat(drafts.get(), key.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode))
        ::unlinkat(drafts.get(), key.constData(), 0);
    if (::mkdirat(drafts.get(), key.constData(), kFolderMode) == 0)
        ::fchmodat(drafts.get(), key.constData(), kFolderMode, 0);
    else if (errno != EEXIST)
        return fail(errno);
    Fd folder;
    if (const int e = openFolder(drafts.get(), key, false, &folder))
        return fail(e);

    // Written beside the draft and renamed over it only once all of it is on the disk: the
    // rename replaces whatever is at the draft's name (a link too) without opening it.
    const QByteArray name = fileName(horoscopeId);
    const QByteArray temporary =
        name + '.' + QByteArray::number(QRandomGenerator::global()->generate64(), 36) + ".tmp";
    Fd file(::openat(folder.get(), temporary.constData(),
                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, kFileMode));
    if (!file.isValid())
        return fail(errno);
    auto dropTemporary = qScopeGuard([&] { ::unlinkat(folder.get(), temporary.constData(), 0); });
    if (::fchmod(file.get(), kFileMode) != 0) // whatever the umask
        return fail(errno);
    for (qsizetype done = 0; done < bytes.size();) {
        const ssize_t n =
            ::write(file.get(), bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(n < 0 ? errno : EIO);
        done += n; // a short write goes on, and a full disk then says ENOSPC
    }
    // A file system that allocates late says ENOSPC or EIO only here.
    if (::fsync(file.get()) != 0)
        return fail(errno);
    if (::fstat(file.get(), &st) != 0)
        return fail(errno);
    if (st.st_size != bytes.size())
        return fail(EIO);
    if (::close(file.release()) != 0)
        return fail(errno);
    if (::renameat(folder.get(), temporary.constData(), folder.get(), name.constData()) != 0)
        return fail(errno);
    dropTemporary.dismiss();
    ::fsync(folder.get()); // the rename, too, survives a power cut
    return true;
}

std::optional<DraftStore::Draft> DraftStore::read(const QString& databaseKey, int horoscopeId) const
{
    if (databaseKey.isEmpty() || horoscopeId <= 0)
        return std::nullopt;
    const QByteArray top = QFile::encodeName(QDir::cleanPath(QDir().absoluteFilePath(m_directory)));
    Fd drafts;
    Fd folder;
    if (openFolder(AT_FDCWD, top, true, &drafts) != 0 ||
        openFolder(drafts.get(), QFile::encodeName(databaseKey), false, &folder) != 0)
        return std::nullopt; // none kept yet
    const QByteArray name = fileName(horoscopeId);
    removeStaleTemporaries(QFileInfo(filePath(databaseKey, horoscopeId)).absolutePath(), name);

    // Looked at before it is opened (a FIFO would block, a link lead elsewhere), and again once
    // open, in case it was swapped meanwhile.
    struct stat st
    {
    };
    if (::fstatat(folder.get(), name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return std::nullopt;
    if (!S_ISREG(st.st_mode) || st.st_size > kMaxFileSize) {
        removeBroken(folder.get(), name, st);
        return std::nullopt;
    }
    Fd file(
        ::openat(folder.get(), name.constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!file.isValid())
        return std::nullopt;
    if (::fstat(file.get(), &st) != 0)
        return std::nullopt;
    if (!S_ISREG(st.st_mode) || st.st_size > kMaxFileSize) {
        removeBroken(folder.get(), name, st);
        return std::nullopt;
    }
    if ((st.st_mode & 07777) != kFileMode && st.st_uid == ::geteuid())
        ::fchmod(file.get(), kFileMode); // left readable by all by an older version
    // Never more than the bound, whatever the size said a moment ago.
    QByteArray bytes(kMaxFileSize + 1, Qt::Uninitialized);
    qsizetype size = 0;
    while (size < bytes.size()) {
        const ssize_t n = ::read(file.get(), bytes.data() + size, size_t(bytes.size() - size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return std::nullopt; // not the file's fault
        if (n == 0)
            break;
        size += n;
    }
    bytes.truncate(size);

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    const QJsonObject json = document.object();
    if (json.value(u"format"_s).toInt() > kFormat)
        return std::nullopt; // a later version's: left for it
    if (size > kMaxFileSize || parseError.error != QJsonParseError::NoError ||
        !document.isObject() || json.value(u"format"_s).toInt() != kFormat ||
        json.value(u"id"_s).toInt() != horoscopeId || !json.value(u"text"_s).isString()) {
        removeBroken(folder.get(), name, st);
        return std::nullopt;
    }
    Draft draft;
    draft.text = json.value(u"text"_s).toString();
    draft.baseText = json.value(u"baseText"_s).toString();
    draft.baseXmin = json.value(u"baseXmin"_s).toString();
    draft.savedAt = QDateTime::fromString(json.value(u"savedAt"_s).toString(), Qt::ISODateWithMs);
    return draft;
}

QList<int> DraftStore::ids(const QString& databaseKey) const
{
    QList<int> found;
    if (databaseKey.isEmpty())
        return found;
    const QDir folder(m_directory + u'/' + databaseKey);
    for (const QString& name : folder.entryList({u"*.json"_s}, QDir::Files | QDir::NoSymLinks)) {
        bool ok = false;
        const int id = name.chopped(5).toInt(&ok);
        if (ok && id > 0)
            found << id;
    }
    std::sort(found.begin(), found.end());
    return found;
}

void DraftStore::remove(const QString& databaseKey, int horoscopeId) const
{
    // unlink(): a link is removed, never what it points to.
    if (!databaseKey.isEmpty() && horoscopeId > 0)
        QFile::remove(filePath(databaseKey, horoscopeId));
}
