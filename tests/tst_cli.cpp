#include "Csv.h"
#include "HoroscopeFixtures.h"
#include "MigrationFixtures.h"
#include "TestCluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>
#include <QtEndian>

using namespace Qt::Literals::StringLiterals;

// The command line as scripts and cron use it: the real executable, run with QProcess.
namespace {

// Refused before any connection is tried: a usage error must not depend on the database.
const QString kNowhere = u"postgresql://nobody@127.0.0.1:1/nowhere?connect_timeout=2"_s;

struct Run
{
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
    qint64 ms = 0;
    QStringList errLines() const { return err.split(u'\n', Qt::SkipEmptyParts); }
};

QString urlFor(const ConnectionSpec& spec)
{
    return u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
}

QProcessEnvironment cronEnvironment()
{
    // As from cron or ssh: no display, no platform plugin chosen.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : {u"DATABASE_URL"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s,
                                u"QT_QPA_PLATFORM"_s, u"HA_DEBUG"_s})
        env.remove(name);
    env.insert(u"XDG_CONFIG_HOME"_s, QDir::tempPath() + u"/ha-tst-cli-config"_s);
    return env;
}

// Runs the command while this thread's event loop keeps serving (the proxy lives here).
Run cli(const QStringList& args, int limitMs = 60'000)
{
    QProcess p;
    p.setProcessEnvironment(cronEnvironment());
    QElapsedTimer timer;
    timer.start();
    // HA_TEST_EXECUTABLE: run these tests against another build (say, before a fix).
    p.start(qEnvironmentVariable("HA_TEST_EXECUTABLE", QStringLiteral(HA_EXECUTABLE)), args);
    Run r;
    if (!p.waitForStarted(10'000))
        return r;
    // Waits with the event loop running (the proxy lives in this thread); the command's own
    // deadline is what is tested, limitMs only stops a command that has none.
    QSignalSpy finished(&p, &QProcess::finished);
    finished.wait(limitMs);
    r.ms = timer.elapsed();
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
    }
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.exitCode = r.crashed ? -1 : p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

#define VERIFY_USAGE_ERROR(r, mention)                                                             \
    do {                                                                                           \
        QVERIFY2(!(r).crashed, qPrintable((r).err));                                               \
        QVERIFY2((r).exitCode == 2, qPrintable(u"exit %1: "_s.arg((r).exitCode) + (r).err));       \
        QVERIFY2((r).errLines().size() == 1, qPrintable((r).err));                                 \
        QVERIFY2((r).err.contains(mention), qPrintable((r).err));                                  \
    } while (false)

// RFC 4180: fields separated by commas, records by CRLF, a field in quotes may hold commas,
// line breaks and doubled quotes.

// Forwards TCP connections on 127.0.0.1 to the test cluster's Unix socket, and stops passing
// the server's answers on at a chosen point: a server that accepts the login and then goes
// silent. Only the server-to-client direction is parsed (it always has type bytes).
class SilentProxy final : public QObject
{
public:
    // Goes silent after the first ReadyForQuery ('Z'), or, with a trigger, once the client
    // has sent a message containing it.
    // After maxConnections connections it closes every new one at once.
    SilentProxy(QString socketPath, QByteArray trigger, int maxConnections = -1)
        : m_socketPath(std::move(socketPath))
        , m_trigger(std::move(trigger))
        , m_maxConnections(maxConnections)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &SilentProxy::accept);
        m_server.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return m_server.serverPort(); }
    int silenced() const { return m_silenced; }

private:
    struct Pipe
    {
        QByteArray pending; // server bytes not yet split into messages
        bool silent = false;
        QByteArray sent; // what the client sent, for the trigger
    };

    void accept()
    {
        while (QTcpSocket* client = m_server.nextPendingConnection()) {
            if (m_maxConnections >= 0 && m_accepted >= m_maxConnections) {
                client->close();
                client->deleteLater();
                continue;
            }
            ++m_accepted;
            auto* server = new QLocalSocket(client);
            server->connectToServer(m_socketPath);
            if (!server->waitForConnected(5'000))
                qWarning("proxy: %s", qPrintable(server->errorString()));
            auto pipe = std::make_shared<Pipe>();
            connect(client, &QTcpSocket::readyRead, this, [this, client, server, pipe] {
                const QByteArray data = client->readAll();
                if (!m_trigger.isEmpty() && !pipe->silent) {
                    pipe->sent += data;
                    if (pipe->sent.contains(m_trigger))
                        silence(pipe.get());
                }
                server->write(data);
            });
            connect(server, &QLocalSocket::readyRead, this, [this, client, server, pipe] {
                pipe->pending += server->readAll();
                while (!pipe->silent && pipe->pending.size() >= 5) {
                    const auto length =
                        qFromBigEndian<quint32>(pipe->pending.constData() + 1); // incl. itself
                    if (pipe->pending.size() < 1 + qsizetype(length))
                        break;
                    const char type = pipe->pending.at(0);
                    client->write(pipe->pending.left(1 + length));
                    pipe->pending.remove(0, 1 + length);
                    if (type == 'Z' && m_trigger.isEmpty())
                        silence(pipe.get());
                }
            });
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        }
    }
    void silence(Pipe* pipe)
    {
        pipe->silent = true;
        ++m_silenced;
    }

    QTcpServer m_server;
    QString m_socketPath;
    QByteArray m_trigger;
    int m_silenced = 0;
    int m_maxConnections;
    int m_accepted = 0;
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void datesAreExactlyIsoDates_data();
    void datesAreExactlyIsoDates();
    void optionsOutsideTheirCommandAreRefused_data();
    void optionsOutsideTheirCommandAreRefused();
    void usageErrorsExitWithTwo_data();
    void usageErrorsExitWithTwo();
    void unknownCommandWithoutDisplay();
    void numbersAreRangeChecked_data();
    void numbersAreRangeChecked();
    void oneSlashUrlIsRefusedWithoutThePassword();
    void viewsExportRangeIsBounded();
    void viewsCsvQuotesFields();
    void failedMigrateSaysOneLine();
    void failedViewsExportSaysOneLine();
    void regenerateBehindARowLockGivesUp();
    void viewsExportBehindATableLockGivesUp();
    void regenerateGivesUpWhenItsWorkerCannotConnect();
    void serverSilentAfterLoginIsNoticed();
    void serverSilentDuringAQueryIsNoticed();

private:
    ConnectionSpec m_spec; // migrated, with horoscopes and views
};

void TestCli::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"cli"_s);
    insertDays(m_spec, QDate(2026, 5, 10), 3);
}

void TestCli::datesAreExactlyIsoDates_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("option");
    const QStringList bad{u"2026-11-28x"_s, u"2026/11/28"_s, u"2026-11-28T25:99"_s,
                          u"2026-02-30"_s,  u"26-11-28"_s,   u" 2026-11-28"_s};
    for (const QString& value : bad) {
        QTest::addRow("date %s", qPrintable(value))
            << QStringList{u"regenerate"_s, u"--sign"_s,     u"leo"_s,  u"--date"_s,
                           value,           u"--provider"_s, u"demo"_s, u"--yes"_s}
            << u"--date"_s;
        QTest::addRow("from %s", qPrintable(value))
            << QStringList{u"views"_s, u"export"_s, u"--from"_s, value, u"--to"_s, u"2026-12-01"_s}
            << u"--from"_s;
        QTest::addRow("to %s", qPrintable(value))
            << QStringList{u"views"_s, u"export"_s, u"--from"_s, u"2026-01-01"_s, u"--to"_s, value}
            << u"--to"_s;
    }
}

void TestCli::datesAreExactlyIsoDates()
{
    QFETCH(QStringList, args);
    QFETCH(QString, option);
    const Run r = cli(QStringList{u"--database-url"_s, kNowhere} + args);
    VERIFY_USAGE_ERROR(r, option);
    QVERIFY2(r.err.contains(u"YYYY-MM-DD"), qPrintable(r.err));
}

void TestCli::optionsOutsideTheirCommandAreRefused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("command");
    const QStringList regenerate{u"regenerate"_s, u"--sign"_s,     u"leo"_s, u"--date"_s,
                                 u"2026-11-28"_s, u"--provider"_s, u"demo"_s};
    const QStringList views{u"views"_s,      u"export"_s, u"--from"_s,
                            u"2026-01-01"_s, u"--to"_s,   u"2026-01-31"_s};
    QTest::newRow("regenerate --dry-run") << regenerate + QStringList{u"--yes"_s, u"--dry-run"_s}
                                          << u"--dry-run"_s << u"regenerate"_s;
    QTest::newRow("regenerate --to")
        << regenerate + QStringList{u"--to"_s, u"2026-11-29"_s} << u"--to"_s << u"regenerate"_s;
    QTest::newRow("views --sign") << views + QStringList{u"--sign"_s, u"leo"_s} << u"--sign"_s
                                  << u"views export"_s;
    QTest::newRow("views --yes") << views + QStringList{u"--yes"_s} << u"--yes"_s
                                 << u"views export"_s;
    QTest::newRow("status --to") << QStringList{u"migrate"_s, u"status"_s, u"--to"_s, u"0001"_s}
                                 << u"--to"_s << u"migrate status"_s;
    QTest::newRow("history --dry-run") << QStringList{u"migrate"_s, u"history"_s, u"--dry-run"_s}
                                       << u"--dry-run"_s << u"migrate history"_s;
    QTest::newRow("up --accept-data-loss")
        << QStringList{u"migrate"_s, u"up"_s, u"--accept-data-loss"_s} << u"--accept-data-loss"_s
        << u"migrate up"_s;
    QTest::newRow("down --create-bot-tables")
        << QStringList{u"migrate"_s, u"down"_s, u"--create-bot-tables"_s}
        << u"--create-bot-tables"_s << u"migrate down"_s;
    QTest::newRow("up --date") << QStringList{u"migrate"_s, u"up"_s, u"--date"_s, u"2026-01-01"_s}
                               << u"--date"_s << u"migrate up"_s;
    QTest::newRow("migrate --profile")
        << QStringList{u"--profile"_s, u"prod"_s, u"migrate"_s, u"status"_s} << u"--profile"_s
        << u"migrate status"_s;
    QTest::newRow("window --yes") << QStringList{u"--yes"_s} << u"--yes"_s << u"window"_s;
    QTest::newRow("twice") << QStringList{u"views"_s,      u"export"_s,    u"--from"_s,
                                          u"2026-01-01"_s, u"--from"_s,    u"2026-01-02"_s,
                                          u"--to"_s,       u"2026-01-31"_s}
                           << u"--from"_s << u"once"_s;
}

void TestCli::optionsOutsideTheirCommandAreRefused()
{
    QFETCH(QStringList, args);
    QFETCH(QString, option);
    QFETCH(QString, command);
    const Run r = cli(QStringList{u"--database-url"_s, kNowhere} + args);
    VERIFY_USAGE_ERROR(r, option);
    QVERIFY2(r.err.contains(command), qPrintable(r.err));
}

void TestCli::usageErrorsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mention");
    QTest::newRow("provider") << QStringList{u"regenerate"_s, u"--sign"_s,     u"leo"_s,
                                             u"--date"_s,     u"2026-11-28"_s, u"--provider"_s,
                                             u"nonsense"_s}
                              << u"nonsense"_s;
    QTest::newRow("up --to 9999") << QStringList{u"migrate"_s, u"up"_s, u"--to"_s, u"9999"_s}
                                  << u"9999"_s;
    QTest::newRow("up --to abc") << QStringList{u"migrate"_s, u"up"_s, u"--to"_s, u"abc"_s}
                                 << u"abc"_s;
    // Would have read as 0, "roll back everything".
    QTest::newRow("down --to abc")
        << QStringList{u"migrate"_s, u"down"_s, u"--to"_s, u"abc"_s} << u"abc"_s;
    QTest::newRow("up --to 0") << QStringList{u"migrate"_s, u"up"_s, u"--to"_s, u"0"_s}
                               << u"--to"_s;
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("unknown verb") << QStringList{u"migrate"_s, u"sideways"_s} << u"sideways"_s;
    QTest::newRow("bucket") << QStringList{u"views"_s,      u"export"_s, u"--from"_s,
                                           u"2026-01-01"_s, u"--to"_s,   u"2026-01-31"_s,
                                           u"--bucket"_s,   u"year"_s}
                            << u"--bucket"_s;
}

void TestCli::usageErrorsExitWithTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mention);
    const Run r = cli(QStringList{u"--database-url"_s, kNowhere} + args);
    VERIFY_USAGE_ERROR(r, mention);
}

void TestCli::unknownCommandWithoutDisplay()
{
    Run r = cli({u"frobnicate"_s});
    VERIFY_USAGE_ERROR(r, u"frobnicate"_s);
    r = cli({u"--lang"_s, u"en"_s, u"frobnicate"_s, u"now"_s});
    VERIFY_USAGE_ERROR(r, u"frobnicate"_s);
    // Qt's own options do not get in the way of the usage error.
    r = cli({u"-platform"_s, u"offscreen"_s, u"frobnicate"_s});
    VERIFY_USAGE_ERROR(r, u"frobnicate"_s);
    r = cli({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    for (const QString& word : {u"--statement-timeout"_s, u"--lock-timeout"_s,
                                u"--accept-data-loss"_s, u"--create-bot-tables"_s})
        QVERIFY2(r.out.contains(word), qPrintable(word));
}

void TestCli::numbersAreRangeChecked_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    const QStringList up{u"migrate"_s, u"up"_s};
    QTest::newRow("lock-wait overflow") << up + QStringList{u"--lock-wait"_s, u"2147484"_s} << 2;
    QTest::newRow("lock-wait over a day") << up + QStringList{u"--lock-wait"_s, u"86401"_s} << 2;
    QTest::newRow("lock-wait negative") << up + QStringList{u"--lock-wait"_s, u"-1"_s} << 2;
    QTest::newRow("statement-timeout 0") << up + QStringList{u"--statement-timeout"_s, u"0"_s} << 2;
    QTest::newRow("statement-timeout text")
        << up + QStringList{u"--statement-timeout"_s, u"soon"_s} << 2;
    QTest::newRow("lock-timeout nan") << up + QStringList{u"--lock-timeout"_s, u"nan"_s} << 2;
    QTest::newRow("lock-timeout huge") << up + QStringList{u"--lock-timeout"_s, u"1e12"_s} << 2;
    // Valid: the command gets as far as connecting, which fails (exit 1).
    QTest::newRow("decimals") << up + QStringList{u"--lock-timeout"_s,      u"0.5"_s,
                                                  u"--statement-timeout"_s, u"2.5"_s,
                                                  u"--lock-wait"_s,         u"86400"_s}
                              << 1;
}

void TestCli::numbersAreRangeChecked()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    const Run r = cli(QStringList{u"--database-url"_s, kNowhere} + args);
    QVERIFY2(r.exitCode == exitCode, qPrintable(u"exit %1: "_s.arg(r.exitCode) + r.err));
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
}

void TestCli::oneSlashUrlIsRefusedWithoutThePassword()
{
    const Run r =
        cli({u"--database-url"_s, u"postgresql:/u:SECRET@h/db"_s, u"migrate"_s, u"status"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"SECRET"), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"postgresql://"), qPrintable(r.err));
}

void TestCli::viewsExportRangeIsBounded()
{
    const QString url = urlFor(m_spec);
    Run r = cli({u"--database-url"_s, url, u"views"_s, u"export"_s, u"--from"_s, u"0001-01-01"_s,
                 u"--to"_s, u"9999-12-31"_s},
                20'000);
    VERIFY_USAGE_ERROR(r, u"10000"_s);
    QVERIFY2(r.err.contains(u"month"), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    r = cli({u"--database-url"_s, url, u"views"_s, u"export"_s, u"--from"_s, u"0001-01-01"_s,
             u"--to"_s, u"9999-12-31"_s, u"--bucket"_s, u"month"_s},
            20'000);
    VERIFY_USAGE_ERROR(r, u"10000"_s);

    // At the limit: every bucket is there.
    const QDate from(2000, 1, 1);
    const QDate to = from.addDays(9'999);
    r = cli({u"--database-url"_s, url, u"views"_s, u"export"_s, u"--from"_s,
             from.toString(Qt::ISODate), u"--to"_s, to.toString(Qt::ISODate)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out.count(u"\r\n"_s), 10'000 * 12 + 1);
}

void TestCli::viewsCsvQuotesFields()
{
    const ConnectionSpec spec = migratedTestDatabase(u"clicsv"_s);
    const QStringList odd{u"with,comma"_s, u"say \"hi\""_s, u"two\nlines"_s, u"cr\r\nlf"_s};
    for (qsizetype i = 0; i < odd.size(); ++i) {
        const QString sign = QString(odd.at(i)).replace(u'\'', u"''"_s);
        QCOMPARE(
            TestCluster::execute(spec, u"INSERT INTO horoscope_views (zodiac_sign, view_date, "
                                       "view_count) VALUES ('%1', '2026-03-02', %2)"_s.arg(sign)
                                           .arg(i + 1)),
            QString());
    }
    const Run r = cli({u"--database-url"_s, urlFor(spec), u"views"_s, u"export"_s, u"--from"_s,
                       u"2026-03-01"_s, u"--to"_s, u"2026-03-02"_s, u"--format"_s, u"csv"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QList<QStringList> records = parseCsv(r.out.toUtf8());
    QCOMPARE(records.size(), 1 + 2 * (12 + odd.size()));
    QCOMPARE(records.first(), (QStringList{u"bucket"_s, u"sign"_s, u"views"_s, u"first_day"_s,
                                           u"last_day"_s, u"days"_s, u"complete"_s}));
    QMap<QString, QString> onSecondDay;
    for (const QStringList& record : records) {
        QVERIFY2(record.size() == 7, qPrintable(record.join(u'|')));
        if (record.first() == u"2026-03-02")
            onSecondDay.insert(record.at(1), record.at(2));
    }
    for (qsizetype i = 0; i < odd.size(); ++i)
        QCOMPARE(onSecondDay.value(odd.at(i)), QString::number(i + 1));
    QCOMPARE(onSecondDay.value(u"leo"_s), u"0"_s);
}

void TestCli::failedMigrateSaysOneLine()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    MigrationDir dir;
    // A chatty migration: a server NOTICE, then an error.
    dir.write(u"0002_broken.sql",
              "-- +up\nCREATE TABLE ok (x int);\n"
              "DO $$BEGIN RAISE NOTICE 'chatty notice from the server'; END$$;\n"
              "DROP TABLE IF EXISTS not_there;\n"
              "SELECT * FROM missing;\n-- +down\nDROP TABLE ok;\n");
    const Run r = cli({u"--database-url"_s, urlFor(spec), u"--migrations-dir"_s, dir.path(),
                       u"migrate"_s, u"up"_s, u"--create-bot-tables"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(r.err.startsWith(u"horoscope-admin: "), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"0002_broken.sql"), qPrintable(r.err));
}

void TestCli::failedViewsExportSaysOneLine()
{
    // A chatty failure: horoscope_views is a view whose function sends a NOTICE, then fails.
    const ConnectionSpec spec = TestCluster::instance().freshDatabase();
    QCOMPARE(TestCluster::execute(
                 spec, u"CREATE FUNCTION chatty_views() RETURNS TABLE (zodiac_sign text, "
                       "view_date date, view_count int) LANGUAGE plpgsql AS $$ BEGIN RAISE "
                       "NOTICE 'chatty notice from the server'; RAISE EXCEPTION 'views are "
                       "broken'; END $$; CREATE VIEW horoscope_views AS SELECT * FROM "
                       "chatty_views()"_s),
             QString());
    const Run r = cli({u"--database-url"_s, urlFor(spec), u"views"_s, u"export"_s, u"--from"_s,
                       u"2026-01-01"_s, u"--to"_s, u"2026-01-31"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"views are broken"), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestCli::regenerateBehindARowLockGivesUp()
{
    QString name;
    QSqlDatabase holder = TestCluster::open(m_spec, &name);
    QSqlQuery q(holder);
    QVERIFY_SQL(q, exec(u"BEGIN"_s));
    QVERIFY_SQL(q, exec(u"SELECT 1 FROM horoscope_cache WHERE zodiac_sign = 'leo' AND "
                        "horoscope_date = '2026-05-10' FOR UPDATE"_s));
    // The default lock timeout, 5 s.
    const Run r = cli({u"--database-url"_s, urlFor(m_spec), u"regenerate"_s, u"--sign"_s, u"leo"_s,
                       u"--date"_s, u"2026-05-10"_s, u"--provider"_s, u"demo"_s, u"--yes"_s},
                      40'000);
    q.exec(u"ROLLBACK"_s);
    TestCluster::close(holder);
    QVERIFY2(r.ms < 15'000, qPrintable(u"took %1 ms: "_s.arg(r.ms) + r.err));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
    QVERIFY2(r.err.contains(u"--lock-timeout") && r.err.contains(u"lock timeout (5 s)"),
             qPrintable(r.err));
}

void TestCli::viewsExportBehindATableLockGivesUp()
{
    QString name;
    QSqlDatabase holder = TestCluster::open(m_spec, &name);
    QSqlQuery q(holder);
    QVERIFY_SQL(q, exec(u"BEGIN"_s));
    QVERIFY_SQL(q, exec(u"LOCK TABLE horoscope_views IN ACCESS EXCLUSIVE MODE"_s));
    const Run r =
        cli({u"--database-url"_s, urlFor(m_spec), u"--lock-timeout"_s, u"1.5"_s, u"views"_s,
             u"export"_s, u"--from"_s, u"2026-01-01"_s, u"--to"_s, u"2026-01-31"_s},
            40'000);
    q.exec(u"ROLLBACK"_s);
    TestCluster::close(holder);
    QVERIFY2(r.ms < 12'000, qPrintable(u"took %1 ms: "_s.arg(r.ms) + r.err));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
    QVERIFY2(r.err.contains(u"--lock-timeout") && r.err.contains(u"lock timeout"),
             qPrintable(r.err));
}

namespace {

Run throughSilentProxy(const ConnectionSpec& spec, const QByteArray& trigger, int* silenced)
{
    const QString port = spec.port.isEmpty() ? u"5432"_s : spec.port; // libpq's default
    SilentProxy proxy(spec.host + u"/.s.PGSQL."_s + port, trigger);
    const QString url =
        u"postgresql://%1@127.0.0.1:%2/%3?sslmode=disable&connect_timeout=3"_s.arg(spec.user)
            .arg(proxy.port())
            .arg(spec.database);
    const Run r = cli({u"--database-url"_s, url, u"--statement-timeout"_s, u"2"_s, u"views"_s,
                       u"export"_s, u"--from"_s, u"2026-01-01"_s, u"--to"_s, u"2026-01-31"_s},
                      60'000);
    *silenced = proxy.silenced();
    return r;
}

} // namespace

void TestCli::regenerateGivesUpWhenItsWorkerCannotConnect()
{
    // The command's own connection gets through, the worker's second one is refused.
    const QString port = m_spec.port.isEmpty() ? u"5432"_s : m_spec.port;
    SilentProxy proxy(m_spec.host + u"/.s.PGSQL."_s + port, "\x01never", 1);
    const QString url =
        u"postgresql://%1@127.0.0.1:%2/%3?sslmode=disable&connect_timeout=3"_s.arg(m_spec.user)
            .arg(proxy.port())
            .arg(m_spec.database);
    const Run r = cli({u"--database-url"_s, url, u"regenerate"_s, u"--sign"_s, u"leo"_s,
                       u"--date"_s, u"2026-05-10"_s, u"--provider"_s, u"demo"_s},
                      40'000);
    QVERIFY2(r.ms < 15'000, qPrintable(u"took %1 ms: "_s.arg(r.ms) + r.err));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
}

void TestCli::serverSilentAfterLoginIsNoticed()
{
    int silenced = 0;
    const Run r = throughSilentProxy(m_spec, {}, &silenced);
    QVERIFY(silenced > 0);
    QVERIFY2(r.ms < 20'000, qPrintable(u"took %1 ms: "_s.arg(r.ms) + r.err));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
    QVERIFY2(r.err.contains(u"stopped answering"), qPrintable(r.err));
}

void TestCli::serverSilentDuringAQueryIsNoticed()
{
    int silenced = 0;
    const Run r = throughSilentProxy(m_spec, "horoscope_views", &silenced);
    QVERIFY(silenced > 0);
    QVERIFY2(r.ms < 20'000, qPrintable(u"took %1 ms: "_s.arg(r.ms) + r.err));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
    QVERIFY2(r.err.contains(u"stopped answering"), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
