#include "Database.h"
#include "FakeChatServer.h"
#include "FrozenServer.h"
#include "HoroscopeFixtures.h"
#include "OpenAiProvider.h"
#include "RegenerationBatch.h"
#include "ZodiacSign.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;
using State = RegenerationBatch::State;

namespace {

OpenAiProvider::Config configFor(const FakeChatServer& server)
{
    OpenAiProvider::Config c;
    c.baseUrl = QUrl(server.baseUrl());
    c.model = u"test-model"_s;
    c.apiKey = u"sk-test-key"_s;
    c.timeoutMs = 2'000;
    c.maxAttempts = 3;
    c.firstBackoffMs = 50;
    return c;
}

QString contentOf(const ConnectionSpec& spec, const QString& sign, const QDate& date)
{
    return TestCluster::scalar(spec,
                               u"SELECT content FROM horoscope_cache WHERE zodiac_sign = '%1' "
                               "AND horoscope_date = '%2'"_s.arg(sign, date.toString(Qt::ISODate)))
        .toString();
}

struct Run
{
    explicit Run(const ConnectionSpec& spec, AiProvider* provider)
        : database(spec)
        , batch(&database, provider, AiProvider::defaultPromptTemplate())
    {
        database.start();
    }
    void generate(const QList<std::pair<QString, QDate>>& targets)
    {
        QSignalSpy done(&batch, &RegenerationBatch::generationFinished);
        batch.start(targets);
        QVERIFY(done.wait(30'000));
    }
    void write()
    {
        QSignalSpy done(&batch, &RegenerationBatch::writeFinished);
        batch.writeAccepted(); // answers at once when nothing was accepted
        QVERIFY(!done.isEmpty() || done.wait(10'000));
    }
    Database database;
    RegenerationBatch batch;
};

} // namespace

class TestRegenerate : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void successIsReviewedThenWrittenWithHistory();
    void refusedKeyIsReportedAndNotRetried();
    void rateLimitIsRetried();
    void timeoutIsReported();
    void malformedAndEmptyAnswersAreNeverWritten_data();
    void malformedAndEmptyAnswersAreNeverWritten();
    void cancelKeepsWhatFinished();
    void concurrentInsertBecomesAConflict();
    void handEditedTextIsFlagged();
    void promptNamesSignDateAndWeekday();
    void commandLineWithAndWithoutYes();
    void silentServerEndsTheCommandAtOnce_data();
    void silentServerEndsTheCommandAtOnce();

private:
    ConnectionSpec m_spec;
};

void TestRegenerate::initTestCase()
{
    REQUIRE_CLUSTER();
    m_spec = migratedTestDatabase(u"regen"_s);
    insertDays(m_spec, QDate(2026, 5, 10), 3);
}

void TestRegenerate::successIsReviewedThenWrittenWithHistory()
{
    FakeChatServer server;
    server.enqueue(FakeChatServer::completion(u"Новый текст для Льва 🌟"_s));
    OpenAiProvider provider(configFor(server));
    Run run(m_spec, &provider);
    const QDate day(2026, 5, 10);
    const QString before = contentOf(m_spec, u"leo"_s, day);
    run.generate({{u"leo"_s, day}});
    QCOMPARE(run.batch.items().at(0).state, State::Ready);
    QCOMPARE(run.batch.items().at(0).newText, u"Новый текст для Льва 🌟"_s);
    QCOMPARE(run.batch.items().at(0).currentText, before);
    QCOMPARE(contentOf(m_spec, u"leo"_s, day), before); // reviewed first, nothing written yet
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests().first().authorization, QByteArray("Bearer sk-test-key"));
    const QJsonObject body = QJsonDocument::fromJson(server.requests().first().body).object();
    QCOMPARE(body.value(u"model"_s).toString(), u"test-model"_s);

    run.batch.accept(0);
    run.write();
    QCOMPARE(run.batch.items().at(0).state, State::Written);
    QCOMPARE(contentOf(m_spec, u"leo"_s, day), u"Новый текст для Льва 🌟"_s);
    QVERIFY(TestCluster::scalar(
                m_spec,
                u"SELECT generated_at > now() - interval '1 minute' FROM "
                "horoscope_cache WHERE zodiac_sign = 'leo' AND horoscope_date = '2026-05-10'"_s)
                .toBool());
    QCOMPARE(TestCluster::scalar(
                 m_spec, u"SELECT content FROM horoscope_cache_revisions WHERE "
                         "zodiac_sign = 'leo' AND horoscope_date = '2026-05-10' AND regenerated"_s)
                 .toString(),
             before); // the replaced text stays in the history
    QCOMPARE(TestCluster::scalar(m_spec,
                                 u"SELECT count(*) FROM horoscope_cache WHERE zodiac_sign = 'leo' "
                                 "AND horoscope_date = '2026-05-10'"_s)
                 .toInt(),
             1);
}

void TestRegenerate::refusedKeyIsReportedAndNotRetried()
{
    FakeChatServer server;
    server.setDefault({401, R"({"error":{"message":"bad key"}})", 0, {}});
    OpenAiProvider provider(configFor(server));
    Run run(m_spec, &provider);
    const QString before = contentOf(m_spec, u"aries"_s, QDate(2026, 5, 10));
    run.generate({{u"aries"_s, QDate(2026, 5, 10)}});
    const auto& item = run.batch.items().at(0);
    QCOMPARE(item.state, State::Failed);
    QVERIFY2(item.error.contains(u"API key"), qPrintable(item.error));
    QVERIFY(!item.error.contains(u"sk-test-key"));
    QCOMPARE(server.requests().size(), 1);
    run.batch.accept(0); // a failed item cannot be accepted
    run.write();
    QCOMPARE(contentOf(m_spec, u"aries"_s, QDate(2026, 5, 10)), before);
}

void TestRegenerate::rateLimitIsRetried()
{
    FakeChatServer server;
    server.enqueue({429, R"({"error":"slow down"})", 0, {}});
    server.enqueue(FakeChatServer::completion(u"после паузы"_s));
    OpenAiProvider provider(configFor(server));
    Run run(m_spec, &provider);
    run.generate({{u"taurus"_s, QDate(2026, 5, 10)}});
    QCOMPARE(run.batch.items().at(0).state, State::Ready);
    QCOMPARE(run.batch.items().at(0).newText, u"после паузы"_s);
    QCOMPARE(server.requests().size(), 2);
}

void TestRegenerate::timeoutIsReported()
{
    FakeChatServer server;
    server.setDefault({200, FakeChatServer::completion(u"too late"_s).body, 3'000, {}});
    OpenAiProvider::Config config = configFor(server);
    config.timeoutMs = 300;
    config.maxAttempts = 2;
    OpenAiProvider provider(config);
    Run run(m_spec, &provider);
    QElapsedTimer timer;
    timer.start();
    run.generate({{u"gemini"_s, QDate(2026, 5, 10)}});
    QCOMPARE(run.batch.items().at(0).state, State::Failed);
    QVERIFY2(run.batch.items().at(0).error.contains(u"did not answer"),
             qPrintable(run.batch.items().at(0).error));
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(timer.elapsed() < 3'000);
}

void TestRegenerate::malformedAndEmptyAnswersAreNeverWritten_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not json") << QByteArray("<html>oops</html>") << u"not a chat completion"_s;
    QTest::newRow("no choices") << QByteArray(R"({"object":"chat.completion"})")
                                << u"not a chat completion"_s;
    QTest::newRow("content not a string")
        << QByteArray(R"({"choices":[{"message":{"content":42}}]})") << u"not a chat completion"_s;
    QTest::newRow("empty") << FakeChatServer::completion(u"   \n "_s).body << u"empty"_s;
}

void TestRegenerate::malformedAndEmptyAnswersAreNeverWritten()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, mentions);
    FakeChatServer server;
    server.setDefault({200, body, 0, {}});
    OpenAiProvider provider(configFor(server));
    Run run(m_spec, &provider);
    const QString before = contentOf(m_spec, u"cancer"_s, QDate(2026, 5, 10));
    run.generate({{u"cancer"_s, QDate(2026, 5, 10)}});
    QCOMPARE(run.batch.items().at(0).state, State::Failed);
    QVERIFY2(run.batch.items().at(0).error.contains(mentions),
             qPrintable(run.batch.items().at(0).error));
    QCOMPARE(run.batch.acceptAllReady(), 0);
    run.write();
    QCOMPARE(contentOf(m_spec, u"cancer"_s, QDate(2026, 5, 10)), before);
}

void TestRegenerate::cancelKeepsWhatFinished()
{
    FakeChatServer server;
    server.setDefault({200, FakeChatServer::completion(u"готово"_s).body, 150, {}});
    OpenAiProvider provider(configFor(server));
    Run run(m_spec, &provider);
    const QDate day(2026, 5, 9);
    QList<std::pair<QString, QDate>> all;
    for (const QString& sign : ZodiacSign::keys())
        all.append({sign, day});
    QSignalSpy finished(&run.batch, &RegenerationBatch::generationFinished);
    run.batch.start(all);
    QTRY_VERIFY(run.batch.count(State::Ready) >= 2);
    run.batch.cancel();
    QCOMPARE(finished.size(), 1);
    const int ready = run.batch.count(State::Ready);
    QVERIFY(ready >= 2 && ready < 12);
    QCOMPARE(run.batch.count(State::Cancelled), 12 - ready);
    // The answers still on their way when it was cancelled change nothing.
    QTRY_COMPARE(server.answered(), server.requests().size());
    QCOMPARE(run.batch.count(State::Ready), ready);
    run.batch.acceptAllReady();
    run.write();
    QCOMPARE(run.batch.count(State::Written), ready);
    QCOMPARE(TestCluster::scalar(m_spec,
                                 u"SELECT count(*) FROM horoscope_cache WHERE horoscope_date = "
                                 "'2026-05-09' AND content = 'готово'"_s)
                 .toInt(),
             ready);
}

void TestRegenerate::concurrentInsertBecomesAConflict()
{
    const ConnectionSpec spec = migratedTestDatabase(u"regen_conflict"_s);
    FakeChatServer server;
    server.enqueue(FakeChatServer::completion(u"admin's new text"_s));
    OpenAiProvider provider(configFor(server));
    Run run(spec, &provider);
    const QDate day(2026, 6, 1);
    run.generate({{u"virgo"_s, day}}); // missing when the review starts
    QVERIFY(!run.batch.items().at(0).existed);
    // Meanwhile the bot answers a reader and stores its own.
    QCOMPARE(TestCluster::execute(
                 spec, u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
                       "VALUES ('virgo', '2026-06-01', 'bot text')"_s),
             QString());
    run.batch.accept(0);
    run.write();
    QCOMPARE(run.batch.items().at(0).state, State::Conflict);
    QCOMPARE(run.batch.items().at(0).theirText, u"bot text"_s);
    QCOMPARE(contentOf(spec, u"virgo"_s, day), u"bot text"_s); // not lost
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache"_s).toInt(),
             1); // not duplicated
    // The admin decides for the new text.
    QSignalSpy done(&run.batch, &RegenerationBatch::writeFinished);
    run.batch.overwrite(0);
    QVERIFY(done.wait(10'000));
    QCOMPARE(run.batch.items().at(0).state, State::Written);
    QCOMPARE(contentOf(spec, u"virgo"_s, day), u"admin's new text"_s);
}

void TestRegenerate::handEditedTextIsFlagged()
{
    QCOMPARE(TestCluster::execute(
                 m_spec, u"UPDATE horoscope_cache SET content = 'fixed by an editor' "
                         "WHERE zodiac_sign = 'libra' AND horoscope_date = '2026-05-10'"_s),
             QString());
    FakeChatServer server;
    OpenAiProvider provider(configFor(server));
    Run run(m_spec, &provider);
    run.generate({{u"libra"_s, QDate(2026, 5, 10)}, {u"scorpio"_s, QDate(2026, 5, 10)}});
    QVERIFY(run.batch.items().at(0).corrected);
    QVERIFY(!run.batch.items().at(1).corrected);
}

void TestRegenerate::promptNamesSignDateAndWeekday()
{
    const QString prompt =
        AiProvider::fillPrompt(AiProvider::defaultPromptTemplate(), u"leo"_s, QDate(2026, 11, 28));
    QVERIFY2(prompt.contains(u"Лев") && prompt.contains(u"28 ноября 2026") &&
                 prompt.contains(u"суббота"),
             qPrintable(prompt));
    QCOMPARE(AiProvider::fillPrompt(u"{sign}|{sign_name}"_s, u"pisces"_s, QDate(2026, 1, 1)),
             u"pisces|Рыбы"_s);
}

void TestRegenerate::commandLineWithAndWithoutYes()
{
    FakeChatServer server;
    server.setDefault(FakeChatServer::completion(u"from the command line"_s));
    // The server lives in this process: answer it while the command runs.
    const QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
        m_spec.database, QString::fromLatin1(QUrl::toPercentEncoding(m_spec.host)), m_spec.user);
    auto runCli = [&](bool yes, QString* out, QString* err) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOROSCOPE_AI_API_KEY"_s, u"sk-cli"_s);
        env.insert(u"XDG_CONFIG_HOME"_s, QDir::tempPath() + u"/ha-regen-cli-config"_s);
        p.setProcessEnvironment(env);
        QStringList args{u"--database-url"_s, url,
                         u"regenerate"_s,     u"--sign"_s,
                         u"pisces"_s,         u"--date"_s,
                         u"2026-05-10"_s,     u"--provider"_s,
                         u"openai"_s,         u"--ai-base-url"_s,
                         server.baseUrl()};
        if (yes)
            args << u"--yes"_s;
        p.start(QStringLiteral(HA_EXECUTABLE), args);
        // The fake provider answers from this event loop while the command runs.
        QSignalSpy done(&p, &QProcess::finished);
        if (p.state() != QProcess::NotRunning)
            done.wait(60'000);
        *out = QString::fromUtf8(p.readAllStandardOutput());
        *err = QString::fromUtf8(p.readAllStandardError());
        return p.exitCode();
    };
    const QString before = contentOf(m_spec, u"pisces"_s, QDate(2026, 5, 10));
    QString out;
    QString err;
    QCOMPARE(runCli(false, &out, &err), 0);
    QVERIFY2(out.contains(u"from the command line"), qPrintable(out + err));
    QVERIFY(err.contains(u"--yes"));
    QCOMPARE(contentOf(m_spec, u"pisces"_s, QDate(2026, 5, 10)), before);
    QCOMPARE(server.requests().last().authorization, QByteArray("Bearer sk-cli"));

    QCOMPARE(runCli(true, &out, &err), 0);
    QVERIFY2(err.contains(u"Written: 1"), qPrintable(err));
    QCOMPARE(contentOf(m_spec, u"pisces"_s, QDate(2026, 5, 10)), u"from the command line"_s);
}

void TestRegenerate::silentServerEndsTheCommandAtOnce_data()
{
    QTest::addColumn<bool>("yes");
    QTest::addColumn<bool>("whileWriting"); // else while it loads the current texts
    QTest::newRow("without --yes, while loading") << false << false;
    QTest::newRow("with --yes, while writing") << true << true;
}

// A server that stops answering after login: the command says so and ends, whatever it was
// doing; the cancel it sends to that server must not hold up its exit.
void TestRegenerate::silentServerEndsTheCommandAtOnce()
{
    QFETCH(bool, yes);
    QFETCH(bool, whileWriting);
    // The load waits for this lock: a query of the command's session is running.
    QSqlDatabase lock = TestCluster::open(m_spec);
    auto held = std::make_unique<QSqlQuery>(lock);
    const auto release = qScopeGuard([&] {
        held.reset();
        TestCluster::close(lock); // also when the test failed: the lock goes with it
    });
    if (!whileWriting) {
        QVERIFY(held->exec(u"BEGIN"_s));
        QVERIFY(held->exec(u"LOCK TABLE horoscope_cache IN ACCESS EXCLUSIVE MODE"_s));
    }
    FakeChatServer server;
    // Slow enough to freeze the server meanwhile, while the command's session is connected.
    FakeChatServer::Answer answer = FakeChatServer::completion(u"never stored"_s);
    answer.delayMs = 300;
    server.setDefault(answer);
    const QString url = u"postgresql:///%1?host=%2&user=%3&connect_timeout=2"_s.arg(
        m_spec.database, QString::fromLatin1(QUrl::toPercentEncoding(m_spec.host)), m_spec.user);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOROSCOPE_AI_API_KEY"_s, u"sk-cli"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, QDir::tempPath() + u"/ha-regen-cli-config"_s);
    p.setProcessEnvironment(env);
    QStringList args{u"--database-url"_s,
                     url,
                     u"regenerate"_s,
                     u"--sign"_s,
                     u"pisces"_s,
                     u"--date"_s,
                     u"2026-05-10"_s,
                     u"--provider"_s,
                     u"openai"_s,
                     u"--ai-base-url"_s,
                     server.baseUrl(),
                     u"--statement-timeout"_s,
                     u"0.5"_s};
    if (yes)
        args << u"--yes"_s;
    QString err;
    QElapsedTimer sinceMessage;
    connect(&p, &QProcess::readyReadStandardError, this, [&] {
        err += QString::fromUtf8(p.readAllStandardError());
        if (!sinceMessage.isValid() && err.contains(u"horoscope-admin: "))
            sinceMessage.start();
    });
    p.start(QStringLiteral(HA_EXECUTABLE), args);
    QVERIFY(p.waitForStarted());
    if (whileWriting) // the text is asked for, the write follows once it is there
        QTRY_VERIFY_WITH_TIMEOUT(!server.requests().isEmpty(), 20'000);
    else
        QTRY_VERIFY_WITH_TIMEOUT(TestCluster::scalar(m_spec, u"SELECT count(*) FROM "
                                                             "pg_stat_activity WHERE "
                                                             "application_name = "
                                                             "'horoscope-admin' AND "
                                                             "wait_event_type = 'Lock'"_s)
                                         .toInt() > 0,
                                 20'000);
    {
        FrozenServer frozen(m_spec);
        QVERIFY(frozen.holdsABackend());
        QTRY_VERIFY2_WITH_TIMEOUT(sinceMessage.isValid(),
                                  qPrintable(err + u" state "_s + QString::number(p.state())),
                                  20'000);
        QTRY_VERIFY2_WITH_TIMEOUT(p.state() == QProcess::NotRunning, qPrintable(err), 2'000);
        const qint64 afterMessage = sinceMessage.elapsed();
        QVERIFY2(afterMessage < 1'500, qPrintable(QString::number(afterMessage)));
    }
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.count(u"horoscope-admin: ") == 1, qPrintable(err));
}

QTEST_GUILESS_MAIN(TestRegenerate)
#include "tst_regenerate.moc"
