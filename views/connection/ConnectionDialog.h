#pragma once

#include "ConnectionProfile.h"

#include <QDialog>

class CredentialStore;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Where to connect: saved profiles, or a URL pasted as the bot's team writes it. A password
// goes to the system keychain or is asked each time; it never reaches the settings file.
class ConnectionDialog final : public QDialog
{
    Q_OBJECT
public:
    ConnectionDialog(ProfileStore* profiles, CredentialStore* credentials,
                     QWidget* parent = nullptr);

    void selectProfile(const QString& name);
    void setUrl(const QString& url); // parses it into the fields, or shows why it cannot
    ConnectionSpec spec() const;     // with the password typed in
    QString profileName() const;
    QString message() const;

    void accept() override;

signals:
    // A keychain read or write finished; problem is empty on success or a translated message.
    void credentialsSettled(const QString& problem);

private:
    void loadProfile(const QString& name);
    void showMessage(const QString& text, bool error);
    void deleteProfile();

    ProfileStore* m_profiles;
    CredentialStore* m_credentials;
    QComboBox* m_profile;
    QLineEdit* m_url;
    QLineEdit* m_host;
    QLineEdit* m_port;
    QLineEdit* m_database;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QComboBox* m_passwordPolicy;
    QComboBox* m_sslmode;
    QLineEdit* m_standby;
    QCheckBox* m_save;
    QLabel* m_message;
    QPushButton* m_delete;
    QList<ConnectionSpec::Option> m_otherOptions;
};
