// Crash-safe drafts (issue 12): unsaved text is kept on disk as it is typed, offered back by
// the next editor on the same database (also after a SIGKILL of the process that typed it),
// restored exactly, and deleted once saved, reverted or discarded. A write that fails (a full
// disk) keeps the previous draft and is said in the window at once; the files are private
// (0600 in 0700 folders) and a symlink, a FIFO or an oversized or broken file at a draft's
// path is never followed, never blocks and never read whole, and is removed.
#include "ConflictDialog.h"
#include "DraftStore.h"
#include "EditorDrafts.h"
#include "HoroscopeFixtures.h"
#include "MessageBar.h"
#include "TypeText.h"
#include "WindowFixture.h"

#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QToolButton>
#include <cerrno>
#include <fcntl.h>
#include <functional>
#include <memory>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

using Fixture = WindowFixture;

QString draftPath(Fixture& f, int id)
{
    EditorDrafts* drafts = f.editor()->drafts();
    return drafts->store().filePath(drafts->databaseKey(), id);
}

// Types at the end of the text, as a person would.
void typeAtEnd(Fixture& f, const QString& text)
{
    QPlainTextEdit* edit = f.editor()->textEdit();
    edit->setFocus();
    edit->moveCursor(QTextCursor::End);
    typeText(edit, text);
}

QToolButton* offerButton(Fixture& f, const char* name)
{
    return f.editor()->drafts()->offerBar()->findChild<QToolButton*>(QString::fromLatin1(name));
}

// Clicks a button of the offer once it is laid out: a click on a button still of size zero
// (a loaded machine lays the bar out later) misses it.
void clickOffer(Fixture& f, const char* name)
{
    f.window->showPage(f.browser()); // as a person sees it: the editor's page in front
    QToolButton* button = nullptr;
    QTRY_VERIFY((button = offerButton(f, name)) && button->isVisible() &&
                !button->rect().isEmpty());
    QTest::mouseClick(button, Qt::LeftButton);
}

QString conninfo(const ConnectionSpec& spec)
{
    QStringList parts;
    for (const auto& [key, value] : spec.libpqParameters())
        parts << key + u"='"_s + QString(value).replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s) +
                     u'\'';
    return parts.join(u' ');
}

DraftStore::Draft someDraft(const QString& text)
{
    return {text, u"base"_s, u"1234"_s, QDateTime::currentDateTimeUtc()};
}

int modeOf(const QString& path)
{
    struct stat st
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

bool isSymLink(const QString& path)
{
    struct stat st
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 && S_ISLNK(st.st_mode);
}

bool existsAtAll(const QString& path) // a dangling symlink too
{
    struct stat st
    {
    };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0;
}

QByteArray contents(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A tiny file system of its own (tmpfs, 64 KiB), unmounted when done: a disk that really
// fills up and answers ENOSPC, which only root may mount.
struct TinyDisk
{
    explicit TinyDisk(const QString& where)
        : path(QFile::encodeName(where))
    {
        mounted = ::mount("tmpfs", this->path.constData(), "tmpfs", 0, "size=64k,mode=0700") == 0;
        error = mounted ? 0 : errno;
    }
    ~TinyDisk()
    {
        if (mounted)
            ::umount2(path.constData(), MNT_DETACH);
    }
    // Fills it up with a file of its own until the disk says it is full.
    bool fill(const QString& filler) const
    {
        const int fd = ::open(QFile::encodeName(filler).constData(), O_WRONLY | O_CREAT, 0600);
        if (fd < 0)
            return false;
        const QByteArray block(4096, 'x');
        int err = 0;
        while (err == 0)
            err = ::write(fd, block.constData(), block.size()) < 0 ? errno : 0;
        ::close(fd);
        return err == ENOSPC;
    }
    QByteArray path;
    bool mounted = false;
    int error = 0;
};

// Runs `job` on a thread of its own, so a test sees it block (on a FIFO) and fails instead of
// hanging; on the way out it opens the FIFO at `fifo` both ways until the thread is done.
struct GuardedThread
{
    GuardedThread(const QString& fifoPath, std::function<void()> job)
        : fifo(QFile::encodeName(fifoPath))
        , thread(QThread::create(std::move(job)))
    {
        thread->start();
    }
    ~GuardedThread()
    {
        for (int i = 0; i < 100 && !thread->wait(50); ++i) {
            const int fd = ::open(fifo.constData(), O_RDWR | O_NONBLOCK);
            if (fd >= 0)
                ::close(fd);
        }
        if (!thread->isFinished())
            qFatal("the draft thread stays blocked on %s", fifo.constData());
    }
    QByteArray fifo;
    std::unique_ptr<QThread> thread;
};

// The editor's visible bar that says `words`, if any.
MessageBar* visibleBarSaying(HoroscopeEditor* editor, const QString& words)
{
    for (MessageBar* bar : editor->findChildren<MessageBar*>())
        if (bar->isVisible() && bar->width() > 0 && bar->text().contains(words))
            return bar;
    return nullptr;
}

} // namespace

class TestDrafts : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void typingKeepsADraftThatTheNextEditorOffersAndRestores();
    void savingDeletesTheDraft();
    void revertingDeletesTheDraft();
    void discardingTheOfferDeletesTheDraft();
    void aDraftOfAnotherDatabaseIsNotOffered();
    void aDraftOlderThanTheRowLeadsToTheConflictNotAnOverwrite();
    void textTypedBeforeAKillComesBack();
    void aDraftIsOfferedWhenAnotherHoroscopeWasOpenedFirst();
    void aWriteOnAFullDiskFailsAndKeepsThePreviousDraft();
    void draftsArePrivate();
    void aSymlinkAtTheDraftPathIsNeverFollowed();
    void aFifoAtTheDraftPathBlocksNeitherReadNorWrite();
    void anOversizedOrBrokenDraftIsNotReadAndIsRemoved();
    void theWindowSaysAtOnceWhenTheTextCannotBeKept();

private:
    QTemporaryDir m_home; // XDG_DATA_HOME: the drafts of this test only
    ConnectionSpec m_spec;
};

void TestDrafts::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.path()));
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"drafts"_s);
    insertDays(m_spec, QDate::currentDate(), 3);
}

void TestDrafts::typingKeepsADraftThatTheNextEditorOffersAndRestores()
{
    const int id = idOf(m_spec, u"aries"_s, QDate::currentDate());
    const QString original = contentOf(m_spec, id);
    const QString typed = u" Черновик: «звёзды» — и ещё."_s;
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, id);
        QVERIFY(!f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
        typeAtEnd(f, typed);
        path = draftPath(f, id);
        QTRY_VERIFY(QFile::exists(path));
        QVERIFY(path.startsWith(m_home.path()));
        const std::optional<DraftStore::Draft> draft =
            f.editor()->drafts()->store().read(f.editor()->drafts()->databaseKey(), id);
        QVERIFY(draft);
        QCOMPARE(draft->text, original + typed);
        QCOMPARE(draft->baseText, original);
    } // the window goes away without saving, as in a crash

    Fixture f(m_spec);
    openAndWait(f, id);
    MessageBar* bar = f.editor()->drafts()->offerBar();
    QTRY_VERIFY(bar->isVisibleTo(f.editor()));
    QVERIFY2(bar->text().contains(u"was recovered"), qPrintable(bar->text()));
    QVERIFY(!bar->text().contains(u"changed in the database"));
    QCOMPARE(f.editor()->text(), original); // nothing replaced without asking
    f.window->showPage(f.browser());
    QToolButton* restore = offerButton(f, "restoreDraftButton");
    QVERIFY(restore);
    QVERIFY(restore->focusPolicy() & Qt::TabFocus);
    QTRY_VERIFY(restore->isVisible() && !restore->rect().isEmpty());
    restore->setFocus();
    QTest::keyClick(restore, Qt::Key_Space); // from the keyboard
    QTRY_COMPARE(f.editor()->text(), original + typed);
    QVERIFY(f.editor()->isDirty());
    QCOMPARE(f.editor()->state(), HoroscopeEditor::State::Dirty);
    QVERIFY(!bar->isVisibleTo(f.editor()));
    QVERIFY(QFile::exists(path)); // still unsaved, still kept
    f.editor()->revert();
}

void TestDrafts::savingDeletesTheDraft()
{
    Fixture f(m_spec);
    const int id = idOf(m_spec, u"taurus"_s, QDate::currentDate());
    openAndWait(f, id);
    typeAtEnd(f, u" Saved addendum."_s);
    const QString path = draftPath(f, id);
    QTRY_VERIFY(QFile::exists(path));
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);
    QVERIFY(contentOf(m_spec, id).endsWith(u" Saved addendum."));
    QTRY_VERIFY(!QFile::exists(path));
}

void TestDrafts::revertingDeletesTheDraft()
{
    Fixture f(m_spec);
    const int id = idOf(m_spec, u"gemini"_s, QDate::currentDate());
    openAndWait(f, id);
    typeAtEnd(f, u" To be reverted."_s);
    const QString path = draftPath(f, id);
    QTRY_VERIFY(QFile::exists(path));
    QTest::keyClick(f.editor()->textEdit(), Qt::Key_Escape);
    QVERIFY(!f.editor()->isDirty());
    QTRY_VERIFY(!QFile::exists(path));
}

void TestDrafts::discardingTheOfferDeletesTheDraft()
{
    const int id = idOf(m_spec, u"cancer"_s, QDate::currentDate());
    const QString original = contentOf(m_spec, id);
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, id);
        typeAtEnd(f, u" Not wanted."_s);
        path = draftPath(f, id);
        QTRY_VERIFY(QFile::exists(path));
    }
    Fixture f(m_spec);
    openAndWait(f, id);
    QTRY_VERIFY(f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
    clickOffer(f, "discardDraftButton");
    QTRY_VERIFY(!QFile::exists(path));
    QVERIFY(!f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
    QCOMPARE(f.editor()->text(), original);
    QVERIFY(!f.editor()->isDirty());
}

void TestDrafts::aDraftOfAnotherDatabaseIsNotOffered()
{
    // The same rows (and ids) in a second database of the same server.
    const ConnectionSpec other = migratedTestDatabase(u"drafts_other"_s);
    insertDays(other, QDate::currentDate(), 3);
    const int id = idOf(m_spec, u"leo"_s, QDate::currentDate());
    QCOMPARE(idOf(other, u"leo"_s, QDate::currentDate()), id);
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, id);
        typeAtEnd(f, u" Only for the first database."_s);
        path = draftPath(f, id);
        QTRY_VERIFY(QFile::exists(path));
    }
    Fixture f(other);
    openAndWait(f, id);
    QVERIFY(draftPath(f, id) != path);
    // The offer would come with the record; the history loads after it, so once it is there
    // the offer had its chance.
    QTRY_VERIFY(f.editor()->historyCount() >= 0 && !f.editor()->isBusy());
    QVERIFY(!f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
    QVERIFY(!f.editor()->drafts()->isOffering());
    QVERIFY(!f.editor()->isDirty());
    QVERIFY(QFile::exists(path)); // the first database's draft is left alone
}

void TestDrafts::aDraftOlderThanTheRowLeadsToTheConflictNotAnOverwrite()
{
    const int id = idOf(m_spec, u"virgo"_s, QDate::currentDate());
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, id);
        typeAtEnd(f, u" Mine, before the crash."_s);
        path = draftPath(f, id);
        QTRY_VERIFY(QFile::exists(path));
    }
    QCOMPARE(
        TestCluster::execute(
            m_spec, u"UPDATE horoscope_cache SET content = 'bot text' WHERE id = %1"_s.arg(id)),
        QString());
    Fixture f(m_spec);
    openAndWait(f, id);
    MessageBar* bar = f.editor()->drafts()->offerBar();
    QTRY_VERIFY(bar->isVisibleTo(f.editor()));
    QVERIFY2(bar->text().contains(u"changed in the database"), qPrintable(bar->text()));
    QCOMPARE(f.editor()->text(), u"bot text"_s);
    clickOffer(f, "restoreDraftButton");
    QTRY_VERIFY(f.editor()->text().endsWith(u" Mine, before the crash."));
    ConflictDialog::setNextChoice(ConflictDialog::Choice::KeepEditing);
    f.editor()->save();
    QTRY_VERIFY(f.editor()->status().contains(u"kept"));
    QCOMPARE(contentOf(m_spec, id), u"bot text"_s); // never silently overwritten
    QVERIFY(f.editor()->isDirty());
    f.editor()->revert();
}

void TestDrafts::textTypedBeforeAKillComesBack()
{
    const int id = idOf(m_spec, u"libra"_s, QDate::currentDate());
    const QString original = contentOf(m_spec, id);
    const QString typed = u" Набрано до SIGKILL."_s;
    // Another process, the app's window and editor, types and is killed: no destructor, no
    // close event, nothing flushed on the way out.
    QProcess typist;
    typist.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    typist.start(QStringLiteral(HA_DRAFT_TYPIST), {QCoreApplication::applicationName(),
                                                   conninfo(m_spec), QString::number(id), typed});
    QVERIFY2(typist.waitForStarted(), qPrintable(typist.errorString()));
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += typist.readAllStandardOutput()).contains("DRAFT "), 60000);
    const QString path = QString::fromUtf8(out.mid(out.indexOf("DRAFT ") + 6).trimmed());
    QVERIFY(QFile::exists(path));
    typist.kill(); // SIGKILL
    QVERIFY(typist.waitForFinished());
    QCOMPARE(typist.exitStatus(), QProcess::CrashExit);

    Fixture f(m_spec);
    openAndWait(f, id);
    QCOMPARE(draftPath(f, id), path);
    QTRY_VERIFY(f.editor()->drafts()->offerBar()->isVisibleTo(f.editor()));
    clickOffer(f, "restoreDraftButton");
    QTRY_COMPARE(f.editor()->text(), original + typed);
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);
    QCOMPARE(contentOf(m_spec, id), original + typed);
    QTRY_VERIFY(!QFile::exists(path));
}

// Issue 21: the list opens its first row by itself, so the drafted horoscope usually comes
// second; loading it once said "dirty, then clean" and its draft was deleted unread.
void TestDrafts::aDraftIsOfferedWhenAnotherHoroscopeWasOpenedFirst()
{
    const int drafted = idOf(m_spec, u"gemini"_s, QDate::currentDate());
    const int other = idOf(m_spec, u"cancer"_s, QDate::currentDate());
    QString path;
    {
        Fixture f(m_spec);
        openAndWait(f, drafted);
        typeAtEnd(f, u" Typed before the crash."_s);
        path = draftPath(f, drafted);
        QTRY_VERIFY(QFile::exists(path));
    } // gone without saving

    Fixture f(m_spec);
    openAndWait(f, other);
    openAndWait(f, drafted);
    QVERIFY(QFile::exists(path));
    MessageBar* bar = f.editor()->drafts()->offerBar();
    QTRY_VERIFY(bar->isVisibleTo(f.editor()));
    QVERIFY2(bar->text().contains(u"was recovered"), qPrintable(bar->text()));
    QVERIFY(QFile::exists(path)); // until Restore or Discard
    // Said at start in the window's bar, with Open: taken back once all were opened.
    QVERIFY(!f.editor()->drafts()->recovered().contains(drafted));
    f.editor()->drafts()->discard();
    QTRY_VERIFY(!QFile::exists(path));
}

void TestDrafts::aWriteOnAFullDiskFailsAndKeepsThePreviousDraft()
{
    if (::geteuid() != 0)
        QSKIP("mounting a tiny tmpfs to fill up needs root (as in CI)");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const TinyDisk disk(dir.path());
    if (!disk.mounted)
        QSKIP(qPrintable(u"cannot mount a tmpfs here: "_s + qt_error_string(disk.error)));
    const DraftStore store(dir.path() + u"/drafts"_s);
    const QString key = u"0123456789abcdef"_s;
    QString error;
    QVERIFY2(store.write(key, 5, someDraft(u"good draft"_s), &error), qPrintable(error));
    QVERIFY(disk.fill(dir.filePath(u"filler"_s)));

    error.clear();
    const bool written = store.write(key, 5, someDraft(QString(3000, u'ж')), &error);
    QVERIFY2(!written, "a write on a full disk was reported as kept");
    QCOMPARE(error, qt_error_string(ENOSPC));
    const std::optional<DraftStore::Draft> draft = store.read(key, 5);
    QVERIFY2(draft, "the previous draft is gone");
    QCOMPARE(draft->text, u"good draft"_s);
    // Nothing half-written left behind next to it.
    QCOMPARE(QDir(QFileInfo(store.filePath(key, 5)).absolutePath())
                 .entryList(QDir::Files | QDir::Hidden | QDir::System),
             QStringList{u"5.json"_s});
}

void TestDrafts::draftsArePrivate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const mode_t umaskWas = ::umask(022); // the usual one, which leaves files readable by all
    const auto restoreUmask = qScopeGuard([umaskWas] { ::umask(umaskWas); });
    const DraftStore store(dir.path() + u"/data/drafts"_s);
    const QString key = u"0123456789abcdef"_s;
    const QString path = store.filePath(key, 3);
    const QString keyDir = QFileInfo(path).absolutePath();
    QVERIFY(store.write(key, 3, someDraft(u"private"_s)));
    QCOMPARE(modeOf(dir.path() + u"/data"_s), 0700); // every folder it creates
    QCOMPARE(modeOf(store.directory()), 0700);
    QCOMPARE(modeOf(keyDir), 0700);
    QCOMPARE(modeOf(path), 0600);

    // Left readable by all by an older version: tightened by the next write.
    QVERIFY(::chmod(QFile::encodeName(store.directory()).constData(), 0755) == 0);
    QVERIFY(::chmod(QFile::encodeName(keyDir).constData(), 0755) == 0);
    QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
    QVERIFY(store.write(key, 3, someDraft(u"private again"_s)));
    QCOMPARE(modeOf(store.directory()), 0700);
    QCOMPARE(modeOf(keyDir), 0700);
    QCOMPARE(modeOf(path), 0600);
}

void TestDrafts::aSymlinkAtTheDraftPathIsNeverFollowed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const DraftStore store(dir.path() + u"/drafts"_s);
    const QString key = u"0123456789abcdef"_s;
    const QString path = store.filePath(key, 8);
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    const QString target = dir.filePath(u"precious.txt"_s);
    {
        QFile file(target);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("precious");
    }
    QVERIFY(QFile::link(target, path));
    QString error;
    QVERIFY2(store.write(key, 8, someDraft(u"the draft"_s), &error), qPrintable(error));
    QCOMPARE(contents(target), QByteArray("precious")); // not overwritten through the link
    QVERIFY(!isSymLink(path));
    QCOMPARE(store.read(key, 8).value_or(DraftStore::Draft{}).text, u"the draft"_s);

    // A link to a well-formed draft elsewhere is not read either: it is removed, not its target.
    const QString elsewhere = dir.filePath(u"elsewhere.json"_s);
    QVERIFY(QFile::rename(path, elsewhere));
    QVERIFY(QFile::link(elsewhere, path));
    QVERIFY(!store.read(key, 8));
    QVERIFY(!existsAtAll(path));
    QVERIFY(contents(elsewhere).contains("the draft"));
}

void TestDrafts::aFifoAtTheDraftPathBlocksNeitherReadNorWrite()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const DraftStore store(dir.path() + u"/drafts"_s);
    const QString key = u"0123456789abcdef"_s;
    const QString path = store.filePath(key, 9);
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    const QByteArray name = QFile::encodeName(path);

    QVERIFY(::mkfifo(name.constData(), 0600) == 0);
    std::optional<DraftStore::Draft> read = someDraft(u"not read"_s);
    {
        GuardedThread reader(path, [&] { read = store.read(key, 9); });
        QTRY_VERIFY_WITH_TIMEOUT(reader.thread->isFinished(), 5000);
    }
    QVERIFY(!read);
    QVERIFY(!existsAtAll(path)); // cleaned up

    QVERIFY(::mkfifo(name.constData(), 0600) == 0);
    bool written = false;
    {
        GuardedThread writer(path, [&] { written = store.write(key, 9, someDraft(u"kept"_s)); });
        QTRY_VERIFY_WITH_TIMEOUT(writer.thread->isFinished(), 5000);
    }
    QVERIFY(written);
    QVERIFY(QFileInfo(path).isFile());
    QCOMPARE(store.read(key, 9).value_or(DraftStore::Draft{}).text, u"kept"_s);
}

void TestDrafts::anOversizedOrBrokenDraftIsNotReadAndIsRemoved()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const DraftStore store(dir.path() + u"/drafts"_s);
    const QString key = u"0123456789abcdef"_s;
    const QString path = store.filePath(key, 4);
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    const auto put = [&](const QByteArray& bytes) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(bytes) == bytes.size() && file.flush();
    };
    // Well-formed, but 3 MiB: far beyond any horoscope.
    const QByteArray huge = R"({"format":1,"id":4,"text":")" + QByteArray(3 << 20, 'a') +
                            R"(","baseText":"","baseXmin":"1","savedAt":"2026-01-01T00:00:00Z"})";
    QVERIFY(put(huge));
    QVERIFY(!store.read(key, 4));
    QVERIFY(!existsAtAll(path));

    for (const QByteArray& broken : {QByteArray(), QByteArray("{\"format\":1,\"id\":4,\"te"),
                                     QByteArray(R"({"format":1,"id":5,"text":"x"})")}) {
        QVERIFY(put(broken));
        QVERIFY(!store.read(key, 4));
        QVERIFY2(!existsAtAll(path), broken.constData());
    }
}

void TestDrafts::theWindowSaysAtOnceWhenTheTextCannotBeKept()
{
    Fixture f(m_spec);
    const int id = idOf(m_spec, u"scorpio"_s, QDate::currentDate());
    openAndWait(f, id);
    f.window->showPage(f.browser());
    const QString path = draftPath(f, id);
    const QString keyDir = QFileInfo(path).absolutePath();
    // This database's drafts folder cannot be made: a file is in its place. Unlike a read-only
    // folder, that stops root too.
    const QString aside = keyDir + u".aside"_s;
    QVERIFY(!QFileInfo::exists(keyDir) || QDir().rename(keyDir, aside));
    QVERIFY(QDir().mkpath(QFileInfo(keyDir).absolutePath()));
    {
        QFile blocker(keyDir);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
    }
    const auto restoreFolder = [&] {
        QFile::remove(keyDir);
        if (QFileInfo::exists(aside))
            QDir().rename(aside, keyDir);
    };
    auto guard = qScopeGuard(restoreFolder);
    typeAtEnd(f, u" Not kept."_s);
    MessageBar* bar = nullptr;
    QTRY_VERIFY((bar = visibleBarSaying(f.editor(), u"cannot be kept on disk"_s)));
    QVERIFY2(bar->text().contains(u"save it or copy it"), qPrintable(bar->text()));
    QVERIFY2(bar->text().contains(qt_error_string(ENOTDIR)), qPrintable(bar->text()));
    QCOMPARE(bar->type(), MessageBar::Type::Warning);

    // Room again: the next write keeps the text and the warning goes.
    restoreFolder();
    QVERIFY(QFileInfo(keyDir).isDir() || QDir().mkpath(keyDir));
    typeAtEnd(f, u" Kept now."_s);
    QTRY_VERIFY(QFile::exists(path));
    QTRY_VERIFY(!bar->isVisible());
    f.editor()->revert();
    QTRY_VERIFY(!QFile::exists(path));
}

QTEST_MAIN(TestDrafts)
#include "tst_drafts.moc"
