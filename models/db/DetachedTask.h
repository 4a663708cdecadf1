#pragma once

#include <functional>

// Work that may wait on a server that no longer answers, with no timeout of its own: libpq's
// PQcancel (before PostgreSQL 17's PQcancelCreate) opens a connection to the postmaster and
// waits for it to close. It runs on a thread of its own that nobody joins, so quitting never
// waits for it; Qt's global thread pool would not do: ~QCoreApplication waits for it to drain.
// The work must own everything it touches (capture by value, shared_ptr): it may outlive the
// object that started it, up to the end of the process.
namespace DetachedTask {

// Returns false when no thread could be started (the work is then not done).
bool start(std::function<void()> work);

} // namespace DetachedTask
