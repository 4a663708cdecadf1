#include "AboutDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

// A value the user may want to copy (a path, a version): selectable with mouse and keyboard.
QLabel* valueLabel(const QString& text, const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

} // namespace

AboutDialog::AboutDialog(const Info& info, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Horoscope Admin"));
    setWindowModality(Qt::WindowModal);

    auto* icon = new QLabel(this);
    icon->setPixmap(applicationIcon().pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);
    auto* title =
        new QLabel(u"<b>Horoscope Admin</b> %1"_s.arg(info.version.toHtmlEscaped()), this);
    title->setObjectName(u"title"_s);
    auto* summary = new QLabel(tr("Browse, correct and regenerate the horoscope bot's cached "
                                  "horoscopes, watch view trends and run migrations."),
                               this);
    summary->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Version:"),
                 valueLabel(tr("%1 (Qt %2)").arg(info.version, QString::fromLatin1(qVersion())),
                            u"version"_s, this));
    form->addRow(tr("Licence:"),
                 valueLabel(tr("MIT License. Free to use, copy, change and share; no "
                               "warranty."),
                            u"licence"_s, this));
    form->addRow(tr("PostgreSQL server:"),
                 valueLabel(info.serverVersion.isEmpty() ? tr("not connected") : info.serverVersion,
                            u"serverVersion"_s, this));
    form->addRow(tr("Settings:"), valueLabel(info.settingsPath, u"settingsPath"_s, this));
    form->addRow(tr("Demo database:"),
                 valueLabel(info.demoClusterPath, u"demoClusterPath"_s, this));

    auto* text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(summary);
    text->addLayout(form);
    text->addStretch(1);
    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

QIcon AboutDialog::applicationIcon()
{
    static const QIcon builtIn = [] {
        QIcon icon;
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
            icon.addFile(u":/icons/horoscope-admin-%1.png"_s.arg(size), QSize(size, size));
        return icon;
    }();
    return QIcon::fromTheme(u"horoscope-admin"_s, builtIn);
}
