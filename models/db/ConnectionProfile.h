#pragma once

#include "ConnectionSpec.h"

#include <QList>
#include <QString>

class QSettings;

// A saved connection. Holds no password: that lives in the system keychain or ~/.pgpass.
struct ConnectionProfile
{
    enum class PasswordPolicy {
        Keychain, // kept in the system keychain
        Ask,      // asked for on every connect
        PgPass,   // left to libpq: ~/.pgpass, PGPASSWORD, or no password at all
    };

    QString name;
    ConnectionSpec spec; // spec.password is always empty here
    PasswordPolicy passwordPolicy = PasswordPolicy::Keychain;

    bool operator==(const ConnectionProfile&) const = default;
};

// Reads and writes profiles in QSettings, stripping any password on the way in.
class ProfileStore final
{
public:
    explicit ProfileStore(QSettings& settings);

    QList<ConnectionProfile> profiles() const;
    bool contains(const QString& name) const;
    ConnectionProfile profile(const QString& name) const;
    void save(const ConnectionProfile& profile);
    void remove(const QString& name);

private:
    QSettings& m_settings;
};
