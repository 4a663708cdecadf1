// The activity log and undoing an invalidation (issue 24, parts 3 and 4): every change to every
// horoscope newest first, with kinds and one-line summaries also for the bot's and psql's
// changes; filters; keyset paging that never repeats or skips an entry; restoring a deletion
// when the day is free, and when the bot generated a new text meanwhile (both offered, nothing
// overwritten); `history list` agrees with plain SQL; the Activity page in the window.
#include "ActivityLog.h"
#include "ActivityPage.h"
#include "CliRun.h"
#include "ConflictDialog.h"
#include "Csv.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeStore.h"
#include "WindowFixture.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

QList<qint64> sqlIds(const ConnectionSpec& spec, const QString& where = u"true"_s)
{
    QSqlDatabase db = TestCluster::open(spec);
    QList<qint64> ids;
    {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT revision_id FROM horoscope_cache_revisions WHERE "_s + where +
                    u" ORDER BY changed_at DESC, revision_id DESC"_s))
            qFatal("%s", qPrintable(q.lastError().text()));
        while (q.next())
            ids << q.value(0).toLongLong();
    }
    TestCluster::close(db);
    return ids;
}

QList<ActivityEntry> readLog(const ConnectionSpec& spec, const ActivityFilter& filter = {},
                             int pageSize = 1000)
{
    QSqlDatabase db = TestCluster::open(spec);
    QList<ActivityEntry> all;
    std::optional<ActivityLog::Position> after;
    for (;;) {
        QList<ActivityEntry> page;
        DbError error;
        if (!ActivityLog::page(db, spec, filter, after ? &*after : nullptr, pageSize, &page,
                               &error))
            qFatal("%s", qPrintable(error.message));
        all << page;
        if (page.size() < pageSize)
            break;
        after = ActivityLog::positionOf(page.last());
    }
    TestCluster::close(db);
    return all;
}

QList<qint64> idsOf(const QList<ActivityEntry>& entries)
{
    QList<qint64> ids;
    for (const ActivityEntry& e : entries)
        ids << e.revisionId;
    return ids;
}

// Anna edits leo, the bot regenerates it, psql changes it, Anna invalidates it; psql deletes
// virgo. Each in its own transaction, so each has its own time.
void makeHistory(const ConnectionSpec& spec, const QDate& day)
{
    ConnectionSpec anna = spec;
    anna.person = u"Anna Petrova"_s;
    QSqlDatabase db = TestCluster::open(anna);
    {
        HoroscopeStore store(db, anna, true);
        HoroscopeRecord leo;
        DbError error;
        QVERIFY(store.load(idOf(spec, u"leo"_s, day), &leo, &error));
        QCOMPARE(int(store.save(leo.id, leo.xmin, u"Leo, corrected by Anna."_s).outcome),
                 int(HoroscopeStore::SaveResult::Outcome::Saved));
    }
    QCOMPARE(TestCluster::execute(spec, u"UPDATE horoscope_cache SET content = 'Leo by the "
                                        "bot.', generated_at = now() + interval '1 minute' "
                                        "WHERE zodiac_sign = 'leo'"_s),
             QString());
    QCOMPARE(TestCluster::execute(spec, u"UPDATE horoscope_cache SET content = content || "
                                        "' psql' WHERE zodiac_sign = 'leo'"_s),
             QString());
    {
        HoroscopeStore store(db, anna, true);
        HoroscopeRecord leo;
        DbError error;
        QVERIFY(store.load(idOf(spec, u"leo"_s, day), &leo, &error));
        QList<int> removed;
        QVERIFY(store.remove({{leo.id, leo.xmin}}, &removed, &error));
        QCOMPARE(removed.size(), 1);
    }
    TestCluster::close(db);
    QCOMPARE(TestCluster::execute(spec, u"DELETE FROM horoscope_cache WHERE zodiac_sign = "
                                        "'virgo'"_s),
             QString());
}

qint64 deletionOf(const ConnectionSpec& spec, const QString& sign)
{
    return TestCluster::scalar(spec,
                               u"SELECT max(revision_id) FROM horoscope_cache_revisions "
                               "WHERE operation = 'DELETE' AND zodiac_sign = '%1'"_s.arg(sign))
        .toLongLong();
}

} // namespace

class TestActivity : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void newestFirstWithKindsAndSummaries();
    void filtersByPersonKindSignAndDays();
    void keysetPagingNeitherRepeatsNorSkips();
    void indexBuildNeverMakesTheBotWait();
    void unknownKindIsShownAsRecorded();
    void restoreWhenTheDayIsFree();
    void restoreWhenTheBotGeneratedMeanwhileOffersBoth();
    void cliAgreesWithSql();
    void cliBadValuesExitWithTwo();
    void cliRestoresOnlyWithYesAndNeverOverwrites();
    void pageListsRestoresAndOpens();
    void pageFetchesMoreOnScroll();
};

void TestActivity::initTestCase()
{
    REQUIRE_CLUSTER();
}

void TestActivity::newestFirstWithKindsAndSummaries()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actlog"_s);
    const QDate day(2026, 11, 28);
    insertDays(spec, day, 1);
    makeHistory(spec, day);
    const QList<ActivityEntry> log = readLog(spec);
    QCOMPARE(idsOf(log), sqlIds(spec));
    QStringList titles;
    QStringList kinds;
    for (const ActivityEntry& e : log) {
        titles << ActivityLog::title(e);
        kinds << ActivityLog::kindOf(e);
    }
    const QString role = TestCluster::scalar(spec, u"SELECT current_user"_s).toString();
    QCOMPARE(titles, (QStringList{u"Deleted outside Horoscope Admin by %1"_s.arg(role),
                                  u"Invalidated by Anna Petrova"_s,
                                  u"Changed outside Horoscope Admin by %1"_s.arg(role),
                                  u"Regenerated by the bot (%1)"_s.arg(role),
                                  u"Edited by Anna Petrova"_s}));
    QCOMPARE(kinds, (QStringList{u"outside"_s, u"invalidated"_s, u"outside"_s, u"outside"_s,
                                 u"edited"_s}));
    // One line each: what Anna's edit did, what the invalidation removed.
    const QString edit = ActivityLog::summary(log.last());
    QVERIFY2(edit.startsWith(u"Edited by Anna Petrova: "_s) && edit.contains(u"removed"_s) &&
                 !edit.contains(u'\n'),
             qPrintable(edit));
    const QString invalidation = ActivityLog::summary(log.at(1));
    QVERIFY2(invalidation.contains(u"“Leo by the bot. psql”"_s), qPrintable(invalidation));
    QCOMPARE(log.at(1).sign, u"leo"_s);
    QCOMPARE(log.at(1).date, day);
    QCOMPARE(log.at(1).currentId, 0);                         // gone
    QCOMPARE(log.last().after, u"Leo, corrected by Anna."_s); // what the edit made
}

void TestActivity::filtersByPersonKindSignAndDays()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actfilter"_s);
    const QDate day(2026, 11, 28);
    insertDays(spec, day, 1);
    makeHistory(spec, day);
    // An old change, two days ago, by Boris.
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache_revisions (cache_id, "
                                        "zodiac_sign, horoscope_date, content, generated_at, "
                                        "operation, changed_at, changed_by_person, change_kind) "
                                        "VALUES (1, 'aries', '2026-11-20', 'old', now(), "
                                        "'UPDATE', now() - interval '2 days', 'Boris', "
                                        "'edited')"_s),
             QString());
    ActivityFilter f;
    f.person = u"Anna Petrova"_s;
    QCOMPARE(idsOf(readLog(spec, f)), sqlIds(spec, u"changed_by_person = 'Anna Petrova'"_s));
    QCOMPARE(readLog(spec, f).size(), 2);
    f = {};
    f.kind = u"invalidated"_s;
    QCOMPARE(idsOf(readLog(spec, f)), sqlIds(spec, u"change_kind = 'invalidated'"_s));
    f.kind = u"outside"_s;
    QCOMPARE(idsOf(readLog(spec, f)), sqlIds(spec, u"change_kind IS NULL"_s));
    QCOMPARE(readLog(spec, f).size(), 3);
    f = {};
    f.sign = u"virgo"_s;
    QCOMPARE(idsOf(readLog(spec, f)), sqlIds(spec, u"zodiac_sign = 'virgo'"_s));
    f = {};
    f.until = QDate::currentDate().addDays(-1);
    QCOMPARE(idsOf(readLog(spec, f)), sqlIds(spec, u"changed_by_person = 'Boris'"_s));
    f.until = {};
    f.since = QDate::currentDate();
    QCOMPARE(idsOf(readLog(spec, f)), sqlIds(spec, u"changed_by_person IS DISTINCT FROM "
                                                   "'Boris'"_s));
    f.sign = u"leo"_s;
    f.person = u"Anna Petrova"_s;
    f.kind = u"edited"_s;
    QCOMPARE(readLog(spec, f).size(), 1);
}

void TestActivity::keysetPagingNeitherRepeatsNorSkips()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actpage"_s);
    // 250 entries, many at the very same microsecond (one transaction's now()), some one
    // microsecond apart: the position must keep microseconds and break ties by id.
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache_revisions (cache_id, "
                                        "zodiac_sign, horoscope_date, content, generated_at, "
                                        "operation, changed_at) SELECT g, 'leo', '2026-11-28', "
                                        "'t' || g, now(), 'UPDATE', timestamptz "
                                        "'2026-12-01 10:00:00.123456+00' + make_interval(secs "
                                        "=> (g % 3) * 0.000001) FROM generate_series(1, 250) g"_s),
             QString());
    const QList<qint64> expected = sqlIds(spec);
    QCOMPARE(expected.size(), 250);
    for (const int size : {1, 7, 100}) {
        const QList<qint64> got = idsOf(readLog(spec, {}, size));
        QCOMPARE(got, expected);
    }
}

// Migration 0010 indexes the history table, into which the history trigger writes inside the
// bot's UPDATE and DELETE. A plain CREATE INDEX holds SHARE on it for the whole build, which
// makes the bot's UPDATE wait; CONCURRENTLY holds SHARE UPDATE EXCLUSIVE, which does not.
void TestActivity::indexBuildNeverMakesTheBotWait()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actlock"_s);
    insertDays(spec, QDate(2026, 11, 28), 1);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_index i JOIN pg_class c ON "
                                       "c.oid = i.indexrelid WHERE c.relname LIKE "
                                       "'ix_horoscope_cache_revisions_activity%' AND "
                                       "i.indisvalid"_s)
                 .toInt(),
             4);
    QFile file(u":/migrations/0010_activity_log_index.sql"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray sql = file.readAll();
    QVERIFY(sql.contains("\n-- Transaction: none\n"));
    QCOMPARE(sql.count("CREATE INDEX CONCURRENTLY IF NOT EXISTS"), 4);

    QString holderName;
    QSqlDatabase holder = TestCluster::open(spec, &holderName);
    QString botName;
    QSqlDatabase bot = TestCluster::open(spec, &botName);
    {
        QSqlQuery h(holder);
        QSqlQuery b(bot);
        QVERIFY(b.exec(u"SET lock_timeout = '300ms'"_s));
        const auto botUpdates = [&b](const char* text) {
            b.prepare(u"UPDATE horoscope_cache SET content = ? WHERE zodiac_sign = 'leo'"_s);
            b.addBindValue(QString::fromLatin1(text));
            return b.exec() ? QString() : b.lastError().nativeErrorCode();
        };
        for (const auto& [mode, waits] :
             {std::pair{"SHARE", true}, std::pair{"SHARE UPDATE EXCLUSIVE", false}}) {
            QVERIFY(h.exec(u"BEGIN"_s));
            QVERIFY(h.exec(u"LOCK TABLE horoscope_cache_revisions IN %1 MODE"_s.arg(
                QString::fromLatin1(mode))));
            QCOMPARE(botUpdates(mode), waits ? u"55P03"_s : QString()); // lock_not_available
            QVERIFY(h.exec(u"ROLLBACK"_s));
        }
    }
    TestCluster::close(bot);
    TestCluster::close(holder);
}

void TestActivity::unknownKindIsShownAsRecorded()
{
    ActivityEntry e;
    e.operation = u"UPDATE"_s;
    e.kind = u"translated"_s;
    e.person = u"Anna"_s;
    e.content = u"a"_s;
    e.after = u"ab"_s;
    QCOMPARE(ActivityLog::title(e), u"translated by Anna"_s);
    QCOMPARE(ActivityLog::kindOf(e), u"translated"_s);
    e.kind = u"replaced"_s; // part 2's kind
    QCOMPARE(ActivityLog::title(e), u"Replaced by Anna"_s);
    QVERIFY(ActivityLog::summary(e).startsWith(u"Replaced by Anna: "_s));
}

void TestActivity::restoreWhenTheDayIsFree()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actrestore"_s);
    const QDate day(2026, 11, 28);
    insertDays(spec, day, 1);
    makeHistory(spec, day);
    const qint64 deletion = deletionOf(spec, u"leo"_s);
    ConnectionSpec boris = spec;
    boris.person = u"Boris"_s;
    QSqlDatabase db = TestCluster::open(boris);
    ActivityLog::Restored r;
    DbError error;
    QVERIFY2(ActivityLog::restore(db, boris, deletion, &r, &error), qPrintable(error.message));
    TestCluster::close(db);
    QCOMPARE(int(r.outcome), int(ActivityLog::Restored::Outcome::Restored));
    QCOMPARE(contentOf(spec, idOf(spec, u"leo"_s, day)), u"Leo by the bot. psql"_s);
    QCOMPARE(r.current.content, u"Leo by the bot. psql"_s);
    // The history says who put it back, that it was a restore, and of which deletion.
    QCOMPARE(TestCluster::scalar(spec, u"SELECT operation || ' ' || change_kind || ' ' || "
                                       "changed_by_person || ' ' || restored_from FROM "
                                       "horoscope_cache_revisions ORDER BY revision_id DESC "
                                       "LIMIT 1"_s)
                 .toString(),
             u"INSERT restored Boris %1"_s.arg(deletion));
    const QList<ActivityEntry> log = readLog(spec);
    QCOMPARE(ActivityLog::title(log.first()), u"Restored after an invalidation by Boris"_s);
    QCOMPARE(log.first().currentId, idOf(spec, u"leo"_s, day));
}

void TestActivity::restoreWhenTheBotGeneratedMeanwhileOffersBoth()
{
    const ConnectionSpec spec = migratedTestDatabase(u"acttaken"_s);
    const QDate day(2026, 11, 28);
    insertDays(spec, day, 1);
    makeHistory(spec, day);
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                                        "horoscope_date, content) VALUES ('leo', '2026-11-28', "
                                        "'A new one by the bot.')"_s),
             QString());
    const qint64 before = TestCluster::scalar(spec, u"SELECT count(*) FROM "
                                                    "horoscope_cache_revisions"_s)
                              .toLongLong();
    QSqlDatabase db = TestCluster::open(spec);
    ActivityLog::Restored r;
    DbError error;
    QVERIFY2(ActivityLog::restore(db, spec, deletionOf(spec, u"leo"_s), &r, &error),
             qPrintable(error.message));
    TestCluster::close(db);
    QCOMPARE(int(r.outcome), int(ActivityLog::Restored::Outcome::Taken));
    QCOMPARE(r.deletedText, u"Leo by the bot. psql"_s);
    QCOMPARE(r.current.content, u"A new one by the bot."_s);
    QVERIFY(!r.current.xmin.isEmpty());
    // Never overwritten, nothing written.
    QCOMPARE(contentOf(spec, idOf(spec, u"leo"_s, day)), u"A new one by the bot."_s);
    QCOMPARE(
        TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache_revisions"_s).toLongLong(),
        before);
    // An entry that is not a deletion is refused with a message.
    db = TestCluster::open(spec);
    QVERIFY(!ActivityLog::restore(db, spec, sqlIds(spec, u"operation = 'UPDATE'"_s).first(), &r,
                                  &error));
    TestCluster::close(db);
    QVERIFY2(error.message.contains(u"not a deletion"_s), qPrintable(error.message));
}

void TestActivity::cliAgreesWithSql()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actcli"_s);
    const QDate day(2026, 11, 28);
    insertDays(spec, day, 1);
    makeHistory(spec, day);
    const QString url = urlFor(spec);
    Run r = cli({u"history"_s, u"list"_s, u"--database-url"_s, url, u"--format"_s, u"csv"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<QStringList> rows = parseCsv(r.out);
    QCOMPARE(rows.first().first(), u"revision_id"_s);
    QList<qint64> ids;
    for (qsizetype i = 1; i < rows.size(); ++i)
        ids << rows.at(i).at(0).toLongLong();
    QCOMPARE(ids, sqlIds(spec));
    QCOMPARE(rows.at(2).at(5), u"invalidated"_s);
    QCOMPARE(rows.at(2).at(6), u"Anna Petrova"_s);

    r = cli({u"history"_s, u"list"_s, u"--database-url"_s, url, u"--kind"_s, u"outside"_s,
             u"--sign"_s, u"leo"_s, u"--format"_s, u"json"_s, u"--limit"_s, u"1"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonArray json = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(json.size(), 1);
    QCOMPARE(json.at(0)[u"revision_id"_s].toInteger(),
             sqlIds(spec, u"change_kind IS NULL AND zodiac_sign = 'leo'"_s).first());
    QVERIFY(json.at(0)[u"person"_s].isNull());

    // Text: one line per entry, with the summary.
    r = cli({u"history"_s, u"list"_s, u"--database-url"_s, url, u"--person"_s, u"Anna Petrova"_s,
             u"--since"_s, QDate::currentDate().toString(Qt::ISODate)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = QString::fromUtf8(r.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).contains(u"leo 2026-11-28"_s) &&
                 lines.at(0).contains(u"Invalidated by Anna Petrova: “"_s),
             qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).contains(u"Edited by Anna Petrova: "_s), qPrintable(lines.at(1)));
}

void TestActivity::cliBadValuesExitWithTwo()
{
    const QList<QStringList> bad{{u"--format"_s, u"xml"_s},
                                 {u"--since"_s, u"yesterday"_s},
                                 {u"--since"_s, u"2026-12-02"_s, u"--until"_s, u"2026-12-01"_s},
                                 {u"--sign"_s, u"dragon"_s},
                                 {u"--limit"_s, u"0"_s},
                                 {u"--search"_s, u"x"_s}};
    for (const QStringList& args : bad) {
        const Run r = cli(QStringList{u"history"_s, u"list"_s} + args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count(u'\n'), 1);
    }
    const Run help = cli({u"--help"_s});
    QVERIFY(QString::fromUtf8(help.out).contains(u"history list"_s));
}

void TestActivity::cliRestoresOnlyWithYesAndNeverOverwrites()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actclirestore"_s);
    const QDate day(2026, 11, 28);
    insertDays(spec, day, 1);
    makeHistory(spec, day);
    const QString url = urlFor(spec);
    const QString leo = QString::number(deletionOf(spec, u"leo"_s));
    // Without --yes it says what it would do and writes nothing.
    Run r = cli({u"history"_s, u"restore"_s, u"--database-url"_s, url, u"--id"_s, leo});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains("The day is free"), r.out.constData());
    QCOMPARE(idOf(spec, u"leo"_s, day), 0);
    r = cli({u"history"_s, u"restore"_s, u"--database-url"_s, url, u"--id"_s, leo, u"--yes"_s,
             u"--person"_s, u"Boris"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(contentOf(spec, idOf(spec, u"leo"_s, day)), u"Leo by the bot. psql"_s);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT change_kind || ' ' || changed_by_person FROM "
                                       "horoscope_cache_revisions WHERE operation = 'INSERT'"_s)
                 .toString(),
             u"restored Boris"_s);
    // The bot generated virgo again: both are printed, nothing is written, exit 1.
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                                        "horoscope_date, content) VALUES ('virgo', "
                                        "'2026-11-28', 'Virgo, new from the bot.')"_s),
             QString());
    r = cli({u"history"_s, u"restore"_s, u"--database-url"_s, url, u"--id"_s,
             QString::number(deletionOf(spec, u"virgo"_s)), u"--yes"_s});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err.count(u'\n'), 1);
    QVERIFY2(r.out.contains("virgo 2026-11-28 text") && r.out.contains("Virgo, new from the bot."),
             r.out.constData());
    QCOMPARE(contentOf(spec, idOf(spec, u"virgo"_s, day)), u"Virgo, new from the bot."_s);
    // Not a deletion, or no id: refused.
    r = cli({u"history"_s, u"restore"_s, u"--database-url"_s, url, u"--id"_s,
             QString::number(sqlIds(spec, u"operation = 'UPDATE'"_s).first())});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"not a deletion"_s), qPrintable(r.err));
    QCOMPARE(cli({u"history"_s, u"restore"_s, u"--database-url"_s, url}).exitCode, 2);
}

void TestActivity::pageListsRestoresAndOpens()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actpage"_s);
    const QDate day = QDate::currentDate();
    insertDays(spec, day, 1);
    makeHistory(spec, day);
    WindowFixture f(spec);
    ActivityPage* page = f.window->findChild<ActivityPage*>();
    QVERIFY(page);
    f.window->showPage(page);
    QTableView* table = page->table();
    QTRY_COMPARE(table->model()->rowCount(), 5);
    QVERIFY2(table->model()->index(1, 3).data().toString().startsWith(u"Invalidated by Anna"_s),
             qPrintable(table->model()->index(1, 3).data().toString()));

    // Deleted: the invalidations (and other deletions) only, each with Restore.
    page->kindBox()->setCurrentIndex(page->kindBox()->findData(u"invalidated"_s));
    QTRY_COMPARE(table->model()->rowCount(), 1);
    table->setFocus();
    table->selectRow(0);
    QTRY_VERIFY(page->restoreButton()->isEnabled());
    page->restoreButton()->click();
    QTRY_VERIFY(idOf(spec, u"leo"_s, day) != 0);
    QCOMPARE(contentOf(spec, idOf(spec, u"leo"_s, day)), u"Leo by the bot. psql"_s);

    // virgo: the bot generated a new one meanwhile; both are shown, the editor keeps the
    // deleted text, and the history says it was restored.
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                                        "horoscope_date, content) VALUES ('virgo', current_date,"
                                        " 'Virgo, new from the bot.')"_s),
             QString());
    page->kindBox()->setCurrentIndex(page->kindBox()->findData(u"outside"_s));
    QTRY_VERIFY(table->model()->rowCount() >= 1);
    QTRY_VERIFY(table->model()->index(0, 3).data().toString().startsWith(u"Deleted outside"_s));
    table->selectRow(0);
    QTRY_VERIFY(page->restoreButton()->isEnabled());
    ConflictDialog::setNextChoice(ConflictDialog::Choice::KeepMine);
    page->restoreButton()->click();
    const int virgo = idOf(spec, u"virgo"_s, day);
    QTRY_COMPARE(contentOf(spec, virgo), u"virgo %1 text"_s.arg(day.toString(Qt::ISODate)));
    QTRY_COMPARE(TestCluster::scalar(spec, u"SELECT change_kind FROM horoscope_cache_revisions "
                                           "ORDER BY revision_id DESC LIMIT 1"_s)
                     .toString(),
                 u"restored"_s);

    // Opening an entry shows that horoscope in the editor.
    page->kindBox()->setCurrentIndex(0);
    QTRY_VERIFY(table->model()->rowCount() >= 5);
    table->selectRow(0);
    QTest::keyClick(table, Qt::Key_Return);
    QTRY_COMPARE(f.editor()->currentId(), virgo);

    // Anna's edit of leo: the editor's History tab shows the version that edit made (leo's
    // changes since, newest first: the invalidation, psql's, the bot's, then Anna's edit).
    f.window->showPage(page);
    QTRY_VERIFY(table->model()->rowCount() >= 5);
    int anna = -1;
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 3).data().toString().startsWith(u"Edited by Anna"_s))
            anna = row;
    }
    QVERIFY(anna >= 0);
    table->setCurrentIndex(table->model()->index(anna, 0));
    QTest::keyClick(table, Qt::Key_Return);
    QTRY_COMPARE(f.editor()->currentId(), idOf(spec, u"leo"_s, day));
    auto* versions = f.editor()->findChild<QListWidget*>(u"versionList"_s);
    QTRY_COMPARE(versions->currentRow(), 3);
    QVERIFY(versions->isVisible()); // the History tab is shown
}

void TestActivity::pageFetchesMoreOnScroll()
{
    const ConnectionSpec spec = migratedTestDatabase(u"actscroll"_s);
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache_revisions (cache_id, "
                                        "zodiac_sign, horoscope_date, content, generated_at, "
                                        "operation, changed_at) SELECT g, 'leo', '2026-11-28', "
                                        "'t' || g, now(), 'UPDATE', timestamptz "
                                        "'2026-12-01 10:00+00' + make_interval(secs => g) "
                                        "FROM generate_series(1, 250) g"_s),
             QString());
    WindowFixture f(spec);
    auto* page = f.window->findChild<ActivityPage*>();
    f.window->showPage(page);
    QTableView* table = page->table();
    QTRY_COMPARE(table->model()->rowCount(), 100);
    // Scrolling to the end reads the next page, after the last entry seen, until the end.
    for (const int expected : {200, 250}) {
        table->scrollToBottom();
        QTRY_COMPARE(table->model()->rowCount(), expected);
    }
    QList<qint64> shown;
    for (int row = 0; row < table->model()->rowCount(); ++row)
        shown << table->model()->index(row, 0).data(Qt::UserRole).toLongLong();
    QCOMPARE(shown, sqlIds(spec));
}

QTEST_MAIN(TestActivity)
#include "tst_activity.moc"
