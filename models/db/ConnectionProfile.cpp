#include "ConnectionProfile.h"

#include <QSettings>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

const QString kGroup = u"profiles"_s;

// libpq keywords that hold secrets: never written to the settings file.
bool isSecret(const QString& key)
{
    return key == u"password" || key == u"sslpassword";
}

// The standby's address without its secrets (the primary's password serves the same role).
QString withoutSecrets(const QString& url)
{
    ConnectionSpec standby;
    QString ignored;
    if (url.isEmpty() || !ConnectionSpec::parse(url, &standby, &ignored))
        return {};
    if (standby.password.isEmpty() && standby.option(u"sslpassword"_s).isEmpty())
        return url;
    standby.password.clear();
    standby.options.removeIf([](const ConnectionSpec::Option& o) { return isSecret(o.first); });
    return standby.toRedactedConnInfo();
}

} // namespace

ProfileStore::ProfileStore(QSettings& settings)
    : m_settings(settings)
{}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> list;
    m_settings.beginGroup(kGroup);
    const QStringList names = m_settings.childGroups();
    m_settings.endGroup();
    for (const QString& name : names)
        list << profile(QString::fromUtf8(QByteArray::fromPercentEncoding(name.toLatin1())));
    return list;
}

bool ProfileStore::contains(const QString& name) const
{
    m_settings.beginGroup(kGroup);
    const bool found =
        m_settings.childGroups().contains(QString::fromLatin1(QUrl::toPercentEncoding(name)));
    m_settings.endGroup();
    return found;
}

ConnectionProfile ProfileStore::profile(const QString& name) const
{
    ConnectionProfile p;
    p.name = name;
    m_settings.beginGroup(kGroup + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(name)));
    p.spec.host = m_settings.value(u"host"_s).toString();
    p.spec.port = m_settings.value(u"port"_s).toString();
    p.spec.database = m_settings.value(u"database"_s).toString();
    p.spec.user = m_settings.value(u"user"_s).toString();
    const QStringList options = m_settings.value(u"options"_s).toStringList();
    for (const QString& o : options) {
        const qsizetype eq = o.indexOf(u'=');
        if (eq > 0 && !isSecret(o.left(eq)))
            p.spec.options.append({o.left(eq), o.mid(eq + 1)});
    }
    p.spec.standbyUrl = withoutSecrets(m_settings.value(u"readFrom"_s).toString());
    p.passwordPolicy = static_cast<ConnectionProfile::PasswordPolicy>(
        m_settings.value(u"passwordPolicy"_s, 0).toInt());
    m_settings.endGroup();
    return p;
}

void ProfileStore::save(const ConnectionProfile& profile)
{
    remove(profile.name);
    m_settings.beginGroup(kGroup + u'/' +
                          QString::fromLatin1(QUrl::toPercentEncoding(profile.name)));
    m_settings.setValue(u"host"_s, profile.spec.host);
    m_settings.setValue(u"port"_s, profile.spec.port);
    m_settings.setValue(u"database"_s, profile.spec.database);
    m_settings.setValue(u"user"_s, profile.spec.user);
    QStringList options;
    for (const auto& [key, value] : profile.spec.options) {
        if (!isSecret(key))
            options << key + u'=' + value;
    }
    m_settings.setValue(u"options"_s, options);
    if (const QString standby = withoutSecrets(profile.spec.standbyUrl); !standby.isEmpty())
        m_settings.setValue(u"readFrom"_s, standby);
    m_settings.setValue(u"passwordPolicy"_s, static_cast<int>(profile.passwordPolicy));
    m_settings.endGroup();
    m_settings.sync();
}

void ProfileStore::remove(const QString& name)
{
    m_settings.remove(kGroup + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(name)));
}
