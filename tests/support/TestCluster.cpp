#include "TestCluster.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

TestCluster& TestCluster::instance()
{
    static TestCluster cluster;
    return cluster;
}

TestCluster::TestCluster()
    : m_dir(u"/tmp/ha-test-XXXXXX"_s)
{
    if (!m_dir.isValid()) {
        m_error = u"could not create a temporary directory"_s;
        return;
    }
    if (!PgCluster::preparePrivateDir(m_dir.path(), &m_error))
        return;
    PgCluster::Options o;
    o.dataDir = m_dir.path() + u"/data"_s;
    o.socketDir = m_dir.path() + u"/s"_s;
    o.durable = false;
    m_cluster = std::make_unique<PgCluster>(o);
    m_ready = m_cluster->start(&m_error);
    // Stop the server before the temporary directory goes away.
    qAddPostRoutine([] { instance().m_cluster.reset(); });
}

ConnectionSpec TestCluster::freshDatabase(const QString& prefix)
{
    const QString name =
        u"%1_%2_%3"_s.arg(prefix).arg(QCoreApplication::applicationPid()).arg(++m_counter);
    QString error;
    if (!m_cluster->createDatabase(name, &error))
        qFatal("could not create database %s: %s", qPrintable(name), qPrintable(error));
    return m_cluster->connectionSpec(name);
}

QSqlDatabase TestCluster::open(const ConnectionSpec& spec, QString* name)
{
    const QString connName = u"test-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (name)
        *name = connName;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connName);
    spec.applyTo(db);
    if (!db.open())
        qWarning("could not open %s: %s", qPrintable(spec.displayName()),
                 qPrintable(db.lastError().text()));
    return db;
}

void TestCluster::close(QSqlDatabase& db)
{
    const QString name = db.connectionName();
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
}

QString TestCluster::execute(const ConnectionSpec& spec, const QString& sql)
{
    QString error;
    {
        QSqlDatabase db = open(spec);
        QSqlQuery q(db);
        if (!q.exec(sql))
            error = q.lastError().text();
        close(db);
    }
    return error;
}

QVariant TestCluster::scalar(const ConnectionSpec& spec, const QString& sql)
{
    QVariant value;
    {
        QSqlDatabase db = open(spec);
        QSqlQuery q(db);
        if (q.exec(sql) && q.next())
            value = q.value(0);
        else
            qWarning("query failed: %s", qPrintable(q.lastError().text()));
        close(db);
    }
    return value;
}
