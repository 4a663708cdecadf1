#include "ConnectionProfile.h"
#include "CredentialStore.h"

#include <QDirIterator>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString kSecret = u"Pa55-w0rd-that-must-not-leak"_s;

// Every byte the app wrote under dir, to look for the secret anywhere.
QByteArray everythingUnder(const QString& dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace

class TestProfiles : public QObject
{
    Q_OBJECT
private slots:
    void roundTripsEverythingButThePassword();
    void passwordNeverLandsInTheSettingsFile();
    void keychainUnavailableIsReportedNotWorkedAround();
    void namesWithSlashesAndCyrillic();
    void standbyIsKeptWithoutItsPassword();
};

void TestProfiles::standbyIsKeptWithoutItsPassword()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"s.ini"_s);
    {
        QSettings settings(file, QSettings::IniFormat);
        ProfileStore store(settings);
        ConnectionProfile p;
        p.name = u"prod"_s;
        p.spec.host = u"db1"_s;
        p.spec.standbyUrl = u"postgresql://reader:standby-secret@db2:5433/h"_s;
        store.save(p);
        const ConnectionProfile back = store.profile(u"prod"_s);
        ConnectionSpec standby;
        QString error;
        QVERIFY(ConnectionSpec::parse(back.spec.standbyUrl, &standby, &error));
        QCOMPARE(standby.host, u"db2"_s);
        QCOMPARE(standby.port, u"5433"_s);
        QCOMPARE(standby.user, u"reader"_s);
        QVERIFY(standby.password.isEmpty());
    }
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(!f.readAll().contains("standby-secret"));
}

void TestProfiles::roundTripsEverythingButThePassword()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    ProfileStore store(settings);
    ConnectionProfile p;
    p.name = u"production"_s;
    p.spec.host = u"db.internal"_s;
    p.spec.port = u"6432"_s;
    p.spec.database = u"horoscopes"_s;
    p.spec.user = u"admin"_s;
    p.spec.password = kSecret;
    p.spec.options = {{u"sslmode"_s, u"verify-full"_s}, {u"password"_s, kSecret}};
    p.passwordPolicy = ConnectionProfile::PasswordPolicy::Ask;
    store.save(p);

    const ConnectionProfile back = store.profile(u"production"_s);
    QCOMPARE(back.spec.host, p.spec.host);
    QCOMPARE(back.spec.port, p.spec.port);
    QCOMPARE(back.spec.database, p.spec.database);
    QCOMPARE(back.spec.user, p.spec.user);
    QCOMPARE(back.spec.option(u"sslmode"_s), u"verify-full"_s);
    QCOMPARE(back.passwordPolicy, ConnectionProfile::PasswordPolicy::Ask);
    QVERIFY(back.spec.password.isEmpty());
    QVERIFY(back.spec.option(u"password"_s).isEmpty());
    QCOMPARE(store.profiles().size(), 1);
    store.remove(u"production"_s);
    QVERIFY(store.profiles().isEmpty());
}

void TestProfiles::passwordNeverLandsInTheSettingsFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"settings.conf"_s);
    {
        QSettings settings(path, QSettings::NativeFormat);
        ProfileStore store(settings);
        ConnectionProfile p;
        p.name = u"bot"_s;
        QString parseError;
        ConnectionSpec::parse(u"postgresql+asyncpg://bot:"_s + kSecret + u"@h/db?ssl=require"_s,
                              &p.spec, &parseError);
        QCOMPARE(p.spec.password, kSecret);
        store.save(p);
        settings.sync();
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    QVERIFY(content.contains("bot"));
    QVERIFY(!content.contains(kSecret.toUtf8()));
    QVERIFY(!content.contains(QUrl::toPercentEncoding(kSecret)));
}

void TestProfiles::keychainUnavailableIsReportedNotWorkedAround()
{
    // Tests run without a session bus, so there is no Secret Service: the store must say so
    // and must not fall back to a plain-text file.
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.path().toUtf8());
    qputenv("XDG_DATA_HOME", home.path().toUtf8());
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    CredentialStore store(u"horoscope-admin-test"_s);
    bool done = false;
    CredentialStore::Result result;
    store.write(u"bot"_s, kSecret, [&](const CredentialStore::Result& r) {
        result = r;
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30'000);
    QVERIFY(!result.ok);
    QVERIFY(!result.error.isEmpty());
    QVERIFY(!result.error.contains(kSecret));
    QVERIFY(!everythingUnder(home.path()).contains(kSecret.toUtf8()));
}

void TestProfiles::namesWithSlashesAndCyrillic()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    ProfileStore store(settings);
    ConnectionProfile p;
    p.name = u"прод/основная база"_s;
    p.spec.host = u"h"_s;
    store.save(p);
    QVERIFY(store.contains(p.name));
    QCOMPARE(store.profiles().first().name, p.name);
    QCOMPARE(store.profile(p.name).spec.host, u"h"_s);
}

QTEST_GUILESS_MAIN(TestProfiles)
#include "tst_profiles.moc"
