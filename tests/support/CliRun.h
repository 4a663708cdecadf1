#pragma once

#include "ConnectionSpec.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

// Runs the built horoscope-admin (HA_EXECUTABLE, defined by the test's CMake target) as a
// script would: no DATABASE_URL, no display, so only the arguments say where to connect.
struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

inline Run cli(const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : {QStringLiteral("DATABASE_URL"), QStringLiteral("DISPLAY"),
                                QStringLiteral("QT_QPA_PLATFORM")})
        env.remove(name);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HA_EXECUTABLE), args);
    Run r;
    if (!p.waitForFinished(60'000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// The --database-url of a test database on its Unix socket.
inline QString urlFor(const ConnectionSpec& spec)
{
    return QStringLiteral("postgresql:///%1?host=%2&user=%3")
        .arg(spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
}
