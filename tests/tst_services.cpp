#include "Database.h"
#include "ExportService.h"
#include "HoroscopeFixtures.h"
#include "HoroscopeService.h"
#include "TrendsService.h"

#include <QFile>
#include <QScopeGuard>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

// The rules every service keeps, on a real server: one answer per request, also when the
// connection cannot be made; nothing for a context that is gone or a request superseded; a
// cancel answered as "cancelled" with nothing left behind.
class TestServices : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void everyRequestIsAnsweredWhenTheConnectionLimitIsReached();
    void answersToADestroyedContextAreDropped();
    void onlyTheNewestOfASeriesIsAnswered();
    void aCancelledExportSaysSoAndLeavesNoFile();
    void anExportWritesTheFilteredRows();
    void saveNamesTheOtherSidesChange();

private:
    int idOf(const QString& sign) const;
    ConnectionSpec m_spec;
};

void TestServices::initTestCase()
{
    m_spec = migratedTestDatabase(u"services"_s);
    insertDays(m_spec, QDate::currentDate(), 3);
}

int TestServices::idOf(const QString& sign) const
{
    return TestCluster::scalar(m_spec, u"SELECT id FROM horoscope_cache WHERE zodiac_sign = '%1' "
                                       "AND horoscope_date = current_date"_s.arg(sign))
        .toInt();
}

void TestServices::everyRequestIsAnsweredWhenTheConnectionLimitIsReached()
{
    const QString role = u"svc_limited_%1"_s.arg(QCoreApplication::applicationPid());
    QCOMPARE(TestCluster::execute(m_spec, u"CREATE ROLE %1 LOGIN CONNECTION LIMIT 1"_s.arg(role)),
             QString());
    ConnectionSpec spec = m_spec;
    spec.user = role;
    QSqlDatabase held = TestCluster::open(spec); // the one connection the role may have
    QVERIFY(held.isOpen());

    Database database(spec);
    database.start();
    QTemporaryDir dir;
    const QString file = dir.filePath(u"out.csv"_s);
    QList<DbError> loads, trends, exports;
    // Asked while the connection is being made...
    HoroscopeService(&database).load(this, 1, [&](auto r) { loads << r.error; });
    TrendsService(&database).trends(this, {}, [&](auto r) { trends << r.error; });
    ExportService(&database).exportRows(this, file, {}, HoroscopeExporter::Format::Csv, {},
                                        [&](auto r) { exports << r.error; });
    QTRY_COMPARE(database.state(), Database::State::Failed);
    // ...and after it failed.
    HoroscopeService(&database).load(this, 1, [&](auto r) { loads << r.error; });
    QTRY_COMPARE(loads.size(), 2);
    QTRY_COMPARE(trends.size(), 1);
    QTRY_COMPARE(exports.size(), 1);
    for (const DbError& e : loads + trends + exports) {
        QCOMPARE(e.kind, DbError::Kind::TooManyConnections);
        QVERIFY2(e.message.contains(u"CONNECTION LIMIT"_s), qPrintable(e.message));
    }
    QVERIFY(!QFile::exists(file));
    TestCluster::close(held);
}

void TestServices::answersToADestroyedContextAreDropped()
{
    Database database(m_spec);
    database.start();
    HoroscopeService service(&database);
    auto* context = new QObject;
    bool early = false;
    service.load(context, idOf(u"leo"_s), [&early](auto) { early = true; });
    delete context;
    // One connection answers in order: once the later answer is in, the earlier one had its
    // turn.
    bool later = false;
    service.load(this, idOf(u"leo"_s), [&later](auto r) { later = r.ok(); });
    QTRY_VERIFY(later);
    QVERIFY(!early);
}

void TestServices::onlyTheNewestOfASeriesIsAnswered()
{
    Database database(m_spec);
    database.start();
    HoroscopeService service(&database);
    LatestOnly latest;
    QList<QString> opened;
    const auto record = [&opened](DbResult<HoroscopeRecord> r) { opened << r.value.sign; };
    service.load(this, idOf(u"aries"_s), latest.wrap<HoroscopeRecord>(record));
    service.load(this, idOf(u"taurus"_s), latest.wrap<HoroscopeRecord>(record));
    bool last = false;
    service.load(this, idOf(u"gemini"_s), [&last](auto) { last = true; });
    QTRY_VERIFY(last);
    QCOMPARE(opened, QList<QString>{u"taurus"_s});
}

void TestServices::aCancelledExportSaysSoAndLeavesNoFile()
{
    // Another session holds the table, so the export's query waits until it is cancelled.
    QSqlDatabase blocker = TestCluster::open(m_spec);
    QSqlQuery lock(blocker);
    QVERIFY(lock.exec(u"BEGIN"_s));
    QVERIFY(lock.exec(u"LOCK TABLE horoscope_cache IN ACCESS EXCLUSIVE MODE"_s));
    auto release = qScopeGuard([&] { // also when a check below fails
        lock.exec(u"ROLLBACK"_s);
        TestCluster::close(blocker);
    });

    Database database(m_spec);
    database.start();
    QTemporaryDir dir;
    const QString file = dir.filePath(u"out.json"_s);
    QList<DbResult<qint64>> answers;
    const std::shared_ptr<Cancellation> cancellation = ExportService(&database).exportRows(
        this, file, {}, HoroscopeExporter::Format::Json, {}, [&answers](auto r) { answers << r; });
    const QString waiting = u"SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                            "'Lock' AND datname = current_database()"_s;
    QTRY_COMPARE(TestCluster::scalar(m_spec, waiting).toInt(), 1);
    cancellation->cancel();
    QTRY_COMPARE(answers.size(), 1);
    QVERIFY2(answers.first().cancelled(), qPrintable(answers.first().error.message));
    QVERIFY(!QFile::exists(file));
    QCOMPARE(TestCluster::scalar(m_spec, waiting).toInt(), 0);
}

void TestServices::anExportWritesTheFilteredRows()
{
    Database database(m_spec);
    database.start();
    QTemporaryDir dir;
    const QString file = dir.filePath(u"out.csv"_s);
    HoroscopeFilter filter;
    filter.signs = {u"virgo"_s};
    std::optional<DbResult<qint64>> answer;
    ExportService(&database).exportRows(this, file, filter, HoroscopeExporter::Format::Csv, {},
                                        [&answer](auto r) { answer = r; });
    QTRY_VERIFY(answer.has_value());
    QVERIFY2(answer->ok(), qPrintable(answer->error.message));
    QCOMPARE(answer->value, 3);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 4); // the header and 3 days
    QVERIFY(lines.at(1).contains("virgo"));
}

void TestServices::saveNamesTheOtherSidesChange()
{
    Database database(m_spec);
    database.start();
    HoroscopeService service(&database);
    const int id = idOf(u"libra"_s);
    std::optional<DbResult<HoroscopeRecord>> loaded;
    service.load(this, id, [&loaded](auto r) { loaded = r; });
    QTRY_VERIFY(loaded.has_value());
    QVERIFY(loaded->ok());
    QCOMPARE(TestCluster::execute(m_spec, u"UPDATE horoscope_cache SET content = 'theirs' "
                                          "WHERE id = %1"_s.arg(id)),
             QString());
    std::optional<DbResult<HoroscopeService::Saved>> saved;
    service.save(this, loaded->value, u"mine"_s, false, [&saved](auto r) { saved = r; });
    QTRY_VERIFY(saved.has_value());
    QVERIFY(saved->ok());
    QCOMPARE(saved->value.outcome, HoroscopeService::Saved::Outcome::Conflict);
    QCOMPARE(saved->value.current.content, u"theirs"_s);
    QCOMPARE(
        TestCluster::scalar(m_spec, u"SELECT content FROM horoscope_cache WHERE id = %1"_s.arg(id))
            .toString(),
        u"theirs"_s);
}

QTEST_MAIN(TestServices)
#include "tst_services.moc"
