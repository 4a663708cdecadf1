// "No failure is silent": every failure of a command says one true line and exits non-zero,
// and what it says does not mislead. The real executable, run with QProcess, against real
// PostgreSQL servers.
#include "DbError.h"
#include "HoroscopeExporter.h"
#include "HoroscopeFixtures.h"
#include "MigrationFixtures.h"
#include "PgCluster.h"
#include "TestCluster.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    qint64 ms = 0;
    QStringList errLines() const { return err.split(u'\n', Qt::SkipEmptyParts); }
};

QProcessEnvironment environment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : {u"DATABASE_URL"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s,
                                u"QT_QPA_PLATFORM"_s, u"HA_DEBUG"_s, u"PGPASSWORD"_s})
        env.remove(name);
    env.insert(u"XDG_CONFIG_HOME"_s, QDir::tempPath() + u"/ha-tst-cli-failures-config"_s);
    return env;
}

// HA_TEST_EXECUTABLE: run these tests against another build (say, before a fix).
QString executable()
{
    return qEnvironmentVariable("HA_TEST_EXECUTABLE", QStringLiteral(HA_EXECUTABLE));
}

// stdoutFile: where the command's standard output goes (/dev/full: a full disk).
Run cli(const QStringList& args, const QString& stdoutFile = {})
{
    QProcess p;
    p.setProcessEnvironment(environment());
    if (!stdoutFile.isEmpty())
        p.setStandardOutputFile(stdoutFile);
    QElapsedTimer timer;
    timer.start();
    p.start(executable(), args);
    Run r;
    if (!p.waitForFinished(60'000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.ms = timer.elapsed();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString urlFor(const ConnectionSpec& spec)
{
    return u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
}

// A transaction of another session that holds a lock until the holder goes away.
class LockHolder final
{
public:
    LockHolder(const ConnectionSpec& spec, const QString& sql)
        : m_db(TestCluster::open(spec))
    {
        QSqlQuery q(m_db);
        m_ok = q.exec(u"BEGIN"_s) && q.exec(sql);
        if (!m_ok)
            qWarning("could not take the lock: %s", qPrintable(q.lastError().text()));
    }
    ~LockHolder()
    {
        QSqlQuery(m_db).exec(u"ROLLBACK"_s);
        TestCluster::close(m_db);
    }
    bool ok() const { return m_ok; }

private:
    QSqlDatabase m_db;
    bool m_ok = false;
};

bool runTool(const QString& program, const QStringList& args, const QString& dir)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(60'000) || p.exitCode() != 0) {
        qWarning("%s failed: %s", qPrintable(program), p.readAll().constData());
        return false;
    }
    return true;
}

// A certificate authority, and a server certificate for 127.0.0.1 signed by it.
bool makeCertificates(const QString& dir, const QString& ca, bool withServer)
{
    const QString openssl = u"openssl"_s;
    if (!runTool(openssl,
                 {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s,
                  u"2"_s, u"-subj"_s, u"/CN="_s + ca, u"-keyout"_s, ca + u".key"_s, u"-out"_s,
                  ca + u".crt"_s},
                 dir))
        return false;
    if (!withServer)
        return true;
    QFile ext(dir + u"/server.ext"_s);
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName = IP:127.0.0.1\n");
    ext.close();
    return runTool(openssl,
                   {u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-subj"_s,
                    u"/CN=127.0.0.1"_s, u"-keyout"_s, u"server.key"_s, u"-out"_s, u"server.csr"_s},
                   dir) &&
           runTool(openssl,
                   {u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, ca + u".crt"_s,
                    u"-CAkey"_s, ca + u".key"_s, u"-CAcreateserial"_s, u"-days"_s, u"2"_s,
                    u"-extfile"_s, u"server.ext"_s, u"-out"_s, u"server.crt"_s},
                   dir);
}

// The server reads its key as the user it runs as (postgres when the tests run as root).
void handToServer(const QString& file)
{
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    if (PgCluster::runningAsRoot()) {
        if (const passwd* pw = ::getpwnam("postgres")) [[maybe_unused]]
            const int ignored =
                ::chown(QFile::encodeName(file).constData(), pw->pw_uid, pw->pw_gid);
    }
}

int freeLoopbackPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

} // namespace

class TestCliFailures : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void writeErrorOnTheOutputFails_data();
    void writeErrorOnTheOutputFails();
    void statementTimeoutNamesTheCommandsOption();
    void rowLockSaysARowIsBeingChanged();
    void stricterTimeoutsOfTheDbaAreKept();
    void lostConnectionSaysRunTheCommandAgain();
    void migrateLockWaitNamesNoLockTimeoutOfZero();
    void certificateFailureKeepsLibpqsReason();
    void emptyReasonFallsBackToSqlState();
    void passwordCanStayOutOfTheProcessList();
    void passwordOnTheCommandLineIsWarnedAbout();
    void passwordWithAnAtIsMaskedToItsLastAt();
    void excelCsvNeutralisesFormulas();
    void dryRunNeedsOnlyWhatItReads();

private:
    ConnectionSpec m_spec; // migrated, with horoscopes
};

void TestCliFailures::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"fail"_s);
    insertDays(m_spec, QDate(2026, 5, 10), 3);
    QVERIFY(TestCluster::execute(m_spec, u"INSERT INTO horoscope_views (zodiac_sign, view_date, "
                                         "view_count) VALUES ('leo', '2026-01-05', 7)"_s)
                .isEmpty());
}

void TestCliFailures::writeErrorOnTheOutputFails_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("horoscopes list csv") << QStringList{u"horoscopes"_s, u"list"_s};
    QTest::newRow("horoscopes list json")
        << QStringList{u"horoscopes"_s, u"list"_s, u"--format"_s, u"json"_s};
    QTest::newRow("views export csv") << QStringList{u"views"_s,      u"export"_s, u"--from"_s,
                                                     u"2026-01-01"_s, u"--to"_s,   u"2026-01-31"_s};
    QTest::newRow("views export json")
        << QStringList{u"views"_s, u"export"_s,     u"--from"_s,   u"2026-01-01"_s,
                       u"--to"_s,  u"2026-01-31"_s, u"--format"_s, u"json"_s};
    QTest::newRow("migrate status") << QStringList{u"migrate"_s, u"status"_s};
}

void TestCliFailures::writeErrorOnTheOutputFails()
{
    QFETCH(QStringList, args);
    // Nothing can be written to /dev/full: like a full disk under "> report.csv".
    const Run r = cli(QStringList{u"--database-url"_s, urlFor(m_spec)} + args, u"/dev/full"_s);
    QVERIFY2(r.exitCode == 1, qPrintable(u"exit %1: "_s.arg(r.exitCode) + r.err));
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"Could not write the output"), qPrintable(r.err));
    // And an output that can be written still works.
    const Run fine = cli(QStringList{u"--database-url"_s, urlFor(m_spec)} + args, u"/dev/null"_s);
    QVERIFY2(fine.exitCode == 0, qPrintable(fine.err));
}

void TestCliFailures::statementTimeoutNamesTheCommandsOption()
{
    const LockHolder lock(m_spec, u"LOCK TABLE horoscope_views IN ACCESS EXCLUSIVE MODE"_s);
    QVERIFY(lock.ok());
    const Run r = cli({u"--database-url"_s, urlFor(m_spec), u"--statement-timeout"_s, u"1"_s,
                       u"--lock-timeout"_s, u"30"_s, u"views"_s, u"export"_s, u"--from"_s,
                       u"2026-01-01"_s, u"--to"_s, u"2026-01-31"_s});
    qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"--statement-timeout of 1 s"), qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"lock timeout") && !r.err.contains(u"DBA"), qPrintable(r.err));
}

void TestCliFailures::rowLockSaysARowIsBeingChanged()
{
    const LockHolder lock(m_spec, u"SELECT 1 FROM horoscope_cache WHERE zodiac_sign = 'leo' AND "
                                  "horoscope_date = '2026-05-10' FOR UPDATE"_s);
    QVERIFY(lock.ok());
    const Run r = cli({u"--database-url"_s, urlFor(m_spec), u"--lock-timeout"_s, u"0.5"_s,
                       u"regenerate"_s, u"--sign"_s, u"leo"_s, u"--date"_s, u"2026-05-10"_s,
                       u"--provider"_s, u"demo"_s, u"--yes"_s});
    qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"row") && r.err.contains(u"another session", Qt::CaseInsensitive),
             qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"table is busy"), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"lock timeout (0.5 s)"), qPrintable(r.err));
}

void TestCliFailures::stricterTimeoutsOfTheDbaAreKept()
{
    const ConnectionSpec spec = migratedTestDatabase(u"strict"_s);
    const QString role = u"ALTER ROLE "_s + spec.user + u" IN DATABASE "_s + spec.database;
    QCOMPARE(TestCluster::execute(spec, role + u" SET statement_timeout = '700ms'"_s), QString());
    const QStringList exportArgs{u"views"_s,      u"export"_s, u"--from"_s,
                                 u"2026-01-01"_s, u"--to"_s,   u"2026-01-31"_s};
    {
        const LockHolder lock(spec, u"LOCK TABLE horoscope_views IN ACCESS EXCLUSIVE MODE"_s);
        QVERIFY(lock.ok());
        // The command's defaults (60 s, lock 5 s) would wait 5 s; the role's 0.7 s is kept.
        Run r = cli(QStringList{u"--database-url"_s, urlFor(spec)} + exportArgs);
        qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.ms < 4'000, qPrintable(u"took %1 ms"_s.arg(r.ms)));
        QVERIFY2(r.err.contains(u"0.7 s") && r.err.contains(u"statement_timeout"),
                 qPrintable(r.err));
        // An option that asks for more gets it.
        r = cli(QStringList{u"--database-url"_s, urlFor(spec), u"--statement-timeout"_s, u"2"_s} +
                exportArgs);
        qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.ms >= 1'900, qPrintable(u"took %1 ms"_s.arg(r.ms)));
        QVERIFY2(r.err.contains(u"--statement-timeout of 2 s"), qPrintable(r.err));
    }
    QCOMPARE(TestCluster::execute(spec, role + u" RESET statement_timeout"_s), QString());
    QCOMPARE(TestCluster::execute(spec, role + u" SET lock_timeout = '400ms'"_s), QString());
    {
        const LockHolder lock(spec, u"LOCK TABLE horoscope_views IN ACCESS EXCLUSIVE MODE"_s);
        QVERIFY(lock.ok());
        const Run r = cli(QStringList{u"--database-url"_s, urlFor(spec)} + exportArgs);
        qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.ms < 4'000, qPrintable(u"took %1 ms"_s.arg(r.ms)));
        QVERIFY2(r.err.contains(u"lock timeout (0.4 s)"), qPrintable(r.err));
    }
}

void TestCliFailures::lostConnectionSaysRunTheCommandAgain()
{
    // regenerate's worker waits for a table lock; then its session is terminated.
    const LockHolder lock(m_spec, u"LOCK TABLE horoscope_cache IN ACCESS EXCLUSIVE MODE"_s);
    QVERIFY(lock.ok());
    QProcess p;
    p.setProcessEnvironment(environment());
    p.start(executable(),
            {u"--database-url"_s, urlFor(m_spec), u"--lock-timeout"_s, u"30"_s, u"regenerate"_s,
             u"--sign"_s, u"leo"_s, u"--date"_s, u"2026-05-10"_s, u"--provider"_s, u"demo"_s});
    const QString waiting =
        u"SELECT pid FROM pg_stat_activity WHERE datname = '%1' AND "
        "application_name = 'horoscope-admin' AND wait_event_type = 'Lock'"_s.arg(m_spec.database);
    QTRY_VERIFY_WITH_TIMEOUT(TestCluster::scalar(m_spec, waiting).toInt() > 0, 20'000);
    QCOMPARE(TestCluster::execute(m_spec, u"SELECT pg_terminate_backend(("_s + waiting + u"))"_s),
             QString());
    QVERIFY(p.waitForFinished(30'000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    qInfo("%s", qPrintable(err.trimmed()));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.split(u'\n', Qt::SkipEmptyParts).size() == 1, qPrintable(err));
    QVERIFY2(!err.contains(u"by itself"), qPrintable(err));
    QVERIFY2(err.contains(u"Run the command again"), qPrintable(err));
}

void TestCliFailures::migrateLockWaitNamesNoLockTimeoutOfZero()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"ddl"_s);
    MigrationDir dir;
    dir.write(u"0002_alter.sql", "-- +up\nALTER TABLE horoscope_views ADD COLUMN x int;\n"
                                 "-- +down\nALTER TABLE horoscope_views DROP COLUMN x;\n");
    const QStringList args{u"--database-url"_s, urlFor(spec), u"--migrations-dir"_s,
                           dir.path(),          u"migrate"_s, u"up"_s};
    Run r = cli(args + QStringList{u"--to"_s, u"1"_s, u"--create-bot-tables"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const LockHolder lock(spec, u"LOCK TABLE horoscope_views IN ACCESS SHARE MODE"_s);
    QVERIFY(lock.ok());
    r = cli(args + QStringList{u"--lock-wait"_s, u"1"_s});
    qInfo("after %lld ms: %s", r.ms, qPrintable(r.err.trimmed()));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"--lock-wait"), qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"(0 s)"), qPrintable(r.err));
}

void TestCliFailures::certificateFailureKeepsLibpqsReason()
{
    QTemporaryDir dir(u"/tmp/ha-tls-XXXXXX"_s);
    QVERIFY(dir.isValid());
    QString error;
    QVERIFY2(PgCluster::preparePrivateDir(dir.path(), &error), qPrintable(error));
    const QString certs = dir.path() + u"/certs"_s;
    QVERIFY(QDir().mkpath(certs));
    QVERIFY(makeCertificates(certs, u"right-ca"_s, true));
    QVERIFY(makeCertificates(certs, u"other-ca"_s, false));
    for (const QString& file : {u"server.key"_s, u"server.crt"_s})
        handToServer(certs + u'/' + file);
    PgCluster::Options o;
    o.dataDir = dir.path() + u"/data"_s;
    o.socketDir = dir.path() + u"/s"_s;
    o.durable = false;
    o.listenAddress = u"127.0.0.1"_s; // loopback only
    o.port = freeLoopbackPort();
    PgCluster cluster(o);
    QVERIFY2(cluster.start(&error), qPrintable(error));
    QVERIFY2(cluster.stop(&error), qPrintable(error));
    QFile conf(o.dataDir + u"/postgresql.conf"_s);
    QVERIFY(conf.open(QIODevice::Append));
    conf.write(("ssl = on\nssl_cert_file = '" + certs.toUtf8() + "/server.crt'\nssl_key_file = '" +
                certs.toUtf8() + "/server.key'\n"));
    conf.close();
    QVERIFY2(cluster.start(&error), qPrintable(error));

    const QString url = u"postgresql://horoscope@127.0.0.1:%1/postgres?sslmode=verify-full&"
                        "connect_timeout=5&sslrootcert="_s.arg(o.port);
    // The right authority: the server and its certificate are fine.
    Run r = cli({u"--database-url"_s, url + certs + u"/right-ca.crt"_s, u"migrate"_s, u"status"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // Another authority: libpq refuses the certificate, and says so.
    r = cli({u"--database-url"_s, url + certs + u"/other-ca.crt"_s, u"migrate"_s, u"status"_s});
    qInfo("%s", qPrintable(r.err.trimmed()));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"certificate verify failed"), qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"Could not reach"), qPrintable(r.err));
}

void TestCliFailures::emptyReasonFallsBackToSqlState()
{
    // What QPSQL reports for a statement on a connection the server dropped: no words.
    const QSqlError silent(QString(), QString(), QSqlError::StatementError, u"XX000"_s);
    const DbError e = DbError::fromQuery(silent, m_spec);
    QVERIFY2(!e.message.trimmed().endsWith(u':'), qPrintable(e.message));
    QVERIFY2(e.message.contains(u"XX000"), qPrintable(e.message));
    const DbError none = DbError::fromQuery(QSqlError(), m_spec);
    QVERIFY2(!none.message.trimmed().endsWith(u':'), qPrintable(none.message));
}

void TestCliFailures::passwordCanStayOutOfTheProcessList()
{
    Run r = cli({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    for (const QString& word : {u"--database-url-file"_s, u"PGPASSWORD"_s, u".pgpass"_s})
        QVERIFY2(r.out.contains(word), qPrintable(word));
    QTemporaryDir dir;
    const QString file = dir.filePath(u"url"_s);
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write((u"postgresql://%1:not-in-ps@/%2?host=%3\n"_s.arg(
                     m_spec.user, m_spec.database,
                     QString::fromLatin1(QUrl::toPercentEncoding(m_spec.host))))
                    .toUtf8());
    }
    r = cli({u"--database-url-file"_s, file, u"migrate"_s, u"status"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    r = cli({u"--database-url-file"_s, dir.filePath(u"missing"_s), u"migrate"_s, u"status"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.errLines().size() == 1 && r.err.contains(u"missing"), qPrintable(r.err));
}

void TestCliFailures::passwordOnTheCommandLineIsWarnedAbout()
{
    const QString url = u"postgresql://%1:s3cret-word@/%2?host=%3"_s.arg(
        m_spec.user, m_spec.database, QString::fromLatin1(QUrl::toPercentEncoding(m_spec.host)));
    const Run r = cli({u"--database-url"_s, url, u"migrate"_s, u"status"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
    QVERIFY2(r.err.contains(u"--database-url-file"), qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"s3cret"), qPrintable(r.err));
}

void TestCliFailures::passwordWithAnAtIsMaskedToItsLastAt()
{
    // Unencoded: "pa@ss:w0rd" is the password, up to the last @ of the userinfo.
    const QString url = u"postgresql://nobody:pa@ss:w0rd@127.0.0.1:1/nowhere?connect_timeout=2"_s;
    const Run r = cli({u"--database-url"_s, url, u"migrate"_s, u"status"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(!r.err.contains(u"w0rd") && !r.err.contains(u"ss:"), qPrintable(r.err));
    QVERIFY2(r.err.contains(u"127.0.0.1"), qPrintable(r.err));

    ConnectionSpec spec;
    QString error;
    QVERIFY2(ConnectionSpec::parse(url, &spec, &error), qPrintable(error));
    QCOMPARE(spec.password, u"pa@ss:w0rd"_s);
    QVERIFY2(!spec.displayName().contains(u"w0rd"), qPrintable(spec.displayName()));
    const QString redacted = ConnectionSpec().redact(u"failed for "_s + url);
    QVERIFY2(!redacted.contains(u"w0rd") && !redacted.contains(u"ss"), qPrintable(redacted));
    QVERIFY2(redacted.contains(u"127.0.0.1:1/nowhere"), qPrintable(redacted));
}

void TestCliFailures::excelCsvNeutralisesFormulas()
{
    const ConnectionSpec spec = migratedTestDatabase(u"formula"_s);
    QCOMPARE(TestCluster::execute(
                 spec, u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) VALUES "
                       "('aries', '2026-01-01', '=1+1'), ('aries', '2026-01-02', '+SUM(A1)'), "
                       "('aries', '2026-01-03', '-2+3'), ('aries', '2026-01-04', '@cmd'), "
                       "('aries', '2026-01-05', E'\\tx'), ('aries', '2026-01-06', E'\\rx'), "
                       "('aries', '2026-01-07', 'plain')"_s),
             QString());
    const auto exported = [&spec](HoroscopeExporter::Format format) {
        QSqlDatabase db = TestCluster::open(spec);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        qint64 rows = 0;
        DbError error;
        if (!HoroscopeExporter::write(db, spec, {}, false, format, &buffer, {}, nullptr, &rows,
                                      &error))
            qWarning("%s", qPrintable(error.message));
        TestCluster::close(db);
        return QString::fromUtf8(buffer.data());
    };
    const QString excel = exported(HoroscopeExporter::Format::CsvWithBom);
    for (const QString& cell : {u",'=1+1,"_s, u",'+SUM(A1),"_s, u",'-2+3,"_s, u",'@cmd,"_s,
                                u",'\tx,"_s, u",\"'\rx\","_s, u",plain,"_s})
        QVERIFY2(excel.contains(cell), qPrintable(cell + u" in\n"_s + excel));
    // Plain CSV is data for programs: kept as it is.
    const QString plain = exported(HoroscopeExporter::Format::Csv);
    QVERIFY2(plain.contains(u",=1+1,"_s) && !plain.contains(u'\''), qPrintable(plain));
}

void TestCliFailures::dryRunNeedsOnlyWhatItReads()
{
    // The bot's tables exist (its Alembic made them); a role that may only read them.
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"readonly"_s);
    QCOMPARE(TestCluster::execute(spec, alembicSchemaSql()), QString());
    const QString reader = u"reader_%1"_s.arg(QCoreApplication::applicationPid());
    QCOMPARE(TestCluster::execute(
                 spec, u"DROP ROLE IF EXISTS %1; CREATE ROLE %1 LOGIN; "
                       "GRANT USAGE ON SCHEMA public TO %1; "
                       "GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1"_s.arg(reader)),
             QString());
    ConnectionSpec asReader = spec;
    asReader.user = reader;
    Run r = cli({u"--database-url"_s, urlFor(asReader), u"migrate"_s, u"up"_s, u"--dry-run"_s});
    qInfo("%s", qPrintable(r.err.trimmed()));
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(u"0001_horoscope_tables.sql"), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"0002"), qPrintable(r.out));
    // Nothing was created, and a real run is still refused with what it needs.
    QCOMPARE(TestCluster::scalar(spec,
                                 u"SELECT count(*) FROM pg_namespace WHERE nspname LIKE "
                                 "'ha_probe%' OR nspname = 'horoscope_admin_schema_history'"_s)
                 .toInt(),
             0);
    r = cli({u"--database-url"_s, urlFor(asReader), u"migrate"_s, u"up"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.errLines().size() == 1, qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCliFailures)
#include "tst_cli_failures.moc"
