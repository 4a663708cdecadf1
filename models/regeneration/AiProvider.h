#pragma once

#include "DbError.h"

#include <QDate>
#include <QObject>
#include <QString>
#include <functional>

// Where new horoscope texts come from. Asynchronous: generate() answers through the callback on
// the provider's thread, unless cancel() came first.
class AiProvider : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QString sign; // key, e.g. "leo"
        QDate date;
        QString prompt; // the template with its placeholders filled in
    };
    struct Result
    {
        bool ok = false;
        QString text;
        QString error; // translated, never contains the API key
        bool retryable = false;
    };
    using Callback = std::function<void(const Result&)>;

    using QObject::QObject;
    ~AiProvider() override = default;

    virtual QString name() const = 0;        // "openai", "demo"
    virtual QString displayName() const = 0; // shown in the UI
    virtual bool isOffline() const = 0;      // then displayName() says it is offline and not an AI
    virtual void generate(const Request& request, Callback done) = 0;
    virtual void cancel() = 0;

    // The default Russian prompt; {sign}, {sign_name}, {date} and {weekday} are filled in.
    static QString defaultPromptTemplate();
    static QString fillPrompt(const QString& templ, const QString& sign, const QDate& date);
};
