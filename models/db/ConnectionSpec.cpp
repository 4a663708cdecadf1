#include "ConnectionSpec.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QUrl>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

namespace {

// libpq keywords that take a well-known meaning elsewhere; the rest go into options verbatim.
bool isBuiltinKeyword(const QString& key)
{
    return key == u"host" || key == u"port" || key == u"dbname" || key == u"user" ||
           key == u"password";
}

// asyncpg spells sslmode "ssl" and accepts booleans; libpq knows only sslmode.
QString translateAsyncpgSsl(const QString& value)
{
    const QString v = value.toLower();
    if (v == u"true" || v == u"1")
        return QStringLiteral("require");
    if (v == u"false" || v == u"0")
        return QStringLiteral("disable");
    return value;
}

// Rewrites an SQLAlchemy-style URL into one libpq understands, or explains why it cannot.
bool normalizeUrl(const QString& text, QString* libpqUri, QString* error)
{
    const qsizetype sep = text.indexOf(u"://");
    const QString scheme = text.left(sep).toLower();
    const QString base = scheme.section(u'+', 0, 0);
    const QString driver = scheme.section(u'+', 1);
    if (base != u"postgresql" && base != u"postgres") {
        *error = ConnectionSpec::tr(
                     "The URL scheme \"%1\" is not PostgreSQL. Use a URL that starts with "
                     "postgresql:// (or postgres://, postgresql+asyncpg://, "
                     "postgresql+psycopg2://).")
                     .arg(scheme);
        return false;
    }
    QString rest = text.mid(sep + 3);
    // The userinfo ends at the LAST @ of the authority: an unencoded @ in a password is part
    // of it (libpq would cut at the first one and take the password's tail for the host).
    const qsizetype authorityEnd = rest.indexOf(QRegularExpression(u"[/?]"_s));
    const QString authority = authorityEnd < 0 ? rest : rest.left(authorityEnd);
    if (const qsizetype lastAt = authority.lastIndexOf(u'@'); lastAt > 0) {
        QString userinfo = authority.left(lastAt);
        userinfo.replace(u'@', u"%40"_s);
        rest = userinfo + rest.mid(lastAt);
    }
    const qsizetype q = rest.indexOf(u'?');
    if (q >= 0 && driver == u"asyncpg") {
        QStringList params = rest.mid(q + 1).split(u'&', Qt::SkipEmptyParts);
        for (QString& p : params) {
            const QString key = p.section(u'=', 0, 0);
            if (key == u"ssl")
                p = u"sslmode="_s + translateAsyncpgSsl(p.section(u'=', 1));
        }
        rest = rest.left(q + 1) + params.join(u'&');
    }
    *libpqUri = u"postgresql://"_s + rest;
    return true;
}

// What libpq calls target_session_attrs for this purpose: a connection for writes given
// several hosts must reach the primary, whatever the URL asked for.
QString targetSessionAttrs(const ConnectionSpec& spec)
{
    const QString given = spec.option(u"target_session_attrs"_s);
    if (spec.purpose == ConnectionSpec::Purpose::Read || !spec.host.contains(u','))
        return given;
    return given == u"read-write" ? given : u"primary"_s;
}

QString quoteOptionValue(QString value)
{
    value.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s);
    return u'\'' + value + u'\'';
}

QString quotedIdentifier(const QString& name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

} // namespace

QString ConnectionSpec::defaultSchema()
{
    const QString fromEnvironment = qEnvironmentVariable("HOROSCOPE_SCHEMA").trimmed();
    return fromEnvironment.isEmpty() ? u"public"_s : fromEnvironment;
}

QString ConnectionSpec::searchPath(const QString& schema)
{
    return u"pg_catalog, "_s + quotedIdentifier(schema) + u", pg_temp"_s;
}

QString ConnectionSpec::migrationSearchPath(const QString& schema)
{
    return quotedIdentifier(schema) + u", pg_temp"_s;
}

bool ConnectionSpec::parse(const QString& input, ConnectionSpec* out, QString* error)
{
    const QString text = input.trimmed();
    ConnectionSpec spec;
    if (text.isEmpty()) {
        *out = spec;
        return true;
    }

    QString conninfo;
    static const QRegularExpression urlStart(u"^[A-Za-z][A-Za-z0-9+.-]*://"_s);
    static const QRegularExpression bareName(u"^[^\\s=']+$"_s);
    // "postgresql:/u:pw@h/db" is a URL with a typo, not a database name (which would then
    // show the password in the server's "database does not exist").
    static const QRegularExpression schemeLike(
        u"^([A-Za-z][A-Za-z0-9.-]*(?:\\+[A-Za-z0-9.-]+)?):"_s);
    const auto scheme = schemeLike.match(text);
    if (scheme.hasMatch() && !urlStart.match(text).hasMatch()) {
        *error = tr("The connection URL is malformed: it starts with \"%1:\" but not with "
                    "\"%1://\". Write it as %1://user:password@host:5432/database.")
                     .arg(scheme.captured(1));
        return false;
    }
    if (urlStart.match(text).hasMatch()) {
        if (!normalizeUrl(text, &conninfo, error))
            return false;
    } else if (bareName.match(text).hasMatch()) {
        spec.database = text; // like psql: a lone word is a database name
        *out = spec;
        return true;
    } else {
        conninfo = text;
    }

    char* rawError = nullptr;
    const QByteArray utf8 = conninfo.toUtf8();
    PQconninfoOption* parsed = PQconninfoParse(utf8.constData(), &rawError);
    if (!parsed) {
        QString reason = rawError ? QString::fromUtf8(rawError).trimmed()
                                  : ConnectionSpec::tr("out of memory while parsing");
        PQfreemem(rawError);
        // The text may hold a password; never echo it back.
        ConnectionSpec probe;
        // Up to the last @ of the userinfo: a password may hold an unencoded @.
        static const QRegularExpression pw(
            u"password\\s*=\\s*([^\\s&']+)|://[^/@\\s:]*:([^\\s/]*)@"_s);
        const auto m = pw.match(text);
        if (m.hasMatch())
            probe.password = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
        *error = tr("The connection string is malformed: %1. Check it against the form "
                    "postgresql://user:password@host:5432/database or "
                    "\"host=... dbname=... user=...\".")
                     .arg(probe.redact(reason));
        return false;
    }
    for (PQconninfoOption* o = parsed; o->keyword; ++o) {
        if (!o->val)
            continue;
        const QString key = QString::fromUtf8(o->keyword);
        const QString value = QString::fromUtf8(o->val);
        if (key == u"host")
            spec.host = value;
        else if (key == u"port")
            spec.port = value;
        else if (key == u"dbname")
            spec.database = value;
        else if (key == u"user")
            spec.user = value;
        else if (key == u"password")
            spec.password = value;
        else
            spec.options.append({key, value});
    }
    PQconninfoFree(parsed);

    for (const Option& o : std::as_const(spec.options)) {
        // Qt's driver turns every ';' in the options into a space before libpq sees them.
        if (o.second.contains(u';')) {
            *error = tr("The value of the option \"%1\" contains \";\", which Qt's PostgreSQL "
                        "driver cannot pass on. Put that setting in a service file "
                        "(~/.pg_service.conf) and use service=NAME instead.")
                         .arg(o.first);
            return false;
        }
    }
    if (!spec.port.isEmpty() && !spec.port.contains(u',')) {
        bool ok = false;
        const int port = spec.port.toInt(&ok);
        if (!ok || port <= 0 || port > 65535) {
            *error = tr("The port \"%1\" is not a number between 1 and 65535.").arg(spec.port);
            return false;
        }
    }
    *out = spec;
    return true;
}

bool ConnectionSpec::setStandbyUrl(const QString& text, QString* error)
{
    ConnectionSpec probe;
    if (!text.trimmed().isEmpty() && !parse(text, &probe, error)) {
        *error = tr("The standby's address (read from): %1").arg(*error);
        return false;
    }
    standbyUrl = text.trimmed();
    return true;
}

bool ConnectionSpec::hasStandby() const
{
    // Several hosts with target_session_attrs=primary or read-write: the user wants the
    // primary only (and so does every command that writes).
    const QString given = option(u"target_session_attrs"_s);
    return !standbyUrl.isEmpty() ||
           (host.contains(u',') && given != u"primary" && given != u"read-write");
}

QList<ConnectionSpec> ConnectionSpec::readTargets() const
{
    ConnectionSpec primary = *this;
    primary.standbyUrl.clear();
    if (standbyUrl.isEmpty()) {
        if (!host.contains(u','))
            return {primary};
        primary.purpose = Purpose::Read;
        const QString given = option(u"target_session_attrs"_s);
        if (given != u"standby" && given != u"prefer-standby")
            primary.setOption(u"target_session_attrs"_s, u"prefer-standby"_s);
        return {primary};
    }
    ConnectionSpec standby;
    QString ignored;
    if (!parse(standbyUrl, &standby, &ignored))
        return {primary}; // setStandbyUrl() refused it already
    if (standby.database.isEmpty())
        standby.database = database;
    if (standby.user.isEmpty())
        standby.user = user;
    if (standby.password.isEmpty() && standby.user == user)
        standby.password = password; // the keychain's password for the same role
    for (const Option& o : options) {
        if (standby.option(o.first).isEmpty() && o.first != u"target_session_attrs")
            standby.options.append(o); // sslmode, sslrootcert, … as for the primary
    }
    standby.sessionSettings = sessionSettings;
    standby.quietNotices = quietNotices;
    standby.silentServerMs = silentServerMs;
    standby.purpose = Purpose::Read;
    return {standby, primary};
}

QString ConnectionSpec::option(const QString& key) const
{
    for (const Option& o : options) {
        if (o.first == key)
            return o.second;
    }
    return {};
}

void ConnectionSpec::setOption(const QString& key, const QString& value)
{
    for (Option& o : options) {
        if (o.first == key) {
            o.second = value;
            return;
        }
    }
    options.append({key, value});
}

QString ConnectionSpec::displayName() const
{
    QString where = host.isEmpty() ? tr("local socket") : host;
    if (host.contains(u':') && !host.startsWith(u'/'))
        where = u'[' + host + u']';
    if (!port.isEmpty())
        where += u':' + port;
    const QString who = user.isEmpty() ? QString() : user + u'@';
    const QString db = database.isEmpty() ? QString() : u'/' + database;
    const QString service = option(u"service"_s);
    if (host.isEmpty() && !service.isEmpty())
        return who + u"service="_s + service + db;
    return who + where + db;
}

QString ConnectionSpec::toRedactedConnInfo() const
{
    QStringList parts;
    auto add = [&parts](const QString& k, const QString& v) {
        if (!v.isEmpty())
            parts << k + u'=' + quoteOptionValue(v);
    };
    add(u"host"_s, host);
    add(u"port"_s, port);
    add(u"dbname"_s, database);
    add(u"user"_s, user);
    for (const Option& o : options)
        add(o.first, o.first == u"sslpassword" ? u"***"_s : o.second);
    if (!password.isEmpty())
        parts << u"password=***"_s;
    return parts.join(u' ');
}

void ConnectionSpec::applyTo(QSqlDatabase& db) const
{
    db.setHostName(host);
    db.setDatabaseName(database);
    db.setUserName(user);
    db.setPassword(password);
    QStringList opts;
    bool ok = false;
    const int portNumber = port.toInt(&ok);
    // Always set: the same QSqlDatabase goes on to the next target (a standby, then the
    // primary), which must not keep the previous one's port. -1: libpq's default.
    db.setPort(ok ? portNumber : -1);
    if (!ok && !port.isEmpty())
        opts << u"port="_s + quoteOptionValue(port);
    for (const Option& o : options) {
        if (!isBuiltinKeyword(o.first) && o.first != u"target_session_attrs")
            opts << o.first + u'=' + quoteOptionValue(o.second);
    }
    if (const QString attrs = targetSessionAttrs(*this); !attrs.isEmpty())
        opts << u"target_session_attrs="_s + attrs;
    if (option(u"application_name"_s).isEmpty())
        opts << u"application_name='horoscope-admin'"_s;
    if (option(u"connect_timeout"_s).isEmpty())
        opts << u"connect_timeout=10"_s;
    // A network path that dies silently is noticed in seconds, not after TCP's 15 minutes.
    if (option(u"keepalives_idle"_s).isEmpty())
        opts << u"keepalives_idle=10;keepalives_interval=5;keepalives_count=3"_s;
    if (option(u"tcp_user_timeout"_s).isEmpty())
        opts << u"tcp_user_timeout=20000"_s;
    db.setConnectOptions(opts.join(u';'));
}

QList<ConnectionSpec::Option> ConnectionSpec::libpqParameters() const
{
    QList<Option> params;
    const auto add = [&params](const QString& key, const QString& value) {
        if (!value.isEmpty())
            params << Option{key, value};
    };
    add(u"host"_s, host);
    add(u"port"_s, port);
    add(u"dbname"_s, database);
    add(u"user"_s, user);
    add(u"password"_s, password);
    for (const Option& o : options) {
        if (!isBuiltinKeyword(o.first) && o.first != u"target_session_attrs")
            add(o.first, o.second);
    }
    add(u"target_session_attrs"_s, targetSessionAttrs(*this));
    if (option(u"application_name"_s).isEmpty())
        add(u"application_name"_s, u"horoscope-admin"_s);
    if (option(u"connect_timeout"_s).isEmpty())
        add(u"connect_timeout"_s, u"10"_s);
    return params;
}

QString ConnectionSpec::redact(QString text) const
{
    if (!password.isEmpty()) {
        text.replace(password, u"***"_s);
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(password));
        if (encoded != password)
            text.replace(encoded, u"***"_s);
    }
    // Everything between the userinfo's first ':' and its LAST '@' (greedy up to the path).
    static const QRegularExpression uriSecret(u"(://[^/@\\s:]*:)[^\\s/]*@"_s);
    static const QRegularExpression kwSecret(u"(password\\s*=\\s*)('(?:[^'\\\\]|\\\\.)*'|\\S+)"_s);
    text.replace(uriSecret, u"\\1***@"_s);
    text.replace(kwSecret, u"\\1***"_s);
    return text;
}
