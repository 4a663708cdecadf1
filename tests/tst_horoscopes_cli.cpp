// `horoscope-admin horoscopes list` (issue 11): the real executable against the real cluster.
// Its rows are those of a plain ORDER BY ... LIMIT for every sort and kind of search; bad
// values exit with 2 and one line.
#include "CliRun.h"
#include "Csv.h"
#include "FrozenServer.h"
#include "HoroscopeFixtures.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

#include <csignal>

using namespace Qt::Literals::StringLiterals;

namespace {

QList<int> plainIds(const ConnectionSpec& spec, const QString& orderBy, const QString& search,
                    int limit)
{
    QSqlDatabase db = TestCluster::open(spec);
    QList<int> list;
    {
        QSqlQuery q(db);
        q.prepare(u"SELECT id FROM horoscope_cache WHERE strpos(lower(content), "
                  u"lower(coalesce(?::text, ''))) "
                  "> 0 ORDER BY "_s +
                  orderBy + u" LIMIT "_s + QString::number(limit));
        q.addBindValue(search);
        if (!q.exec())
            qFatal("%s", qPrintable(q.lastError().text()));
        while (q.next())
            list << q.value(0).toInt();
    }
    TestCluster::close(db);
    return list;
}

} // namespace

class TestHoroscopesCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void defaultsAreDateNewestFirstHundredCsv();
    void rowsAreThoseOfAPlainOrderBy_data();
    void rowsAreThoseOfAPlainOrderBy();
    void jsonHasTheSameRows();
    void badValuesExitWithTwoAndOneLine_data();
    void badValuesExitWithTwoAndOneLine();
    void longSearchTermIsRefused();
    void searchStopsAtItsDeadline();
    void signalCancelsTheRunningSearch_data();
    void signalCancelsTheRunningSearch();
    void signalEndsTheCommandWhenTheServerHangs();

private:
    // Texts that no index serves a term of punctuation in, and that take a while to search.
    const ConnectionSpec& slowSearchDatabase();

    ConnectionSpec m_spec;
    QString m_url;
    ConnectionSpec m_slow;
};

void TestHoroscopesCli::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"listcli"_s);
    m_url = urlFor(m_spec);
    QCOMPARE(TestCluster::execute(m_spec, uR"(
        INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content, generated_at)
        SELECT (ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                      'sagittarius','capricorn','aquarius','pisces'])[1 + g % 12],
               date '2026-03-31' - (g / 12),
               CASE WHEN g % 10 = 3 THEN 'Луна, "в Раке"' || chr(10) ELSE '' END
               || CASE WHEN g % 50 = 42 THEN 'Mercury 100% a_b. ' ELSE '' END
               || 'Сегодня ' || repeat(md5(g::text), 1 + g % 3),
               timestamptz '2026-03-31 12:00:00.123456+00' - make_interval(mins => (g * 37) % 500)
        FROM generate_series(0, 299) g)"_s),
             QString());
}

void TestHoroscopesCli::defaultsAreDateNewestFirstHundredCsv()
{
    const Run r = cli({u"horoscopes"_s, u"list"_s, u"--database-url"_s, m_url});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<QStringList> records = parseCsv(r.out);
    QCOMPARE(records.size(), 101);
    QCOMPARE(records.first().join(u','),
             u"id,zodiac_sign,horoscope_date,length,generated_at,corrected,content"_s);
    QList<int> ids;
    for (qsizetype i = 1; i < records.size(); ++i)
        ids << records.at(i).at(0).toInt();
    QCOMPARE(ids, plainIds(m_spec, u"horoscope_date DESC, id DESC"_s, QString(), 100));
    // The whole text, its length in characters, generated_at as the server prints it.
    const QStringList first = records.at(1);
    QCOMPARE(first.at(3).toInt(), first.at(6).size());
    QVERIFY2(first.at(4).contains(u".123456+00:00"_s), qPrintable(first.at(4)));
    QCOMPARE(first.at(5), u"false"_s);
}

void TestHoroscopesCli::rowsAreThoseOfAPlainOrderBy_data()
{
    QTest::addColumn<QString>("sort");
    QTest::addColumn<QString>("direction");
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("orderBy");
    const QList<std::pair<QString, QString>> sorts{
        {u"date"_s, u"horoscope_date %1, id %1"_s},
        {u"sign"_s, u"zodiac_sign %1, horoscope_date %1, id %1"_s},
        {u"text"_s, u"left(content, 200) %1, id %1"_s},
        {u"length"_s, u"char_length(content) %1, id %1"_s},
        {u"generated"_s, u"generated_at %1, id %1"_s}};
    for (const auto& [sort, orderBy] : sorts) {
        for (const QString& direction : {u"asc"_s, u"desc"_s}) {
            for (const QString& search : {QString(), u"СЕГОДНЯ"_s, u"луна"_s, u"mercury"_s,
                                          u"юпитер"_s, u"ра"_s, u"%"_s, u"a_b"_s, u"\"в"_s}) {
                QTest::addRow("%s %s \"%s\"", qPrintable(sort), qPrintable(direction),
                              qPrintable(search))
                    << sort << direction << search << orderBy.arg(direction.toUpper());
            }
        }
    }
}

void TestHoroscopesCli::rowsAreThoseOfAPlainOrderBy()
{
    QFETCH(QString, sort);
    QFETCH(QString, direction);
    QFETCH(QString, search);
    QFETCH(QString, orderBy);
    QStringList args{u"horoscopes"_s, u"list"_s, u"--database-url"_s, m_url,
                     u"--sort"_s,     sort,      u"--"_s + direction, u"--limit"_s,
                     u"40"_s};
    if (!search.isEmpty())
        args << u"--search"_s << search;
    const Run r = cli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<QStringList> records = parseCsv(r.out);
    QList<int> ids;
    for (qsizetype i = 1; i < records.size(); ++i) {
        QCOMPARE(records.at(i).size(), 7);
        ids << records.at(i).at(0).toInt();
    }
    QCOMPARE(ids, plainIds(m_spec, orderBy, search, 40));
}

void TestHoroscopesCli::jsonHasTheSameRows()
{
    const QStringList filter{u"horoscopes"_s, u"list"_s,      u"--database-url"_s, m_url,
                             u"--sign"_s,     u"leo"_s,       u"--from"_s,         u"2026-03-10"_s,
                             u"--to"_s,       u"2026-03-20"_s};
    const Run csv = cli(filter);
    const Run json = cli(filter + QStringList{u"--format"_s, u"json"_s});
    QVERIFY2(csv.exitCode == 0 && json.exitCode == 0, qPrintable(csv.err + json.err));
    const QList<QStringList> records = parseCsv(csv.out);
    const QJsonArray array = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(array.size(), records.size() - 1);
    QCOMPARE(array.size(), 11);
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject o = array.at(i).toObject();
        const QStringList& record = records.at(i + 1);
        QCOMPARE(QString::number(o.value(u"id"_s).toInt()), record.at(0));
        QCOMPARE(o.value(u"zodiac_sign"_s).toString(), u"leo"_s);
        QCOMPARE(o.value(u"horoscope_date"_s).toString(), record.at(2));
        QCOMPARE(o.value(u"generated_at"_s).toString(), record.at(4));
        QCOMPARE(o.value(u"content"_s).toString(), record.at(6));
    }
}

void TestHoroscopesCli::badValuesExitWithTwoAndOneLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("sort") << QStringList{u"--sort"_s, u"colour"_s} << u"--sort"_s;
    QTest::newRow("limit 0") << QStringList{u"--limit"_s, u"0"_s} << u"--limit"_s;
    QTest::newRow("limit word") << QStringList{u"--limit"_s, u"many"_s} << u"--limit"_s;
    QTest::newRow("limit negative") << QStringList{u"--limit=-5"_s} << u"--limit"_s;
    QTest::newRow("from") << QStringList{u"--from"_s, u"2026-02-30"_s} << u"--from"_s;
    QTest::newRow("to") << QStringList{u"--to"_s, u"31.03.2026"_s} << u"--to"_s;
    QTest::newRow("from after to")
        << QStringList{u"--from"_s, u"2026-03-02"_s, u"--to"_s, u"2026-03-01"_s} << u"--from"_s;
    QTest::newRow("sign") << QStringList{u"--sign"_s, u"dragon"_s} << u"--sign"_s;
    QTest::newRow("format") << QStringList{u"--format"_s, u"xml"_s} << u"--format"_s;
    QTest::newRow("asc and desc") << QStringList{u"--asc"_s, u"--desc"_s} << u"--asc"_s;
    QTest::newRow("other command's option")
        << QStringList{u"--bucket"_s, u"day"_s} << u"--bucket"_s;
}

void TestHoroscopesCli::badValuesExitWithTwoAndOneLine()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    // Refused before connecting: the URL leads nowhere.
    const Run r = cli(QStringList{u"horoscopes"_s, u"list"_s, u"--database-url"_s,
                                  u"postgresql://nobody@127.0.0.1:1/nowhere"_s} +
                      args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    const QStringList lines = r.err.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains(mentions), qPrintable(lines.first()));
}

// The longest term the search takes (HoroscopeFilter::maxSearchLength), and one longer.
void TestHoroscopesCli::longSearchTermIsRefused()
{
    const QString longest = u"%_"_s.repeated(99) + u"%!"_s;
    QCOMPARE(longest.size(), 200);
    Run r = cli({u"horoscopes"_s, u"list"_s, u"--database-url"_s, m_url, u"--search"_s, longest});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = cli({u"horoscopes"_s, u"list"_s, u"--database-url"_s,
             u"postgresql://nobody@127.0.0.1:1/nowhere"_s, u"--search"_s, longest + u"!"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    const QStringList lines = r.err.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains(u"--search"_s) && lines.first().contains(u"200"_s),
             qPrintable(lines.first()));
}

const ConnectionSpec& TestHoroscopesCli::slowSearchDatabase()
{
    if (!m_slow.database.isEmpty())
        return m_slow;
    m_slow = migratedTestDatabase(u"slowsearch"_s);
    // 5,000 rows; a 200-character term is looked for at each of a row's 5,000 places
    // (about 1 ms a row, about 6 s for the table).
    const QString error = TestCluster::execute(m_slow, uR"(
        INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content)
        SELECT (ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                      'sagittarius','capricorn','aquarius','pisces'])[1 + g % 12],
               date '2026-03-31' - (g / 12), repeat('%_', 5000)
        FROM generate_series(0, 4999) g)"_s);
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));
    TestCluster::execute(m_slow, u"ANALYZE horoscope_cache"_s);
    return m_slow;
}

// Each step of a search is bounded by the statement timeout, and so is the whole search: it
// stops, says after how long and how to narrow it, and exits 1.
void TestHoroscopesCli::searchStopsAtItsDeadline()
{
    const ConnectionSpec& spec = slowSearchDatabase();
    QElapsedTimer took;
    took.start();
    const Run r =
        cli({u"horoscopes"_s, u"list"_s, u"--database-url"_s, urlFor(spec),
             u"--statement-timeout"_s, u"2"_s, u"--search"_s, u"%_"_s.repeated(99) + u"%!"_s});
    QVERIFY2(r.exitCode == 1, qPrintable(r.err));
    QVERIFY(took.elapsed() < 6'000);
    const QStringList lines = r.err.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains(u"stopped after 2 s"_s), qPrintable(lines.first()));
    QVERIFY2(lines.first().contains(u"--statement-timeout"_s), qPrintable(lines.first()));
}

void TestHoroscopesCli::signalCancelsTheRunningSearch_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

// A command stopped while the server searches for it leaves no search running there.
void TestHoroscopesCli::signalCancelsTheRunningSearch()
{
    QFETCH(int, signal);
    const ConnectionSpec& spec = slowSearchDatabase();
    const QString app = u"ha-list-signal-%1"_s.arg(signal);
    QProcess p;
    p.start(QStringLiteral(HA_EXECUTABLE), {u"horoscopes"_s, u"list"_s, u"--database-url"_s,
                                            urlFor(spec) + u"&application_name="_s + app,
                                            u"--search"_s, u"%_"_s.repeated(99) + u"%!"_s});
    QVERIFY(p.waitForStarted());
    const QString searching = u"SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                              "'%1' AND state = 'active' AND query LIKE '%%ILIKE%%'"_s.arg(app);
    QTRY_VERIFY_WITH_TIMEOUT(TestCluster::scalar(spec, searching).toInt() == 1, 20'000);
    ::kill(static_cast<pid_t>(p.processId()), signal);
    QVERIFY(p.waitForFinished(3'000));
    // At once: the server's search ended before the command did.
    QCOMPARE(TestCluster::scalar(spec, searching).toInt(), 0);
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 128 + signal);
    const QStringList lines =
        QString::fromUtf8(p.readAllStandardError()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
}

// The cancel a signal sends is never answered by a server that stopped answering: the command
// ends all the same, within a couple of seconds.
void TestHoroscopesCli::signalEndsTheCommandWhenTheServerHangs()
{
    const ConnectionSpec& spec = slowSearchDatabase();
    const QString app = u"ha-list-frozen"_s;
    QProcess p;
    p.start(QStringLiteral(HA_EXECUTABLE), {u"horoscopes"_s, u"list"_s, u"--database-url"_s,
                                            urlFor(spec) + u"&application_name="_s + app,
                                            u"--search"_s, u"%_"_s.repeated(99) + u"%!"_s});
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(TestCluster::scalar(spec, u"SELECT count(*) FROM pg_stat_activity "
                                                       "WHERE application_name = '%1' AND "
                                                       "state = 'active'"_s.arg(app))
                                     .toInt() == 1,
                             20'000);
    {
        FrozenServer frozen(spec);
        QVERIFY(frozen.holdsABackend());
        QElapsedTimer sinceSignal;
        sinceSignal.start();
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(5'000));
        QVERIFY2(sinceSignal.elapsed() < 3'000, qPrintable(QString::number(sinceSignal.elapsed())));
    }
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 128 + SIGTERM);
    const QStringList lines =
        QString::fromUtf8(p.readAllStandardError()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
}

QTEST_GUILESS_MAIN(TestHoroscopesCli)
#include "tst_horoscopes_cli.moc"
