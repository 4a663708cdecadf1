#include "Database.h"

#include "DatabaseWorker.h"
#include "StandbyMonitor.h"

Database::Database(ConnectionSpec spec, QObject* parent)
    : QObject(parent)
    , m_person(spec.person)
    , m_dayTimer(new QTimer(this))
    , m_today(QDate::currentDate())
    , m_clientToday(m_today)
{
    // A day turns over at either end: looked at twice a minute, which costs nothing.
    m_dayTimer->setInterval(30'000);
    connect(m_dayTimer, &QTimer::timeout, this, &Database::checkToday);
    m_dayTimer->start();
    connect(this, &Database::serverInfoChanged, this, &Database::checkToday);
    m_worker = std::make_unique<DatabaseWorker>(std::move(spec));
    connect(m_worker.get(), &DatabaseWorker::stateChanged, this, &Database::stateChanged);
    const auto up = [this](State state) {
        if (state == State::Connected)
            emit connectionUp();
    };
    connect(m_worker.get(), &DatabaseWorker::stateChanged, this, up);
    connect(m_worker.get(), &DatabaseWorker::serverInfoChanged, this, &Database::serverInfoChanged);
    const ConnectionSpec& primary = m_worker->spec();
    if (primary.hasStandby()) {
        m_reads = std::make_unique<DatabaseWorker>(primary.readTargets());
        connect(m_reads.get(), &DatabaseWorker::stateChanged, this, up);
        m_standby = std::make_unique<StandbyMonitor>(m_worker.get(), m_reads.get());
        connect(m_standby.get(), &StandbyMonitor::statusChanged, this,
                &Database::readStatusChanged);
    }
}

Database::~Database() = default;

void Database::setTiming(const Connection::Timing& timing)
{
    m_worker->setTiming(timing);
    if (m_reads) {
        m_reads->setTiming(timing);
        m_standby->setInterval(timing.standbyStatusMs);
    }
}

void Database::start()
{
    m_worker->start();
    if (m_reads) {
        m_reads->start();
        m_standby->start();
    }
}

bool Database::hasStandby() const
{
    return m_reads != nullptr;
}

ReadStatus Database::readStatus() const
{
    return m_standby ? m_standby->status() : ReadStatus();
}

bool Database::readsPinned() const
{
    return m_standby && m_standby->pinned();
}

DatabaseWorker* Database::readWorker() const
{
    return m_reads && !readsPinned() ? m_reads.get() : m_worker.get();
}

QList<ConnectionSpec> Database::readTargets() const
{
    if (m_reads && !readsPinned())
        return spec().readTargets();
    return {spec()};
}

quint64 Database::unconfirmedWriteLsn() const
{
    return m_standby ? m_standby->unconfirmedLsn() : 0;
}

void Database::standbyBehind()
{
    if (m_standby)
        m_standby->check();
}

void Database::noteWrite(const QString& walLsn)
{
    if (m_standby && !walLsn.isEmpty())
        m_standby->noteWrite(walLsn);
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
    if (m_reads)
        m_reads->retry();
}

void Database::refreshServerInfo()
{
    m_worker->refreshServerInfo();
}

QDate Database::today() const
{
    const QDate server = serverInfo().today();
    return server.isValid() ? server : QDate::currentDate();
}

void Database::checkToday()
{
    const QDate now = today();
    const QDate client = QDate::currentDate();
    if (now == m_today && client == m_clientToday)
        return;
    m_today = now;
    m_clientToday = client;
    emit todayChanged(now);
}
