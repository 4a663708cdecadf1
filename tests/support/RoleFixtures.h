#pragma once

#include "TestCluster.h"

#include <QUuid>

// Roles for the tests that log in as someone else: an attacker, an editor, a reader.

// A role name no other test uses ("prefix_" and ten hex digits).
inline QString uniqueRole(const QString& prefix)
{
    return prefix + QStringLiteral("_") + QUuid::createUuid().toString(QUuid::Id128).left(10);
}

// The same database, logged in as `role`.
inline ConnectionSpec as(ConnectionSpec spec, const QString& role)
{
    spec.user = role;
    return spec;
}

inline bool isSuperuser(const ConnectionSpec& spec, const QString& role)
{
    return TestCluster::scalar(
               spec, QStringLiteral("SELECT rolsuper FROM pg_roles WHERE rolname = '%1'").arg(role))
        .toBool();
}
