#pragma once

#include "DbError.h"

#include <functional>
#include <utility>
#include <variant>

// The one answer type of every service: a value, or the error that says why there is none.
// A request the user cancelled is answered with DbError::Kind::Cancelled. DbResult<> (no
// value) answers requests that only succeed or fail.
template <typename T = std::monostate> struct DbResult
{
    T value{};
    DbError error;

    bool ok() const { return !error.isError(); }
    bool cancelled() const { return error.kind == DbError::Kind::Cancelled; }

    static DbResult failure(DbError e)
    {
        DbResult r;
        r.error = std::move(e);
        return r;
    }
};

// What a service calls, exactly once per request, on the GUI thread.
template <typename T = std::monostate> using Reply = std::function<void(DbResult<T>)>;
