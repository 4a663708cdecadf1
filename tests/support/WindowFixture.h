#pragma once

#include "Database.h"
#include "HoroscopeBrowser.h"
#include "HoroscopeEditor.h"
#include "MainWindow.h"
#include "Migration.h"
#include "MigrationService.h"
#include "Settings.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

// The migrations built into the app.
inline QList<Migration> builtInMigrations()
{
    QList<Migration> list;
    QString error;
    Migration::loadAll(QStringLiteral(":/migrations"), &list, &error);
    return list;
}

// A main window on a database, wired as the app wires it, with settings in a temporary file
// and a worker that notices a lost server within a fraction of a second. For GUI tests.
struct WindowFixture
{
    explicit WindowFixture(const ConnectionSpec& spec,
                           const QList<Migration>& migrations = builtInMigrations())
        : qsettings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat)
        , settings(&qsettings)
        , database(spec)
        , service(spec, migrations)
    {
        Connection::Timing t;
        t.healthCheckMs = 200;
        t.firstRetryMs = 100;
        t.maxRetryMs = 400;
        t.standbyStatusMs = 200;
        t.firstTargetRetryMs = 300;
        database.setTiming(t);
        database.start(); // before the window, as AppController does
        window = std::make_unique<MainWindow>(&database, &service, &settings);
        window->show();
    }

    HoroscopeBrowser* browser() const { return window->browser(); }
    HoroscopeEditor* editor() const { return window->browser()->editor(); }
    HoroscopeTableModel* model() const { return window->browser()->model(); }

    QTemporaryDir dir;
    QSettings qsettings;
    Settings settings;
    Database database;
    MigrationService service;
    std::unique_ptr<MainWindow> window;
};

// Opens a horoscope in the window's editor and waits until it is there and idle.
inline void openAndWait(WindowFixture& f, int id)
{
    f.browser()->openHoroscope(id);
    QTRY_COMPARE(f.editor()->currentId(), id);
    QTRY_VERIFY(!f.editor()->isBusy());
}
