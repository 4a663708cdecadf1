#include "ConnectProbe.h"

#include <QByteArrayList>
#include <QRegularExpression>
#include <poll.h>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

namespace {

// With PQERRORS_SQLSTATE libpq reports "SEVERITY:  SQLSTATE" (the severity in the server's
// language), so the code is the last word.
QString sqlStateOf(const char* message)
{
    static const QRegularExpression code(u"\\b([0-9A-Z]{5})\\s*$"_s);
    const QRegularExpressionMatch m = code.match(QString::fromUtf8(message).trimmed());
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace

ConnectProbe ConnectProbe::run(const ConnectionSpec& spec)
{
    ConnectProbe probe;
    QByteArrayList keys;
    QByteArrayList values;
    for (const auto& [key, value] : spec.libpqParameters()) {
        keys << key.toUtf8();
        values << value.toUtf8();
    }
    std::vector<const char*> k;
    std::vector<const char*> v;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        k.push_back(keys.at(i).constData());
        v.push_back(values.at(i).constData());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);
    PGconn* conn = PQconnectStartParams(k.data(), v.data(), 0);
    if (!conn)
        return probe;
    PQsetErrorVerbosity(conn, PQERRORS_SQLSTATE);
    const int timeoutMs = spec.option(u"connect_timeout"_s).isEmpty()
                              ? 10'000
                              : std::max(2, spec.option(u"connect_timeout"_s).toInt()) * 1000;
    PostgresPollingStatusType status = PGRES_POLLING_WRITING;
    bool tlsStarted = false; // libpq asked the server for TLS: it was reached
    while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED) {
        pollfd fd{PQsocket(conn),
                  static_cast<short>(status == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
        if (fd.fd < 0 || ::poll(&fd, 1, timeoutMs) <= 0)
            break; // no answer in time: nothing more to learn
        status = PQconnectPoll(conn);
        tlsStarted = tlsStarted || PQstatus(conn) == CONNECTION_SSL_STARTUP;
    }
    if (PQconninfoOption* options = PQconninfo(conn)) {
        for (PQconninfoOption* o = options; o->keyword; ++o) {
            if (qstrcmp(o->keyword, "sslmode") == 0 && o->val)
                probe.sslMode = QString::fromUtf8(o->val);
        }
        PQconninfoFree(options);
    }
    probe.connected = PQstatus(conn) == CONNECTION_OK;
    probe.sqlState = probe.connected ? QString() : sqlStateOf(PQerrorMessage(conn));
    // With sslmode=prefer or allow libpq goes on without TLS; only a required TLS that failed
    // ends the attempt there.
    const bool tlsRequired = probe.sslMode == u"require" || probe.sslMode == u"verify-ca" ||
                             probe.sslMode == u"verify-full";
    probe.tlsFailed = tlsRequired && tlsStarted && status == PGRES_POLLING_FAILED &&
                      !probe.connected && probe.sqlState.isEmpty();
    probe.needsPassword = PQconnectionNeedsPassword(conn) != 0;
    probe.usedPassword = PQconnectionUsedPassword(conn) != 0;
    PQfinish(conn);
    return probe;
}
