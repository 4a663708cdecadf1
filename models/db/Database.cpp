#include "Database.h"

#include "DatabaseWorker.h"

Database::Database(ConnectionSpec spec, QObject* parent)
    : QObject(parent)
    , m_person(spec.person)
{
    m_worker = std::make_unique<DatabaseWorker>(std::move(spec));
    connect(m_worker.get(), &DatabaseWorker::stateChanged, this, &Database::stateChanged);
    connect(m_worker.get(), &DatabaseWorker::serverInfoChanged, this, &Database::serverInfoChanged);
}

Database::~Database() = default;

void Database::setTiming(const Connection::Timing& timing)
{
    m_worker->setTiming(timing);
}

void Database::start()
{
    m_worker->start();
}

Database::State Database::state() const
{
    return m_worker->state();
}

const DbError& Database::lastError() const
{
    return m_worker->lastError();
}

const ServerInfo& Database::serverInfo() const
{
    return m_worker->serverInfo();
}

ConnectionSpec Database::spec() const
{
    ConnectionSpec spec = m_worker->spec();
    spec.person = m_person;
    return spec;
}

void Database::setPerson(const QString& person)
{
    m_person = person;
}

bool Database::historyReadable() const
{
    const ServerInfo& info = serverInfo();
    return info.hasRevisionsTable && info.privileges.may(Privileges::Action::ReadHistory);
}

void Database::retry()
{
    m_worker->retry();
}

void Database::refreshServerInfo()
{
    m_worker->refreshServerInfo();
}
