#include "DemoDatabase.h"

#include "DemoData.h"
#include "Migration.h"
#include "MigrationRunner.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QStandardPaths>
#include <QUuid>

#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

PgCluster::Options DemoDatabase::standardLocation()
{
    PgCluster::Options o;
    if (PgCluster::runningAsRoot()) {
        // The server runs as `postgres`, which cannot enter /root.
        o.dataDir = u"/var/lib/horoscope-admin/demo-cluster"_s;
    } else {
        o.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                    u"/demo-cluster"_s;
    }
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && !PgCluster::runningAsRoot() && QDir(runtime).exists())
        o.socketDir = runtime + u"/horoscope-admin"_s;
    else
        o.socketDir = u"/tmp/horoscope-admin-%1"_s.arg(::geteuid());
    return o;
}

DemoDatabase::DemoDatabase(PgCluster::Options options)
    : m_cluster(std::move(options))
{}

ConnectionSpec DemoDatabase::spec() const
{
    return m_cluster.connectionSpec(databaseName());
}

bool DemoDatabase::start(const std::function<void(const QString&)>& progress, QString* error)
{
    progress(tr("Starting the demo PostgreSQL server…"));
    if (!m_cluster.start(error))
        return false;
    if (!m_cluster.createDatabase(databaseName(), error))
        return false;

    const QString name = u"ha-demo-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        spec().applyTo(db);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            progress(tr("Applying migrations…"));
            QList<Migration> migrations;
            DbError dbError;
            if (!Migration::loadAll(u":/migrations"_s, &migrations, error)) {
                ok = false;
            } else if (MigrationRunner runner(db, migrations, {.createSeedTables = true});
                       !runner.up({}, &dbError)) {
                *error = dbError.message;
            } else {
                progress(tr("Filling in demo data…"));
                ok = DemoData::fill(db, QDate::currentDate(), kDays, error);
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}
