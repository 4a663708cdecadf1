#include "AboutDialog.h"
#include "DemoDatabase.h"
#include "TestCluster.h"
#include "WindowFixture.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QTest>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace {

QString labelText(const QWidget* dialog, const QString& name)
{
    const auto* label = dialog->findChild<QLabel*>(name);
    return label ? label->text() : u"(no label %1)"_s.arg(name);
}

QAction* menuAction(QMenuBar* bar, const QString& menuTitle, const QString& actionText)
{
    for (QAction* top : bar->actions()) {
        if (top->text() != menuTitle || !top->menu())
            continue;
        for (QAction* action : top->menu()->actions()) {
            if (action->text() == actionText)
                return action;
        }
    }
    return nullptr;
}

} // namespace

class TestAbout : public QObject
{
    Q_OBJECT
private slots:
    void showsWhatItIsGiven();
    void saysWhenNotConnected();
    void iconIsBuiltInAtEveryThemeSize();
    void helpMenuShowsTheConnectedServer();
};

void TestAbout::showsWhatItIsGiven()
{
    AboutDialog dialog({.version = u"9.8.7"_s,
                        .serverVersion = u"15.9 (Debian 15.9-0+deb12u1)"_s,
                        .settingsPath = u"/home/a/.config/horoscope-admin/horoscope-admin.conf"_s,
                        .demoClusterPath = u"/home/a/.local/share/demo-cluster"_s});
    QVERIFY(labelText(&dialog, u"title"_s).contains(u"9.8.7"));
    QVERIFY(labelText(&dialog, u"version"_s).startsWith(u"9.8.7 (Qt 6."));
    QVERIFY(labelText(&dialog, u"licence"_s).contains(u"MIT"));
    QCOMPARE(labelText(&dialog, u"serverVersion"_s), u"15.9 (Debian 15.9-0+deb12u1)"_s);
    QCOMPARE(labelText(&dialog, u"settingsPath"_s),
             u"/home/a/.config/horoscope-admin/horoscope-admin.conf"_s);
    QCOMPARE(labelText(&dialog, u"demoClusterPath"_s), u"/home/a/.local/share/demo-cluster"_s);
}

void TestAbout::saysWhenNotConnected()
{
    AboutDialog dialog({.version = u"1.0.0"_s,
                        .serverVersion = {},
                        .settingsPath = u"/s"_s,
                        .demoClusterPath = u"/d"_s});
    QCOMPARE(labelText(&dialog, u"serverVersion"_s), u"not connected"_s);
}

void TestAbout::iconIsBuiltInAtEveryThemeSize()
{
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) {
        const QString file = u":/icons/horoscope-admin-%1.png"_s.arg(size);
        QVERIFY2(QFile::exists(file), qPrintable(file));
        QCOMPARE(QImage(file).size(), QSize(size, size));
    }
    QVERIFY(!AboutDialog::applicationIcon().pixmap(48, 48).isNull());
}

// Help → About is reachable from the keyboard (Alt+H, A), opens without blocking the window
// (no nested event loop) and shows the server this window is connected to.
void TestAbout::helpMenuShowsTheConnectedServer()
{
    REQUIRE_CLUSTER();
    QCoreApplication::setApplicationVersion(u"4.5.6"_s);
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"about"_s);
    WindowFixture f(spec);
    QTRY_VERIFY(f.window->connectionText().contains(u"PostgreSQL"));
    const QString serverVersion = f.database.serverInfo().serverVersion;
    QVERIFY(serverVersion.startsWith(u"15"));

    QAction* about = menuAction(f.window->menuBar(), u"&Help"_s, u"&About Horoscope Admin"_s);
    QVERIFY(about);
    bool inTrigger = true;
    bool blocked = false;
    // Fires inside trigger() only if it runs an event loop of its own (a modal exec()).
    QTimer::singleShot(0, this, [&] {
        if (!inTrigger)
            return;
        blocked = true;
        if (QWidget* modal = QApplication::activeModalWidget())
            modal->close();
    });
    about->trigger();
    inTrigger = false;
    QVERIFY2(!blocked, "Help → About ran a nested event loop");

    auto* dialog = f.window->findChild<AboutDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(labelText(dialog, u"serverVersion"_s), serverVersion);
    QCOMPARE(labelText(dialog, u"settingsPath"_s), f.qsettings.fileName());
    QCOMPARE(labelText(dialog, u"demoClusterPath"_s), DemoDatabase::standardLocation().dataDir);
    QVERIFY(labelText(dialog, u"version"_s).startsWith(u"4.5.6 (Qt "));
    dialog->close();
}

QTEST_MAIN(TestAbout)
#include "tst_about.moc"
