#pragma once

#include <QDialog>

class CredentialStore;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class Settings;

// Where regenerated texts come from: the offline demo provider or an OpenAI-compatible
// service (address, model, temperature, timeout), and the prompt. The API key goes to the
// system keychain, never to the settings file; HOROSCOPE_AI_API_KEY overrides it.
class AiSettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    static constexpr const char* kKeychainEntry = "ai-api-key";

    AiSettingsDialog(Settings* settings, CredentialStore* credentials, QWidget* parent = nullptr);
    void accept() override;

signals:
    void keyProblem(const QString& message);

private:
    Settings* m_settings;
    CredentialStore* m_credentials;
    QComboBox* m_provider;
    QLineEdit* m_url;
    QLineEdit* m_model;
    QLineEdit* m_key;
    QDoubleSpinBox* m_temperature;
    QSpinBox* m_timeout;
    QPlainTextEdit* m_prompt;
    QLabel* m_message;
};
