#include "PgBouncerFixture.h"

#include "PgCluster.h"
#include "TestCluster.h"

#include <QFile>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

namespace {

// One bot request per transaction: a view counted, the day's horoscope read, and stored when
// missing (as the bot does when its cache misses). Its names are qualified: tst_pooler forges a
// schema named like the login role, which would otherwise take the load's unqualified writes.
constexpr const char* kBotScript = R"(\set s random(1, 12)
\set d random(0, 60)
BEGIN;
INSERT INTO public.horoscope_views (zodiac_sign, view_date, view_count)
  VALUES ((ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio','sagittarius','capricorn','aquarius','pisces'])[:s], DATE '2030-01-01' + :d, 1)
  ON CONFLICT (zodiac_sign, view_date) DO UPDATE SET view_count = horoscope_views.view_count + 1;
SELECT content FROM public.horoscope_cache
  WHERE zodiac_sign = (ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio','sagittarius','capricorn','aquarius','pisces'])[:s]
    AND horoscope_date = DATE '2030-01-01' + :d;
INSERT INTO public.horoscope_cache (zodiac_sign, horoscope_date, content)
  VALUES ((ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio','sagittarius','capricorn','aquarius','pisces'])[:s], DATE '2030-01-01' + :d, 'bot: ' || :s)
  ON CONFLICT (zodiac_sign, horoscope_date) DO NOTHING;
END;
)";

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

} // namespace

PgBouncerFixture::PgBouncerFixture(int poolSize)
    : m_poolSize(poolSize)
    , m_dir(u"/tmp/ha-pgb-XXXXXX"_s)
{}

PgBouncerFixture::~PgBouncerFixture()
{
    for (std::unique_ptr<QProcess>* p : {&m_load, &m_bouncer}) {
        if (*p && (*p)->state() != QProcess::NotRunning) {
            (*p)->terminate();
            if (!(*p)->waitForFinished(10'000)) {
                (*p)->kill();
                (*p)->waitForFinished(5'000);
            }
        }
        p->reset();
    }
}

std::unique_ptr<QProcess> PgBouncerFixture::startAsServerUser(const QString& program,
                                                              const QStringList& args)
{
    auto p = std::make_unique<QProcess>();
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->setWorkingDirectory(m_dir.path());
    if (PgCluster::runningAsRoot()) {
        const passwd* pw = ::getpwnam("postgres");
        const uid_t uid = pw ? pw->pw_uid : 0;
        const gid_t gid = pw ? pw->pw_gid : 0;
        // PgBouncer will not run as root: drop to the server's user between fork and exec.
        p->setChildProcessModifier([uid, gid] {
            if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)
                ::_exit(126);
        });
    }
    p->start(program, args);
    return p;
}

bool PgBouncerFixture::start(QString* error)
{
    const QString program =
        QStandardPaths::findExecutable(u"pgbouncer"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
    if (program.isEmpty()) {
        *error = u"pgbouncer is not installed (apt-get install pgbouncer; "
                 "scripts/setup-deps.sh does it)"_s;
        return false;
    }
    if (!m_dir.isValid() || !PgCluster::preparePrivateDir(m_dir.path(), error))
        return false;
    const ConnectionSpec server = TestCluster::instance().cluster().connectionSpec(u"postgres"_s);
    const QString ini = m_dir.filePath(u"pgbouncer.ini"_s);
    const QString users = m_dir.filePath(u"users.txt"_s);
    const QByteArray config =
        u"[databases]\n"
        "* = host=%1\n"
        "[pgbouncer]\n"
        "listen_addr =\n"
        "listen_port = %2\n"
        "unix_socket_dir = %3\n"
        "auth_type = trust\n"
        "auth_file = %4\n"
        "pool_mode = transaction\n"
        "default_pool_size = %5\n"
        "max_client_conn = 200\n"
        "logfile = %6\n"
        "pidfile = %7\n"_s.arg(server.host)
            .arg(kPort)
            .arg(m_dir.path(), users)
            .arg(m_poolSize)
            .arg(m_dir.filePath(u"pgbouncer.log"_s), m_dir.filePath(u"pgbouncer.pid"_s))
            .toUtf8();
    // trust: PgBouncer still wants every user it lets in listed.
    if (!writeFile(ini, config) || !writeFile(users, "\"" + server.user.toUtf8() + "\" \"\"\n")) {
        *error = u"could not write the PgBouncer configuration in "_s + m_dir.path();
        return false;
    }
    if (PgCluster::runningAsRoot()) {
        if (const passwd* pw = ::getpwnam("postgres")) {
            for (const QString& f : {ini, users})
                if (::chown(QFile::encodeName(f).constData(), pw->pw_uid, pw->pw_gid) != 0) {
                    *error = u"could not hand "_s + f + u" to postgres"_s;
                    return false;
                }
        }
    }
    m_bouncer = startAsServerUser(program, {ini});
    if (!m_bouncer->waitForStarted(10'000)) {
        *error = u"could not start pgbouncer: "_s + m_bouncer->errorString();
        return false;
    }
    const QByteArray conninfo =
        u"host=%1 port=%2 dbname=postgres user=%3 connect_timeout=2"_s.arg(m_dir.path())
            .arg(kPort)
            .arg(server.user)
            .toUtf8();
    const bool up = QTest::qWaitFor(
        [&] {
            return m_bouncer->state() != QProcess::Running ||
                   PQping(conninfo.constData()) == PQPING_OK;
        },
        20'000);
    if (!up || m_bouncer->state() != QProcess::Running) {
        QFile log(m_dir.filePath(u"pgbouncer.log"_s));
        log.open(QIODevice::ReadOnly);
        *error = u"pgbouncer did not come up: "_s + QString::fromUtf8(m_bouncer->readAll()) +
                 QString::fromUtf8(log.readAll());
        return false;
    }
    return true;
}

ConnectionSpec PgBouncerFixture::pooled(const ConnectionSpec& direct) const
{
    ConnectionSpec spec = direct;
    spec.host = m_dir.path();
    spec.port = QString::number(kPort);
    return spec;
}

QString PgBouncerFixture::url(const ConnectionSpec& spec)
{
    QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
    if (!spec.port.isEmpty())
        url += u"&port="_s + spec.port;
    return url;
}

bool PgBouncerFixture::startLoad(const ConnectionSpec& direct, int clients, QString* error)
{
    const QString script = m_dir.filePath(u"bot.sql"_s);
    if (!writeFile(script, kBotScript)) {
        *error = u"could not write the pgbench script"_s;
        return false;
    }
    const QString program = QStandardPaths::findExecutable(u"pgbench"_s);
    if (program.isEmpty()) {
        *error = u"pgbench is not installed (it comes with postgresql-15)"_s;
        return false;
    }
    const ConnectionSpec through = pooled(direct);
    m_load = std::make_unique<QProcess>();
    m_load->setProcessChannelMode(QProcess::MergedChannels);
    // -n: no VACUUM of pgbench's own tables, which do not exist here.
    m_load->start(program, {u"-n"_s, u"-c"_s, QString::number(clients), u"-j"_s, u"2"_s, u"-T"_s,
                            u"600"_s, u"-f"_s, script, u"-h"_s, through.host, u"-p"_s, through.port,
                            u"-U"_s, through.user, through.database});
    if (!m_load->waitForStarted(10'000)) {
        *error = u"could not start pgbench: "_s + m_load->errorString();
        return false;
    }
    return true;
}

bool PgBouncerFixture::loadRunning() const
{
    return m_load && m_load->state() == QProcess::Running;
}

qint64 PgBouncerFixture::loadViews(const ConnectionSpec& direct)
{
    return TestCluster::scalar(direct, u"SELECT coalesce(sum(view_count), 0) FROM "
                                       "horoscope_views WHERE view_date >= '2030-01-01'"_s)
        .toLongLong();
}

QString PgBouncerFixture::loadOutput()
{
    if (m_load)
        m_loadOutput += QString::fromUtf8(m_load->readAll());
    return m_loadOutput;
}
