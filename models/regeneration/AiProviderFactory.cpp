#include "AiProviderFactory.h"

#include "DemoAiProvider.h"
#include "OpenAiProvider.h"
#include "Settings.h"

#include <QUrl>

AiProvider* AiProviderFactory::create(const Settings& settings, const Overrides& overrides,
                                      const QString& apiKey, QObject* parent, QString* error)
{
    const QString name = overrides.provider.isEmpty()
                             ? settings.value(Settings::Key::AiProvider).toString()
                             : overrides.provider;
    if (name == QLatin1String("demo"))
        return new DemoAiProvider(150, parent);
    if (name != QLatin1String("openai")) {
        *error = tr("Unknown AI provider \"%1\". Use demo or openai.").arg(name);
        return nullptr;
    }
    OpenAiProvider::Config config;
    const QString base = overrides.baseUrl.isEmpty()
                             ? settings.value(Settings::Key::AiBaseUrl).toString()
                             : overrides.baseUrl;
    config.baseUrl = QUrl(base, QUrl::StrictMode);
    if (!config.baseUrl.isValid() || !config.baseUrl.scheme().startsWith(QLatin1String("http"))) {
        *error = tr("The AI provider address \"%1\" is not an http(s) URL such as "
                    "https://api.openai.com/v1.")
                     .arg(base);
        return nullptr;
    }
    config.model = overrides.model.isEmpty() ? settings.value(Settings::Key::AiModel).toString()
                                             : overrides.model;
    config.temperature = settings.value(Settings::Key::AiTemperature).toDouble();
    config.timeoutMs = settings.value(Settings::Key::AiTimeoutSeconds).toInt() * 1000;
    config.apiKey = apiKey;
    return new OpenAiProvider(config, parent);
}

QString AiProviderFactory::promptTemplate(const Settings& settings)
{
    const QString custom = settings.value(Settings::Key::PromptTemplate).toString();
    return custom.trimmed().isEmpty() ? AiProvider::defaultPromptTemplate() : custom;
}
