#include "ServerWatchdog.h"

#include <cstring>
#include <sys/socket.h>

#include <libpq-fe.h>

ServerWatchdog::ServerWatchdog(int silenceMs)
    : m_silenceMs(silenceMs)
    , m_thread([this] { run(); })
{}

ServerWatchdog::~ServerWatchdog()
{
    unwatch();
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

long long ServerWatchdog::nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void ServerWatchdog::watch(pg_conn* conn)
{
    unwatch();
    if (!conn || PQstatus(conn) != CONNECTION_OK)
        return;
    cookie_io_functions_t io{};
    io.write = [](void* self, const char* data, std::size_t size) -> ssize_t {
        static_cast<ServerWatchdog*>(self)->traced(data, size);
        return static_cast<ssize_t>(size);
    };
    std::FILE* trace = fopencookie(this, "w", io);
    if (!trace)
        return;
    setvbuf(trace, nullptr, _IOLBF, 4096); // one call per message, mostly
    m_lineLength = 0;
    m_waiting = false;
    m_lastMessageMs = nowMs();
    PQtrace(conn, trace);
    PQsetTraceFlags(conn, PQTRACE_SUPPRESS_TIMESTAMPS); // after PQtrace(), which resets them
    std::lock_guard lock(m_mutex);
    m_conn = conn;
    m_trace = trace;
    m_socket = PQsocket(conn);
}

void ServerWatchdog::unwatch()
{
    std::FILE* trace = nullptr;
    {
        // Under the lock: once this returns, no shutdown() can reach a socket number that the
        // caller is about to close (and the system may then hand out again).
        std::lock_guard lock(m_mutex);
        if (m_conn)
            PQuntrace(m_conn);
        m_conn = nullptr;
        m_socket = -1;
        trace = m_trace;
        m_trace = nullptr;
    }
    if (trace)
        std::fclose(trace);
}

// libpq 14+ writes one line per message: "F\t<length>\t<Name>…" for what goes to the server,
// "B\t<length>\t<Name>…" for what comes back. Only the start of each line matters.
void ServerWatchdog::traced(const char* data, std::size_t size)
{
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] != '\n') {
            if (m_lineLength < sizeof m_line - 1)
                m_line[m_lineLength++] = data[i];
            continue;
        }
        m_line[m_lineLength] = '\0';
        m_lineLength = 0;
        // A message starts "F\t<digits>\t" or "B\t<digits>\t"; other lines continue a
        // message whose text has line breaks.
        const char direction = m_line[0];
        if ((direction != 'F' && direction != 'B') || m_line[1] != '\t')
            continue;
        const char* digits = m_line + 2;
        const char* end = digits + std::strspn(digits, "0123456789");
        if (end == digits || *end != '\t')
            continue;
        if (direction == 'F')
            m_waiting = true;
        else if (std::strncmp(end + 1, "ReadyForQuery", 13) == 0)
            m_waiting = false;
        m_lastMessageMs = nowMs();
    }
}

void ServerWatchdog::arm(int ms, std::function<void()> onExpiry)
{
    std::lock_guard lock(m_mutex);
    m_phaseDeadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    m_onExpiry = std::move(onExpiry);
}

void ServerWatchdog::disarm()
{
    std::lock_guard lock(m_mutex);
    m_onExpiry = nullptr;
}

void ServerWatchdog::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        m_wake.wait_for(lock, std::chrono::milliseconds(200));
        if (m_stop)
            break;
        if (m_onExpiry && std::chrono::steady_clock::now() >= m_phaseDeadline) {
            m_fired = true;
            auto onExpiry = std::move(m_onExpiry);
            m_onExpiry = nullptr;
            onExpiry();
        }
        if (m_socket >= 0 && m_waiting && nowMs() - m_lastMessageMs >= m_silenceMs) {
            m_fired = true;
            ::shutdown(m_socket, SHUT_RDWR);
            m_socket = -1;
        }
    }
}
