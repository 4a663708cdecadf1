#include "CommandConnection.h"

#include "DbError.h"
#include "DemoDatabase.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <cstdio>

namespace {

const QString kConnectionName = QStringLiteral("ha-cli");

} // namespace

CommandConnection::CommandConnection(bool demo, QString databaseUrl)
    : m_useDemo(demo)
    , m_url(std::move(databaseUrl))
{}

CommandConnection::~CommandConnection()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(kConnectionName);
    }
}

int CommandConnection::fail(const QString& message)
{
    // One line, so scripts can log it as is.
    std::fprintf(stderr, "horoscope-admin: %s\n", qPrintable(message.simplified()));
    return 1;
}

bool CommandConnection::open()
{
    QString error;
    if (m_useDemo) {
        m_demo = std::make_unique<DemoDatabase>();
        const auto progress = [](const QString& m) { std::fprintf(stderr, "%s\n", qPrintable(m)); };
        if (!m_demo->start(progress, &error)) {
            fail(tr("Could not start the demo database: %1").arg(error));
            return false;
        }
        m_spec = m_demo->spec();
    } else if (!ConnectionSpec::parse(m_url, &m_spec, &error)) {
        fail(error);
        return false;
    }
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), kConnectionName);
    m_spec.applyTo(m_db);
    QElapsedTimer took;
    took.start();
    if (!m_db.open()) {
        fail(DbError::fromConnect(m_db.lastError(), m_spec, took.elapsed()).message);
        return false;
    }
    return true;
}
