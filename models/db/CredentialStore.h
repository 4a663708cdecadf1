#pragma once

#include <QObject>
#include <QString>
#include <functional>

// Passwords in the system keychain (Secret Service / KWallet through QtKeychain), never in a
// settings file. Every call is asynchronous; the callback runs on the caller's thread.
class CredentialStore final : public QObject
{
    Q_OBJECT
public:
    struct Result
    {
        bool ok = false;
        bool keychainAvailable = true; // false: no keychain on this system; ask each time
        QString password;
        QString error; // translated
    };
    using Callback = std::function<void(const Result&)>;

    explicit CredentialStore(QString service = QStringLiteral("horoscope-admin"),
                             QObject* parent = nullptr);

    void read(const QString& profile, Callback done);
    void write(const QString& profile, const QString& password, Callback done);
    void remove(const QString& profile, Callback done);

private:
    QString m_service;
};
