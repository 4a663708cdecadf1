#pragma once

#include "AiProvider.h"

#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

// An OpenAI-compatible chat-completions client: OpenAI itself and the many services and local
// servers that speak the same API. Rate limits (429) and server errors are retried with
// backoff; every request has a timeout; an empty, malformed or refused answer is an error,
// never a text.
class OpenAiProvider final : public AiProvider
{
    Q_OBJECT
public:
    struct Config
    {
        QUrl baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
        QString model = QStringLiteral("gpt-4o-mini");
        QString apiKey; // from the environment or the keychain; never saved in settings
        double temperature = 0.8;
        int timeoutMs = 60'000;
        int maxAttempts = 4;
        int firstBackoffMs = 1'000;
    };

    explicit OpenAiProvider(Config config, QObject* parent = nullptr);

    QString name() const override { return QStringLiteral("openai"); }
    QString displayName() const override;
    bool isOffline() const override { return false; }
    void generate(const Request& request, Callback done) override;
    void cancel() override;

    const Config& config() const { return m_config; }
    // HOROSCOPE_AI_API_KEY, else OPENAI_API_KEY.
    static QString apiKeyFromEnvironment();

private:
    void attempt(const Request& request, Callback done, int attemptNo);
    Result interpret(QNetworkReply* reply, int* retryAfterMs) const;

    Config m_config;
    QNetworkAccessManager* m_network;
    QList<QPointer<QNetworkReply>> m_inFlight;
    quint64 m_generation = 0; // bumped by cancel(): older answers and retries are dropped
};
