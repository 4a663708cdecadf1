#include "OpenAiProvider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

OpenAiProvider::OpenAiProvider(Config config, QObject* parent)
    : AiProvider(parent)
    , m_config(std::move(config))
    , m_network(new QNetworkAccessManager(this))
{}

QString OpenAiProvider::displayName() const
{
    return tr("%1 at %2").arg(m_config.model, m_config.baseUrl.host());
}

QString OpenAiProvider::apiKeyFromEnvironment()
{
    const QString key = qEnvironmentVariable("HOROSCOPE_AI_API_KEY");
    return key.isEmpty() ? qEnvironmentVariable("OPENAI_API_KEY") : key;
}

void OpenAiProvider::generate(const Request& request, Callback done)
{
    attempt(request, std::move(done), 1);
}

void OpenAiProvider::cancel()
{
    ++m_generation;
    const auto replies = m_inFlight;
    m_inFlight.clear();
    for (const QPointer<QNetworkReply>& reply : replies) {
        if (reply)
            reply->abort();
    }
}

void OpenAiProvider::attempt(const Request& request, Callback done, int attemptNo)
{
    QUrl url = m_config.baseUrl;
    url.setPath(url.path().endsWith(u'/') ? url.path() + u"chat/completions"_s
                                          : url.path() + u"/chat/completions"_s);
    QNetworkRequest http(url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (!m_config.apiKey.isEmpty())
        http.setRawHeader("Authorization", "Bearer " + m_config.apiKey.toUtf8());
    http.setTransferTimeout(m_config.timeoutMs);
    const QJsonObject body{
        {u"model"_s, m_config.model},
        {u"temperature"_s, m_config.temperature},
        {u"messages"_s,
         QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, request.prompt}}}},
    };
    QNetworkReply* reply =
        m_network->post(http, QJsonDocument(body).toJson(QJsonDocument::Compact));
    m_inFlight << reply;
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::finished, this, [=, this] {
        reply->deleteLater();
        m_inFlight.removeAll(reply);
        if (generation != m_generation)
            return; // cancelled
        int retryAfterMs = 0;
        Result r = interpret(reply, &retryAfterMs);
        if (!r.ok && r.retryable && attemptNo < m_config.maxAttempts) {
            const int backoff =
                std::max(retryAfterMs, m_config.firstBackoffMs * (1 << (attemptNo - 1)));
            QTimer::singleShot(backoff, this, [=, this] {
                if (generation == m_generation)
                    attempt(request, done, attemptNo + 1);
            });
            return;
        }
        done(r);
    });
}

OpenAiProvider::Result OpenAiProvider::interpret(QNetworkReply* reply, int* retryAfterMs) const
{
    Result r;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray data = reply->isOpen() ? reply->readAll() : QByteArray();
    if (reply->error() == QNetworkReply::OperationCanceledError ||
        reply->error() == QNetworkReply::TimeoutError) {
        r.error = tr("The AI service did not answer within %1 s.").arg(m_config.timeoutMs / 1000);
        r.retryable = true;
        return r;
    }
    if (status == 401 || status == 403) {
        r.error = tr("The AI service refused the API key (HTTP %1). Set a valid key in "
                     "HOROSCOPE_AI_API_KEY or in Settings → AI provider.")
                      .arg(status);
        return r;
    }
    if (status == 429 || status >= 500) {
        r.retryable = true;
        *retryAfterMs = reply->rawHeader("Retry-After").toInt() * 1000;
        r.error = status == 429 ? tr("The AI service is rate limiting us (HTTP 429).")
                                : tr("The AI service failed (HTTP %1).").arg(status);
        return r;
    }
    if (reply->error() != QNetworkReply::NoError && status == 0) {
        r.error = tr("Could not reach the AI service: %1").arg(reply->errorString());
        r.retryable = true;
        return r;
    }
    if (status != 200) {
        r.error = tr("The AI service answered HTTP %1.").arg(status);
        return r;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    const QJsonObject choice = doc.object().value(u"choices"_s).toArray().at(0).toObject();
    const QJsonValue refusal = choice.value(u"message"_s).toObject().value(u"refusal"_s);
    if (refusal.isString() && !refusal.toString().isEmpty()) {
        r.error = tr("The AI model refused: %1").arg(refusal.toString().left(300));
        return r;
    }
    // Cut off (length) or filtered answers are not horoscopes, however much text they have.
    const QString finish = choice.value(u"finish_reason"_s).toString();
    if (!finish.isEmpty() && finish != u"stop") {
        r.error = tr("The AI service stopped the answer early (finish_reason \"%1\"); nothing "
                     "was written.")
                      .arg(finish);
        return r;
    }
    const QJsonValue content = doc.object()
                                   .value(u"choices"_s)
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(u"message"_s)
                                   .toObject()
                                   .value(u"content"_s);
    if (parseError.error != QJsonParseError::NoError || !content.isString()) {
        r.error = tr("The AI service sent an answer that is not a chat completion; nothing "
                     "was written.");
        return r;
    }
    const QString text = content.toString().trimmed();
    if (text.isEmpty()) {
        r.error = tr("The AI service sent an empty text; nothing was written.");
        return r;
    }
    r.ok = true;
    r.text = text;
    return r;
}
