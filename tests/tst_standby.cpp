#include "HoroscopeFixtures.h"
#include "HoroscopeTableModel.h"
#include "ReadSourceLabel.h"
#include "Service.h"
#include "StandbyFixture.h"
#include "TrendsService.h"
#include "WindowFixture.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString kApp = u"ha-standby-test"_s;

int idOf(const ConnectionSpec& spec, const QString& sign)
{
    return TestCluster::scalar(spec, u"SELECT id FROM horoscope_cache WHERE zodiac_sign = '%1' "
                                     "AND horoscope_date = current_date"_s.arg(sign))
        .toInt();
}

int appSessions(const ConnectionSpec& server)
{
    return TestCluster::scalar(server, u"SELECT count(*) FROM pg_stat_activity "
                                       "WHERE application_name = '%1'"_s.arg(kApp))
        .toInt();
}

QString urlFor(const ConnectionSpec& spec)
{
    return u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run cli(const QStringList& args, const QString& url, const QString& readUrl)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"DATABASE_URL"_s, url);
    env.insert(u"DATABASE_READ_URL"_s, readUrl);
    env.remove(u"DISPLAY"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HA_EXECUTABLE), args);
    Run r;
    if (!p.waitForFinished(60'000))
        return r;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// Opens a horoscope in the window's editor, writes `text` and saves it (on the primary).
void saveInEditor(const WindowFixture& f, int id, const QString& text)
{
    f.browser()->openHoroscope(id);
    QTRY_COMPARE(f.editor()->currentId(), id);
    QTRY_VERIFY(!f.editor()->isBusy());
    f.editor()->setText(text);
    f.editor()->save();
    QTRY_COMPARE(f.editor()->status(), u"Saved."_s);
}

// Keeps the window's primary connection busy, as a long request of the window would.
class BusyPrimary final : public Service
{
public:
    using Service::Service;
    void sleep(QObject* context, int seconds, Reply<> done) const
    {
        request<std::monostate>(
            context,
            [seconds](QSqlDatabase& db, std::monostate*, DbError*) {
                QSqlQuery(db).exec(u"SELECT pg_sleep(%1)"_s.arg(seconds));
                return true;
            },
            std::move(done));
    }
};

} // namespace

class TestStandby : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void readsComeFromTheStandbyAndYourOwnChangeFromThePrimary();
    void writesNeverGoToAStandbyListedFirst();
    void readsFallBackToThePrimaryAndReturn();
    void listShowsYourChangeWhenTheStandbyReturnsBehindIt();
    void commandLineReadsFromTheStandby();

private:
    ConnectionSpec standbyOf(const ConnectionSpec& primary) const;
    void waitForReplay();
    void pauseReplay();

    StandbyFixture* m_standby = nullptr;
    ConnectionSpec m_primary;
    int m_aries = 0;
    int m_taurus = 0;
    QString m_oldAries;
    bool m_delayedApply = false; // recovery_min_apply_delay set on the standby
};

ConnectionSpec TestStandby::standbyOf(const ConnectionSpec& primary) const
{
    return m_standby->spec(primary.database);
}

void TestStandby::waitForReplay()
{
    const QString lsn = StandbyFixture::primaryLsn(m_primary);
    QTRY_VERIFY_WITH_TIMEOUT(m_standby->replayedUpTo(lsn, m_primary.database), 30'000);
}

void TestStandby::pauseReplay()
{
    QVERIFY(
        TestCluster::execute(standbyOf(m_primary), u"SELECT pg_wal_replay_pause()"_s).isEmpty());
    QTRY_COMPARE(
        TestCluster::scalar(standbyOf(m_primary), u"SELECT pg_get_wal_replay_pause_state()"_s)
            .toString(),
        u"paused"_s);
}

void TestStandby::initTestCase()
{
    REQUIRE_STANDBY();
    m_standby = &StandbyFixture::instance();
}

void TestStandby::init()
{
    m_primary = migratedTestDatabase(u"sb"_s);
    insertDays(m_primary, QDate::currentDate(), 10);
    QVERIFY(TestCluster::execute(m_primary, u"INSERT INTO horoscope_views (zodiac_sign, "
                                            "view_date, view_count) VALUES ('aries', "
                                            "current_date, 5)"_s)
                .isEmpty());
    m_aries = idOf(m_primary, u"aries"_s);
    m_taurus = idOf(m_primary, u"taurus"_s);
    m_oldAries = contentOf(m_primary, m_aries);
    m_primary.setOption(u"application_name"_s, kApp);
    waitForReplay();
}

void TestStandby::cleanup()
{
    QString error;
    if (!m_standby->isRunning())
        QVERIFY2(m_standby->start(&error), qPrintable(error));
    TestCluster::execute(standbyOf(m_primary), u"SELECT pg_wal_replay_resume()"_s);
    if (m_delayedApply) {
        m_delayedApply = false;
        QCOMPARE(TestCluster::execute(standbyOf(m_primary),
                                      u"ALTER SYSTEM RESET recovery_min_apply_delay"_s),
                 QString());
        QVERIFY2(m_standby->stop(&error) && m_standby->start(&error), qPrintable(error));
    }
}

void TestStandby::readsComeFromTheStandbyAndYourOwnChangeFromThePrimary()
{
    pauseReplay();
    // Changed on the primary only: the standby keeps the old text and count.
    QVERIFY(TestCluster::execute(m_primary, u"UPDATE horoscope_cache SET content = 'changed on "
                                            "the primary' WHERE id = %1; UPDATE horoscope_views "
                                            "SET view_count = 500"_s.arg(m_aries))
                .isEmpty());

    ConnectionSpec spec = m_primary;
    spec.standbyUrl = u"host="_s + m_standby->socketDir();
    WindowFixture f(spec);
    QTRY_VERIFY(f.model()->rowOfId(m_aries) >= 0);
    QCOMPARE(f.model()->rowAt(f.model()->rowOfId(m_aries))->preview, m_oldAries.left(200));
    // The window's read connection is on the standby.
    QTRY_VERIFY(appSessions(standbyOf(m_primary)) >= 1);

    bool answered = false;
    qint64 ariesViews = -1;
    TrendsService(&f.database)
        .trends(f.window.get(), {QDate::currentDate(), QDate::currentDate()},
                [&](DbResult<ViewTrends> r) {
                    answered = true;
                    ariesViews = r.value.totals.value(u"aries"_s, -1);
                });
    QTRY_VERIFY(answered);
    QCOMPARE(ariesViews, 5);

    QTemporaryDir out;
    QSignalSpy exported(f.browser(), &HoroscopeBrowser::exportFinished);
    f.browser()->exportTo(out.filePath(u"all.json"_s), HoroscopeExporter::Format::Json);
    QTRY_COMPARE(exported.size(), 1);
    QFile json(out.filePath(u"all.json"_s));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QString exportedText = QString::fromUtf8(json.readAll());
    QVERIFY(exportedText.contains(m_oldAries));
    QVERIFY(!exportedText.contains(u"changed on the primary"));

    // The status bar names the standby and its lag, which grows while replay is paused.
    auto* label = f.window->findChild<ReadSourceLabel*>(u"readSource"_s);
    QVERIFY(label && label->isVisible());
    QTRY_VERIFY(label->fullText().startsWith(u"Reads: standby "_s + m_standby->socketDir()));
    QTRY_VERIFY(f.database.readStatus().bytesBehind > 0);
    QTRY_VERIFY(label->fullText().contains(u" s behind"));
    QVERIFY(label->fullText().contains(u"replay paused"));
    QVERIFY(f.database.readStatus().lagSeconds > 0);
    // The window's connections: 1 for reads to the standby, 1 (for writes and the editor) to
    // the primary.
    QTRY_COMPARE(appSessions(standbyOf(m_primary)), 1);
    QTRY_COMPARE(appSessions(TestCluster::instance().cluster().connectionSpec(m_primary.database)),
                 1);

    // The editor saves on the primary and sees its own text; so does the list, although the
    // standby still has the old one.
    const QString oldTaurus = contentOf(m_primary, m_taurus);
    saveInEditor(f, m_taurus, u"my own change"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(f.editor()->text(), u"my own change"_s);
    QCOMPARE(contentOf(m_primary, m_taurus), u"my own change"_s);
    QVERIFY(f.database.readStatus().pinned);
    QVERIFY(label->fullText().startsWith(u"Reads: primary until the standby has your last change"));
    f.browser()->reload();
    QTRY_VERIFY(f.model()->rowOfId(m_taurus) >= 0 && !f.model()->isLoading());
    QCOMPARE(f.model()->rowAt(f.model()->rowOfId(m_taurus))->preview, u"my own change"_s);
    QCOMPARE(contentOf(standbyOf(m_primary), m_taurus), oldTaurus);

    // Once the standby has replayed it, reads go back there, and an idle primary shows no lag.
    QVERIFY(
        TestCluster::execute(standbyOf(m_primary), u"SELECT pg_wal_replay_resume()"_s).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!f.database.readStatus().pinned, 20'000);
    QTRY_VERIFY_WITH_TIMEOUT(label->fullText().endsWith(u"up to date"), 20'000);
}

void TestStandby::writesNeverGoToAStandbyListedFirst()
{
    ConnectionSpec spec = m_primary;
    spec.host = m_standby->socketDir() + u',' + m_primary.host;
    // Left to itself, libpq takes the first host that answers: the standby.
    ConnectionSpec anyHost = spec;
    anyHost.purpose = ConnectionSpec::Purpose::Read;
    QVERIFY(TestCluster::scalar(anyHost, u"SELECT pg_is_in_recovery()"_s).toBool());
    // The app's connections for writing skip it.
    QVERIFY(!TestCluster::scalar(spec, u"SELECT pg_is_in_recovery()"_s).toBool());

    WindowFixture f(spec);
    auto* label = f.window->findChild<ReadSourceLabel*>(u"readSource"_s);
    QTRY_VERIFY(label->fullText().startsWith(u"Reads: standby "_s + m_standby->socketDir()));
    saveInEditor(f, m_aries, u"saved through a host list"_s);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(contentOf(m_primary, m_aries), u"saved through a host list"_s);
    QVERIFY(appSessions(standbyOf(m_primary)) >= 1); // the reads are there
}

void TestStandby::readsFallBackToThePrimaryAndReturn()
{
    QString error;
    QVERIFY2(m_standby->stop(&error), qPrintable(error));
    ConnectionSpec spec = m_primary;
    spec.standbyUrl = u"host="_s + m_standby->socketDir();
    WindowFixture f(spec);
    QTRY_VERIFY(f.model()->rowOfId(m_aries) >= 0);
    auto* label = f.window->findChild<ReadSourceLabel*>(u"readSource"_s);
    QTRY_VERIFY(label->fullText().endsWith(u"the standby is unreachable"));
    QVERIFY(label->fullText().startsWith(u"Reads: primary "_s + m_primary.host));
    QCOMPARE(f.database.state(), Database::State::Connected);

    QVERIFY2(m_standby->start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(label->fullText().startsWith(u"Reads: standby "_s), 20'000);
}

void TestStandby::listShowsYourChangeWhenTheStandbyReturnsBehindIt()
{
    // Issue 22: read-your-own-writes was judged on one read connection (StandbyMonitor's) and
    // applied on another (the list's own). A change saved while reads had fallen back to the
    // primary, a standby back but behind it, a monitor that has not looked at it yet (it asks
    // the primary first, and the primary is busy): the list showed the text from before the
    // save. Now the read asks the connection that serves it.
    ConnectionSpec spec = m_primary;
    spec.standbyUrl = u"host="_s + m_standby->socketDir();
    WindowFixture f(spec);
    QTRY_VERIFY(f.model()->rowOfId(m_taurus) >= 0);
    QTRY_VERIFY(f.database.readStatus().onStandby);
    // Back from its restart, the standby holds back what it receives for an hour.
    QCOMPARE(TestCluster::execute(standbyOf(m_primary),
                                  u"ALTER SYSTEM SET recovery_min_apply_delay = '1h'"_s),
             QString());
    m_delayedApply = true;
    QString error;
    QVERIFY2(m_standby->stop(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(f.database.readStatus().known && !f.database.readStatus().onStandby,
                             20'000);

    const QString oldTaurus = contentOf(m_primary, m_taurus);
    saveInEditor(f, m_taurus, u"my own change"_s);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!f.database.readStatus().pinned); // reads are on the primary: nothing to wait for

    bool slept = false;
    BusyPrimary(&f.database).sleep(f.window.get(), 6, [&](DbResult<>) { slept = true; });
    QVERIFY2(m_standby->start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(appSessions(standbyOf(m_primary)) >= 1, 5'000);
    QCOMPARE(contentOf(standbyOf(m_primary), m_taurus), oldTaurus); // behind, for an hour
    QVERIFY(!slept);
    f.browser()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(!f.model()->isLoading(), 20'000);
    QVERIFY(f.model()->rowOfId(m_taurus) >= 0);
    QCOMPARE(f.model()->rowAt(f.model()->rowOfId(m_taurus))->preview, u"my own change"_s);
}

void TestStandby::commandLineReadsFromTheStandby()
{
    pauseReplay();
    QVERIFY(TestCluster::execute(m_primary, u"UPDATE horoscope_cache SET content = 'changed on "
                                            "the primary' WHERE id = %1; UPDATE horoscope_views "
                                            "SET view_count = 500"_s.arg(m_aries))
                .isEmpty());
    const QString today = QDate::currentDate().toString(Qt::ISODate);
    const QString readUrl = u"host="_s + m_standby->socketDir();
    const QStringList list{u"horoscopes"_s, u"list"_s, u"--sign"_s, u"aries"_s, u"--from"_s, today};
    const QStringList views{u"views"_s, u"export"_s, u"--from"_s, today, u"--to"_s, today};

    Run r = cli(list, urlFor(m_primary), readUrl);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(m_oldAries.left(40)), qPrintable(r.out + r.err));
    r = cli(views, urlFor(m_primary), readUrl);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(!r.out.contains(u",500"));

    // Without the standby the same commands read from the primary.
    QString error;
    QVERIFY2(m_standby->stop(&error), qPrintable(error));
    r = cli(list, urlFor(m_primary), readUrl);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(u"changed on the primary"));
    QVERIFY(r.err.isEmpty()); // not a terminal: no progress line
    r = cli(views, urlFor(m_primary), readUrl);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(u",500"));
}

QTEST_MAIN(TestStandby)
#include "tst_standby.moc"
