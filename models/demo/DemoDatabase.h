#pragma once

#include "ConnectionSpec.h"
#include "PgCluster.h"

#include <QCoreApplication>
#include <functional>
#include <memory>

// The embedded demo: a private cluster in the user's data directory, migrated and filled with
// demo data. Stopped again when this object goes away, if it started the server.
class DemoDatabase final
{
    Q_DECLARE_TR_FUNCTIONS(DemoDatabase)
public:
    static PgCluster::Options standardLocation();

    explicit DemoDatabase(PgCluster::Options options = standardLocation());

    // Slow (initdb on the first run): call it off the GUI thread.
    bool start(const std::function<void(const QString&)>& progress, QString* error);
    ConnectionSpec spec() const;
    PgCluster& cluster() { return m_cluster; }

    static constexpr int kDays = 180;
    static QString databaseName() { return QStringLiteral("horoscopes"); }

private:
    PgCluster m_cluster;
};
