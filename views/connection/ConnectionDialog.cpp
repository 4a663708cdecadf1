#include "ConnectionDialog.h"

#include "Accessibility.h"
#include "CredentialStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

ConnectionDialog::ConnectionDialog(ProfileStore* profiles, CredentialStore* credentials,
                                   QWidget* parent)
    : QDialog(parent)
    , m_profiles(profiles)
    , m_credentials(credentials)
    , m_profile(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_host(new QLineEdit(this))
    , m_port(new QLineEdit(this))
    , m_database(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_passwordPolicy(new QComboBox(this))
    , m_sslmode(new QComboBox(this))
    , m_standby(new QLineEdit(this))
    , m_save(new QCheckBox(tr("Save as a profile"), this))
    , m_message(new QLabel(this))
    , m_delete(new QPushButton(tr("Delete profile"), this))
{
    setWindowTitle(tr("Connect to a database"));
    m_profile->setEditable(true);
    m_profile->setInsertPolicy(QComboBox::NoInsert);
    m_profile->lineEdit()->setPlaceholderText(tr("Profile name"));
    m_profile->setAccessibleName(tr("Profile"));
    m_profile->lineEdit()->setAccessibleName(tr("Profile"));
    for (const ConnectionProfile& p : m_profiles->profiles())
        m_profile->addItem(p.name);
    m_profile->setCurrentIndex(-1);
    m_url->setPlaceholderText(tr("postgresql://user@host:5432/db, or host=… dbname=…"));
    m_url->setClearButtonEnabled(true);
    Accessibility::nameClearButton(m_url);
    m_standby->setObjectName(u"standby"_s);
    m_standby->setPlaceholderText(tr("optional: postgresql://standby.internal:5432/db"));
    m_standby->setToolTip(tr("A hot standby for browsing, search, trends, coverage and exports. "
                             "Saving always goes to the primary; when the standby is "
                             "unreachable, reads go to the primary too."));
    m_standby->setClearButtonEnabled(true);
    Accessibility::nameClearButton(m_standby);
    m_host->setPlaceholderText(tr("localhost, an address, or a socket directory"));
    m_port->setPlaceholderText(u"5432"_s);
    m_port->setValidator(new QIntValidator(1, 65535, m_port));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("leave empty to use ~/.pgpass"));
    m_passwordPolicy->addItem(tr("Save in the system keychain"),
                              static_cast<int>(ConnectionProfile::PasswordPolicy::Keychain));
    m_passwordPolicy->addItem(tr("Ask every time"),
                              static_cast<int>(ConnectionProfile::PasswordPolicy::Ask));
    m_passwordPolicy->addItem(tr("Use ~/.pgpass or PGPASSWORD"),
                              static_cast<int>(ConnectionProfile::PasswordPolicy::PgPass));
    m_sslmode->addItem(tr("libpq default (prefer)"), QString());
    for (const QString& mode :
         {u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s, u"verify-full"_s})
        m_sslmode->addItem(mode, mode);
    m_message->setWordWrap(true);
    m_message->hide();
    m_save->setChecked(true);

    auto* form = new QFormLayout;
    auto* profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profile, 1);
    profileRow->addWidget(m_delete);
    auto* profileLabel = new QLabel(tr("&Profile:"), this);
    profileLabel->setObjectName(u"profileLabel"_s);
    profileLabel->setBuddy(m_profile);
    form->addRow(profileLabel, profileRow);
    form->addRow(tr("Paste a &URL:"), m_url);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("P&ort:"), m_port);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("U&ser:"), m_user);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("Remember password:"), m_passwordPolicy);
    form->addRow(tr("SSL mode:"), m_sslmode);
    form->addRow(tr("&Read from (standby):"), m_standby);
    form->addRow(QString(), m_save);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_url, &QLineEdit::editingFinished, this, [this] {
        if (!m_url->text().trimmed().isEmpty())
            setUrl(m_url->text());
    });
    connect(m_profile, &QComboBox::textActivated, this, &ConnectionDialog::loadProfile);
    connect(m_delete, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    resize(520, sizeHint().height());
}

void ConnectionDialog::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? u"color:#b00020;"_s : QString());
    m_message->setVisible(!text.isEmpty());
}

QString ConnectionDialog::message() const
{
    return m_message->isVisibleTo(this) ? m_message->text() : QString();
}

void ConnectionDialog::setUrl(const QString& url)
{
    ConnectionSpec spec;
    QString error;
    if (!ConnectionSpec::parse(url, &spec, &error)) {
        showMessage(error, true);
        return;
    }
    showMessage({}, false);
    m_url->setText(url);
    m_host->setText(spec.host);
    m_port->setText(spec.port);
    m_database->setText(spec.database);
    m_user->setText(spec.user);
    m_password->setText(spec.password);
    const int ssl = m_sslmode->findData(spec.option(u"sslmode"_s));
    m_sslmode->setCurrentIndex(ssl < 0 ? 0 : ssl);
    m_otherOptions.clear();
    for (const auto& o : std::as_const(spec.options)) {
        if (o.first != u"sslmode")
            m_otherOptions << o;
    }
    // The URL carries the password in clear text; keep it out of the field once parsed.
    if (!spec.password.isEmpty())
        m_url->setText(spec.redact(url));
}

ConnectionSpec ConnectionDialog::spec() const
{
    ConnectionSpec spec;
    spec.host = m_host->text().trimmed();
    spec.port = m_port->text().trimmed();
    spec.database = m_database->text().trimmed();
    spec.user = m_user->text().trimmed();
    spec.password = m_password->text();
    spec.options = m_otherOptions;
    if (const QString ssl = m_sslmode->currentData().toString(); !ssl.isEmpty())
        spec.setOption(u"sslmode"_s, ssl);
    spec.standbyUrl = m_standby->text().trimmed();
    return spec;
}

QString ConnectionDialog::profileName() const
{
    return m_profile->currentText().trimmed();
}

void ConnectionDialog::selectProfile(const QString& name)
{
    const int index = m_profile->findText(name);
    if (index < 0)
        return;
    m_profile->setCurrentIndex(index);
    loadProfile(name);
}

void ConnectionDialog::loadProfile(const QString& name)
{
    if (!m_profiles->contains(name))
        return;
    const ConnectionProfile p = m_profiles->profile(name);
    m_url->clear();
    m_host->setText(p.spec.host);
    m_port->setText(p.spec.port);
    m_database->setText(p.spec.database);
    m_user->setText(p.spec.user);
    m_password->clear();
    const int ssl = m_sslmode->findData(p.spec.option(u"sslmode"_s));
    m_sslmode->setCurrentIndex(ssl < 0 ? 0 : ssl);
    m_otherOptions.clear();
    for (const auto& o : p.spec.options) {
        if (o.first != u"sslmode")
            m_otherOptions << o;
    }
    m_standby->setText(p.spec.standbyUrl);
    m_passwordPolicy->setCurrentIndex(
        m_passwordPolicy->findData(static_cast<int>(p.passwordPolicy)));
    showMessage({}, false);
    if (p.passwordPolicy != ConnectionProfile::PasswordPolicy::Keychain)
        return;
    m_credentials->read(name, [this, name](const CredentialStore::Result& r) {
        if (profileName() == name) {
            if (r.ok)
                m_password->setText(r.password);
            else if (!r.keychainAvailable)
                showMessage(r.error, false);
        }
        emit credentialsSettled(r.ok || r.keychainAvailable ? QString() : r.error);
    });
}

void ConnectionDialog::deleteProfile()
{
    const QString name = profileName();
    if (!m_profiles->contains(name))
        return;
    m_profiles->remove(name);
    m_credentials->remove(name, [](const CredentialStore::Result&) {});
    m_profile->removeItem(m_profile->findText(name));
    m_profile->setCurrentIndex(-1);
}

void ConnectionDialog::accept()
{
    QString error;
    if (!m_url->text().trimmed().isEmpty() && !m_url->text().contains(u"***")) {
        ConnectionSpec probe;
        if (!ConnectionSpec::parse(m_url->text(), &probe, &error)) {
            showMessage(error, true);
            return;
        }
    }
    if (ConnectionSpec probe; !probe.setStandbyUrl(m_standby->text(), &error)) {
        showMessage(error, true);
        return;
    }
    const QString name = profileName();
    if (m_save->isChecked() && !name.isEmpty()) {
        ConnectionProfile p;
        p.name = name;
        p.spec = spec();
        p.spec.password.clear();
        p.passwordPolicy =
            static_cast<ConnectionProfile::PasswordPolicy>(m_passwordPolicy->currentData().toInt());
        m_profiles->save(p);
        if (p.passwordPolicy == ConnectionProfile::PasswordPolicy::Keychain &&
            !m_password->text().isEmpty()) {
            QPointer<ConnectionDialog> self(this);
            ProfileStore* profiles = m_profiles;
            m_credentials->write(name, m_password->text(),
                                 [self, profiles, p](const CredentialStore::Result& r) mutable {
                                     if (!r.ok) {
                                         // Without a keychain the password is asked each time.
                                         p.passwordPolicy = ConnectionProfile::PasswordPolicy::Ask;
                                         profiles->save(p);
                                     }
                                     if (self)
                                         emit self->credentialsSettled(r.ok ? QString() : r.error);
                                 });
        }
    }
    QDialog::accept();
}
