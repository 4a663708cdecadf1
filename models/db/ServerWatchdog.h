#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>

struct pg_conn;

// A client-side deadline for a server that accepts a connection and then stops answering.
// PostgreSQL's statement_timeout cannot help then (the server is the one that is stuck), and
// TCP keepalives cannot either (the peer's kernel still answers them). libpq traces the
// connection's messages into this object, so it knows when a request went out and whether
// ReadyForQuery came back; a thread of its own looks every 200 ms, and when a request has had
// no message in reply for silenceMs it shuts the socket down. That wakes libpq's blocked poll()
// and the running statement fails with the connection lost; fired() then tells why.
class ServerWatchdog final
{
public:
    explicit ServerWatchdog(int silenceMs);
    ~ServerWatchdog();
    ServerWatchdog(const ServerWatchdog&) = delete;
    ServerWatchdog& operator=(const ServerWatchdog&) = delete;

    int silenceMs() const { return m_silenceMs; }

    // Watches an open connection until unwatch(); both on the thread that uses the connection,
    // and unwatch() before the connection is closed.
    void watch(pg_conn* conn);
    void unwatch();

    // For a phase out of watch()'s reach (Qt's driver logs in and runs statements of its own
    // inside one call): unless disarm() comes within ms, onExpiry runs on the watchdog's thread.
    void arm(int ms, std::function<void()> onExpiry);
    void disarm();

    bool fired() const { return m_fired.load(); }

private:
    static long long nowMs();
    void run();
    void traced(const char* data, std::size_t size); // libpq's trace output, line by line

    const int m_silenceMs;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    int m_socket = -1;
    pg_conn* m_conn = nullptr;
    std::FILE* m_trace = nullptr;
    char m_line[48] = {}; // the start of the trace line being written
    std::size_t m_lineLength = 0;
    std::atomic_bool m_waiting{false};         // a request is out, ReadyForQuery not yet back
    std::atomic<long long> m_lastMessageMs{0}; // either way
    std::chrono::steady_clock::time_point m_phaseDeadline;
    std::function<void()> m_onExpiry;
    std::atomic_bool m_fired{false};
    std::thread m_thread;
};
