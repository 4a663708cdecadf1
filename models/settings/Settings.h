#pragma once

#include <QSettings>
#include <QString>
#include <QVariant>

// One place for every settings key and its default, instead of strings scattered in widgets.
class Settings final
{
public:
    enum class Key {
        Language,    // "system", "en" or "ru"; takes effect on the next start
        LastProfile, // name of the profile used last
        WindowGeometry,
        LastPage,   // object name of the main window's page shown last
        AiProvider, // "demo" or "openai"
        AiBaseUrl,  // an OpenAI-compatible endpoint, up to /v1
        AiModel,
        AiTemperature,
        AiTimeoutSeconds,
        PromptTemplate,
        BrowserColumns, // the horoscope list's header state: widths, order, hidden columns
        PersonName,     // who is editing, recorded in the history; empty: the login name
    };

    explicit Settings(QSettings* backend = nullptr); // nullptr: the app's default QSettings

    QVariant value(Key key) const;
    void setValue(Key key, const QVariant& value);
    QSettings& backend() { return *m_settings; }

    static QString keyName(Key key);
    static QVariant defaultValue(Key key);

    // The name the history records for this person's changes: the one they gave, else the
    // login name.
    QString personName() const;
    static QString loginName();

private:
    std::unique_ptr<QSettings> m_owned;
    QSettings* m_settings;
};
