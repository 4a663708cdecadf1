#pragma once

#include <QCoreApplication>
#include <QString>

class AiProvider;
class QObject;
class Settings;

// Builds the provider the settings (or the command line) name. The API key is passed in: it
// comes from the environment or the keychain, never from the settings file.
class AiProviderFactory final
{
    Q_DECLARE_TR_FUNCTIONS(AiProviderFactory)
public:
    struct Overrides
    {
        QString provider; // empty: the settings' choice
        QString baseUrl;
        QString model;
    };

    static AiProvider* create(const Settings& settings, const Overrides& overrides,
                              const QString& apiKey, QObject* parent, QString* error);
    static QString promptTemplate(const Settings& settings);
};
