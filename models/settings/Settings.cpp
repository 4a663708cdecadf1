#include "Settings.h"

#include <QDir>

#include <array>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Entry
{
    Settings::Key key;
    const char* name;
    QVariant defaultValue;
};

const std::array<Entry, 12>& table()
{
    static const std::array<Entry, 12> entries{{
        {Settings::Key::Language, "ui/language", u"system"_s},
        {Settings::Key::LastProfile, "connection/lastProfile", QString()},
        {Settings::Key::WindowGeometry, "ui/windowGeometry", QByteArray()},
        {Settings::Key::LastPage, "ui/lastPage", u"overview"_s},
        {Settings::Key::AiProvider, "ai/provider", u"demo"_s},
        {Settings::Key::AiBaseUrl, "ai/baseUrl", u"https://api.openai.com/v1"_s},
        {Settings::Key::AiModel, "ai/model", u"gpt-4o-mini"_s},
        {Settings::Key::AiTemperature, "ai/temperature", 0.8},
        {Settings::Key::AiTimeoutSeconds, "ai/timeoutSeconds", 60},
        {Settings::Key::PromptTemplate, "ai/promptTemplate", QString()},
        {Settings::Key::BrowserColumns, "ui/browserColumns", QByteArray()},
        {Settings::Key::PersonName, "editor/personName", QString()},
    }};
    return entries;
}

const Entry& entry(Settings::Key key)
{
    for (const Entry& e : table()) {
        if (e.key == key)
            return e;
    }
    Q_UNREACHABLE();
}

} // namespace

Settings::Settings(QSettings* backend)
    : m_owned(backend ? nullptr : std::make_unique<QSettings>())
    , m_settings(backend ? backend : m_owned.get())
{}

QString Settings::keyName(Key key)
{
    return QString::fromLatin1(entry(key).name);
}

QVariant Settings::defaultValue(Key key)
{
    return entry(key).defaultValue;
}

QVariant Settings::value(Key key) const
{
    return m_settings->value(keyName(key), defaultValue(key));
}

void Settings::setValue(Key key, const QVariant& v)
{
    m_settings->setValue(keyName(key), v);
}

QString Settings::personName() const
{
    const QString given = value(Key::PersonName).toString().trimmed();
    return given.isEmpty() ? loginName() : given;
}

QString Settings::loginName()
{
    for (const char* variable : {"USER", "USERNAME", "LOGNAME"}) {
        if (const QString name = qEnvironmentVariable(variable).trimmed(); !name.isEmpty())
            return name;
    }
    return QDir::home().dirName();
}
