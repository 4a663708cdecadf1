// Start-up of the real executable on the demo data (issue 22): the time from starting the
// process to the main window painted with the first page of the horoscope list, cold (the
// first start after the database server restarted; the OS caches as they are) and warm, and
// the resident memory 3 s after that and 3 s after a horoscope was opened in the editor.
//
// The program runs on a private Xvfb display (as the journeys do: closer to a person's
// desktop than the offscreen platform) with its own HOME, against a database of a private
// cluster filled as --demo fills its own (180 days of 12 signs, view counts), with the window
// left on the Horoscopes page. HA_REPORT_STARTUP=1 makes it print its milestones on stderr
// (app/StartupReport.h); the times here are the benchmark's own clock from QProcess::start to
// reading that line.
//
//   bench_startup [--runs N] [--smaps DIR] [--verbose]
// prints "name value unit" lines, the details of each run on stderr; --smaps keeps
// /proc/PID/smaps of the measured moments in DIR, --verbose echoes the program's stderr.
#include "DemoData.h"
#include "TestCluster.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QThread>
#include <QUrl>
#include <algorithm>
#include <cstdio>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace {

bool verbose = false; // --verbose: the program's stderr too

double median(QList<double> v)
{
    if (v.isEmpty())
        return -1;
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    return n % 2 ? v.at(n / 2) : (v.at(n / 2 - 1) + v.at(n / 2)) / 2;
}

void print(const char* name, double value, const char* unit)
{
    std::printf("%s %.1f %s\n", name, value, unit);
    std::fflush(stdout);
}

// A field of /proc/PID/status or smaps_rollup, in MB.
double procField(qint64 pid, const char* file, const QByteArray& field)
{
    QFile f(u"/proc/%1/%2"_s.arg(pid).arg(QLatin1StringView(file)));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

struct Memory
{
    double rss = -1, anon = -1, pss = -1;
};

Memory memoryOf(qint64 pid)
{
    return {procField(pid, "status", "VmRSS"), procField(pid, "status", "RssAnon"),
            procField(pid, "smaps_rollup", "Pss")};
}

bool run(const QString& program, const QStringList& args, const QProcessEnvironment& env = {},
         QByteArray* out = nullptr)
{
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(60'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode()) {
        std::fprintf(stderr, "%s %s failed: %s\n", qPrintable(program), qPrintable(args.join(u' ')),
                     p.readAllStandardError().constData());
        return false;
    }
    if (out)
        *out = p.readAllStandardOutput();
    return true;
}

// One start of the program; milestones in ms from QProcess::start, as this process read them.
class Launch
{
public:
    Launch(const QString& url, const QProcessEnvironment& env)
    {
        m_process.setProcessEnvironment(env);
        m_process.setProgram(QStringLiteral(HA_EXECUTABLE));
        m_process.setArguments({u"--database-url"_s, url});
        m_process.setStandardOutputFile(QProcess::nullDevice());
        m_clock.start();
        m_process.start();
    }
    ~Launch()
    {
        m_process.terminate(); // SIGTERM: the program quits as at logout
        if (!m_process.waitForFinished(10'000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    qint64 pid() const { return m_process.processId(); }

    // Waits up to `timeoutMs` for "startup <milestone>"; its time, or nullopt.
    std::optional<double> waitFor(const QByteArray& milestone, int timeoutMs = 20'000)
    {
        QElapsedTimer waited;
        waited.start();
        read();
        while (!m_seen.contains(milestone)) {
            const qint64 left = timeoutMs - waited.elapsed();
            if (left <= 0 || m_process.state() == QProcess::NotRunning)
                return std::nullopt;
            if (!m_process.canReadLine())
                m_process.waitForReadyRead(static_cast<int>(left));
            read();
        }
        return m_seen.value(milestone);
    }
    // The program's own time of a milestone seen (ms since its main()), or -1.
    double reported(const QByteArray& milestone) const { return m_reported.value(milestone, -1); }
    // Keeps /proc/PID/smaps (every mapping's resident size) for a closer look.
    void saveSmaps(const QString& fileName) const
    {
        QFile in(u"/proc/%1/smaps"_s.arg(pid()));
        QFile out(fileName);
        if (in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly))
            out.write(in.readAll());
    }

private:
    void read()
    {
        m_process.setReadChannel(QProcess::StandardError);
        while (m_process.canReadLine()) {
            const double at = static_cast<double>(m_clock.nsecsElapsed()) / 1e6;
            const QByteArray line = m_process.readLine();
            if (verbose)
                std::fprintf(stderr, "  | %s", line.constData());
            const QList<QByteArray> words = line.trimmed().split(' ');
            if (words.size() == 3 && words.at(0) == "startup") {
                m_seen.insert(words.at(1), at);
                m_reported.insert(words.at(1), words.at(2).toDouble());
            }
        }
    }

    QProcess m_process;
    QElapsedTimer m_clock;
    QHash<QByteArray, double> m_seen;
    QHash<QByteArray, double> m_reported; // the program's own ms since main()
};

void sleepMs(int ms)
{
    QThread::msleep(static_cast<unsigned long>(ms));
}

// The program's window on the display, found by the process id Qt puts on it.
QString windowOf(qint64 pid, const QProcessEnvironment& env)
{
    QByteArray out;
    if (!run(u"xdotool"_s,
             {u"search"_s, u"--sync"_s, u"--onlyvisible"_s, u"--pid"_s, QString::number(pid)}, env,
             &out))
        return {};
    return QString::fromLatin1(out.split('\n').value(0).trimmed());
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int runs = 5;
    const QStringList args = app.arguments();
    if (const qsizetype at = args.indexOf(u"--runs"_s); at > 0 && at + 1 < args.size())
        runs = std::max(1, args.at(at + 1).toInt());
    verbose = args.contains(u"--verbose"_s);
    QString smapsDir; // --smaps DIR: /proc/PID/smaps 3 s after shown and after the open
    if (const qsizetype at = args.indexOf(u"--smaps"_s); at > 0 && at + 1 < args.size())
        smapsDir = args.at(at + 1);

    TestCluster& tc = TestCluster::instance();
    if (!tc.isReady())
        qFatal("no test cluster: %s", qPrintable(tc.error()));
    const ConnectionSpec spec = tc.freshDatabase(u"startup"_s);
    const QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
    if (!run(QStringLiteral(HA_EXECUTABLE),
             {u"--database-url"_s, url, u"migrate"_s, u"up"_s, u"--create-bot-tables"_s}))
        return 1;
    {
        QString name;
        QSqlDatabase db = TestCluster::open(spec, &name);
        QString error;
        if (!DemoData::fill(db, QDate::currentDate(), 180, &error))
            qFatal("demo data: %s", qPrintable(error));
        TestCluster::close(db);
    }

    // Xvfb picks a free display and writes its number on stdout.
    QProcess xvfb;
    xvfb.start(u"Xvfb"_s, {u"-displayfd"_s, u"1"_s, u"-screen"_s, u"0"_s, u"1280x800x24"_s,
                           u"-nolisten"_s, u"tcp"_s, u"-noreset"_s});
    if (!xvfb.waitForReadyRead(15'000))
        qFatal("Xvfb did not start");
    const QString display = u':' + QString::fromLatin1(xvfb.readLine().trimmed());

    QTemporaryDir home;
    const QString config = home.path() + u"/.config/horoscope-admin"_s;
    QDir().mkpath(config);
    QDir().mkpath(home.path() + u"/runtime"_s);
    QFile::setPermissions(home.path() + u"/runtime"_s,
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    {
        // The page an editor left the window on.
        QFile settings(config + u"/horoscope-admin.conf"_s);
        if (!settings.open(QIODevice::WriteOnly))
            qFatal("cannot write the settings");
        settings.write("[ui]\nlastPage=horoscopes\n");
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home.path());
    env.insert(u"XDG_CONFIG_HOME"_s, home.path() + u"/.config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home.path() + u"/.local/share"_s);
    env.insert(u"XDG_CACHE_HOME"_s, home.path() + u"/.cache"_s);
    env.insert(u"XDG_RUNTIME_DIR"_s, home.path() + u"/runtime"_s);
    env.insert(u"DISPLAY"_s, display);
    env.insert(u"QT_QPA_PLATFORM"_s, u"xcb"_s);
    env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
    env.insert(u"LANGUAGE"_s, u"en"_s);
    env.insert(u"HA_REPORT_STARTUP"_s, u"1"_s);
    env.remove(u"DATABASE_URL"_s);
    env.remove(u"QT_QPA_PLATFORMTHEME"_s);
    env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);

    QList<double> coldWindow, coldRows, warmWindow, warmRows, rss, anon, pss;
    const auto once = [&](QList<double>* window, QList<double>* rows, bool memory) {
        Launch launch(url, env);
        const std::optional<double> shown = launch.waitFor("rows-painted");
        const std::optional<double> painted = launch.waitFor("window-painted");
        if (!shown || !painted)
            qFatal("the window did not show its rows");
        *window << *painted;
        *rows << *shown;
        std::fprintf(stderr, "run: window %.1f ms, rows %.1f ms\n", *painted, *shown);
        if (memory) {
            sleepMs(3000);
            const Memory m = memoryOf(launch.pid());
            rss << m.rss;
            anon << m.anon;
            pss << m.pss;
            std::fprintf(stderr, "     3 s later: VmRSS %.1f MB, RssAnon %.1f MB, Pss %.1f MB\n",
                         m.rss, m.anon, m.pss);
        }
    };
    for (int i = 0; i < runs; ++i) {
        QString error;
        if (!tc.cluster().stop(&error) || !tc.cluster().start(&error))
            qFatal("restarting the server: %s", qPrintable(error));
        once(&coldWindow, &coldRows, false);
    }
    for (int i = 0; i < runs; ++i)
        once(&warmWindow, &warmRows, true);

    // A person opens a horoscope: F6 puts the keyboard in the list, which makes its first row
    // current, and the editor shows it.
    Memory opened;
    double openedMs = -1, spellingMs = -1; // the program's own clock
    {
        Launch launch(url, env);
        if (!launch.waitFor("rows-painted"))
            qFatal("the window did not show its rows");
        sleepMs(3000);
        if (!smapsDir.isEmpty())
            launch.saveSmaps(smapsDir + u"/smaps-shown"_s);
        const QString window = windowOf(launch.pid(), env);
        if (window.isEmpty() || !run(u"xdotool"_s, {u"windowfocus"_s, u"--sync"_s, window}, env) ||
            !run(u"xdotool"_s, {u"key"_s, u"F6"_s}, env))
            qFatal("could not type into the window");
        if (!launch.waitFor("horoscope-opened", 10'000)) {
            // The list had its current row already: go to the next one.
            run(u"xdotool"_s, {u"key"_s, u"Down"_s}, env);
            if (!launch.waitFor("horoscope-opened", 10'000))
                qFatal("the editor did not open a horoscope");
        }
        if (!launch.waitFor("spelling-ready", 10'000))
            qFatal("the spell check did not get ready");
        openedMs = launch.reported("horoscope-opened");
        spellingMs = launch.reported("spelling-ready");
        sleepMs(3000);
        opened = memoryOf(launch.pid());
        if (!smapsDir.isEmpty())
            launch.saveSmaps(smapsDir + u"/smaps-opened"_s);
        std::fprintf(stderr,
                     "opened at %.1f ms, spelling ready at %.1f ms (since main()); 3 s later: "
                     "VmRSS %.1f MB, RssAnon %.1f MB, Pss %.1f MB\n",
                     openedMs, spellingMs, opened.rss, opened.anon, opened.pss);
    }
    xvfb.terminate();
    xvfb.waitForFinished();

    print("startup_cold_window_painted_median", median(coldWindow), "ms");
    print("startup_cold_shown_median", median(coldRows), "ms");
    print("startup_warm_window_painted_median", median(warmWindow), "ms");
    print("startup_shown_median", median(warmRows), "ms");
    print("startup_shown_max", *std::max_element(warmRows.cbegin(), warmRows.cend()), "ms");
    print("startup_rss_median", median(rss), "MB");
    print("startup_rss_anon_median", median(anon), "MB");
    print("startup_pss_median", median(pss), "MB");
    print("startup_opened_rss", opened.rss, "MB");
    print("startup_opened_rss_anon", opened.anon, "MB");
    print("startup_opened_pss", opened.pss, "MB");
    // Negative: the dictionaries were in before the horoscope was opened.
    print("startup_spelling_ready_after_open", spellingMs - openedMs, "ms");
    return 0;
}
