#pragma once

#include <QDialog>
#include <QIcon>
#include <QString>

// Help → About: the version, the licence, the PostgreSQL server the window is connected to and
// where the settings and the demo cluster live. Given plain values, so it knows no database.
class AboutDialog final : public QDialog
{
    Q_OBJECT
public:
    struct Info
    {
        QString version;
        QString serverVersion; // empty: not connected
        QString settingsPath;
        QString demoClusterPath;
    };

    explicit AboutDialog(const Info& info, QWidget* parent = nullptr);

    // The application icon: the installed theme's, or the one built into the binary.
    static QIcon applicationIcon();
};
