#pragma once

#include "DbError.h"
#include "TestCluster.h"
#include "ViewTrends.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QStringList>
#include <QUrl>

// The trends of a test database, read as the page reads them.
inline ViewTrends load(const ConnectionSpec& spec, const QDate& from, const QDate& to,
                       ViewTrends::Bucket bucket)
{
    ViewTrends t;
    QSqlDatabase db = TestCluster::open(spec);
    {
        DbError error;
        ViewTrends::Range r{from, to, bucket};
        if (!ViewTrends::load(db, spec, r, &t, &error))
            qWarning("%s", qPrintable(error.message));
    }
    TestCluster::close(db);
    return t;
}

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

// horoscope-admin (HA_EXECUTABLE) with --database-url of spec, no display: the command picks
// the offscreen platform itself. workDir: where a default file name lands.
inline Run run(const ConnectionSpec& spec, const QStringList& args, const QString& workDir = {})
{
    QProcess p;
    const QString url =
        QStringLiteral("postgresql:///%1?host=%2&user=%3")
            .arg(spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    p.setProcessEnvironment(env);
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(QStringLiteral(HA_EXECUTABLE),
            QStringList{QStringLiteral("--database-url"), url} + args);
    p.waitForFinished(60'000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}
