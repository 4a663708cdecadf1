#pragma once

#include "ConnectionSpec.h"
#include "PgCluster.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QTemporaryDir>
#include <memory>

// Prints the driver's error when a database call fails (after qtbase's tst_qsqltablemodel).
#define QVERIFY_SQL(q, stmt) QVERIFY2((q).stmt, qPrintable((q).lastError().text()))

// One private, throwaway PostgreSQL cluster per test executable (the same PgCluster code that
// runs the app's demo database). Each test asks for a fresh database of its own.
class TestCluster final
{
public:
    static TestCluster& instance();

    bool isReady() const { return m_ready; }
    const QString& error() const { return m_error; }
    PgCluster& cluster() { return *m_cluster; }
    QString baseDir() const { return m_dir.path(); }

    // A new empty database with a unique name; its connection spec.
    ConnectionSpec freshDatabase(const QString& prefix = QStringLiteral("t"));

    // A connection on the calling thread under a unique name; remove with closeDatabase().
    static QSqlDatabase open(const ConnectionSpec& spec, QString* name = nullptr);
    static void close(QSqlDatabase& db);

    // Runs SQL on a short-lived connection; returns the error text or an empty string.
    static QString execute(const ConnectionSpec& spec, const QString& sql);
    static QVariant scalar(const ConnectionSpec& spec, const QString& sql);

private:
    TestCluster();
    QTemporaryDir m_dir;
    std::unique_ptr<PgCluster> m_cluster;
    bool m_ready = false;
    QString m_error;
    int m_counter = 0;
};

// Starts the shared cluster, or fails the test with the reason it could not start.
#define REQUIRE_CLUSTER()                                                                          \
    do {                                                                                           \
        if (!TestCluster::instance().isReady())                                                    \
            QFAIL(qPrintable(TestCluster::instance().error()));                                    \
    } while (false)
