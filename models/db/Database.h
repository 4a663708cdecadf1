#pragma once

#include "ConnectionSpec.h"
#include "ConnectionState.h"
#include "DbError.h"
#include "ServerInfo.h"

#include <QObject>
#include <memory>

class DatabaseWorker;

// The window's connection to one database, as the views see it: where it is, whether it is
// up, what the role may do. Views never run SQL themselves: they ask the feature services
// (HoroscopeService, TrendsService, ExportService, MigrationService, RegenerationBatch), which
// run it here, on a thread of the connection's own, and answer on the GUI thread.
class Database final : public QObject
{
    Q_OBJECT
public:
    using State = Connection::State;

    explicit Database(ConnectionSpec spec, QObject* parent = nullptr);
    // Never waits for a connection attempt or a query still under way (see DatabaseWorker).
    ~Database() override;

    void setTiming(const Connection::Timing& timing); // before start()
    void start();

    State state() const;
    const DbError& lastError() const;
    const ServerInfo& serverInfo() const;
    // With the person of setPerson(): every later request records them in the history.
    ConnectionSpec spec() const;
    void setPerson(const QString& person);
    // The revisions table is there and this role may read it.
    bool historyReadable() const;

    void retry();             // after State::Failed: the user fixed the server or the network
    void refreshServerInfo(); // after migrations, or a refusal that says privileges changed

signals:
    void stateChanged(Connection::State state);
    void serverInfoChanged(const ServerInfo& info);

private:
    friend class Service;
    std::unique_ptr<DatabaseWorker> m_worker;
    QString m_person;
};
