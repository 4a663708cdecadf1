#include "AiSettingsDialog.h"

#include "AiProvider.h"
#include "AiProviderFactory.h"
#include "CredentialStore.h"
#include "Settings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

AiSettingsDialog::AiSettingsDialog(Settings* settings, CredentialStore* credentials,
                                   QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_provider(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_model(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_timeout(new QSpinBox(this))
    , m_prompt(new QPlainTextEdit(this))
    , m_message(new QLabel(this))
{
    setWindowTitle(tr("AI provider"));
    m_provider->addItem(tr("Demo texts (offline, not an AI)"), u"demo"_s);
    m_provider->addItem(tr("OpenAI-compatible service"), u"openai"_s);
    m_provider->setCurrentIndex(
        m_provider->findData(m_settings->value(Settings::Key::AiProvider).toString()));
    m_url->setText(m_settings->value(Settings::Key::AiBaseUrl).toString());
    m_model->setText(m_settings->value(Settings::Key::AiModel).toString());
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("leave empty to keep the saved key"));
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(m_settings->value(Settings::Key::AiTemperature).toDouble());
    m_timeout->setRange(5, 600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(m_settings->value(Settings::Key::AiTimeoutSeconds).toInt());
    m_prompt->setPlainText(AiProviderFactory::promptTemplate(*m_settings));
    m_prompt->setToolTip(tr("Placeholders: {sign}, {sign_name}, {date}, {weekday}"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("Provider:"), m_provider);
    form->addRow(tr("Address:"), m_url);
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("API key:"), m_key);
    form->addRow(tr("Temperature:"), m_temperature);
    form->addRow(tr("Timeout:"), m_timeout);
    form->addRow(tr("Prompt:"), m_prompt);
    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &AiSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { m_prompt->setPlainText(AiProvider::defaultPromptTemplate()); });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(620, 460);
}

void AiSettingsDialog::accept()
{
    const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
    if (m_provider->currentData().toString() == u"openai" &&
        (!url.isValid() || !url.scheme().startsWith(u"http"))) {
        m_message->setText(tr("The address must be an http(s) URL such as "
                              "https://api.openai.com/v1."));
        m_message->show();
        return;
    }
    m_settings->setValue(Settings::Key::AiProvider, m_provider->currentData());
    m_settings->setValue(Settings::Key::AiBaseUrl, m_url->text().trimmed());
    m_settings->setValue(Settings::Key::AiModel, m_model->text().trimmed());
    m_settings->setValue(Settings::Key::AiTemperature, m_temperature->value());
    m_settings->setValue(Settings::Key::AiTimeoutSeconds, m_timeout->value());
    const QString prompt = m_prompt->toPlainText().trimmed();
    m_settings->setValue(Settings::Key::PromptTemplate,
                         prompt == AiProvider::defaultPromptTemplate() ? QString() : prompt);
    if (!m_key->text().isEmpty()) {
        QPointer<AiSettingsDialog> self(this);
        m_credentials->write(QString::fromLatin1(kKeychainEntry), m_key->text(),
                             [self](const CredentialStore::Result& r) {
                                 if (!r.ok && self)
                                     emit self->keyProblem(
                                         r.error + u' ' +
                                         tr("Set the key in HOROSCOPE_AI_API_KEY instead."));
                             });
    }
    QDialog::accept();
}
