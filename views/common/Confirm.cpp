#include "Confirm.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

QList<bool> Confirm::s_nextAnswers;
QString Confirm::s_lastQuestion;
std::optional<QString> Confirm::s_nextTyped;
std::optional<Confirm::Unsaved> Confirm::s_nextUnsaved;

void Confirm::setNextUnsaved(Unsaved answer)
{
    s_nextUnsaved = answer;
}

Confirm::Unsaved Confirm::askUnsaved(QWidget* parent, const QString& text)
{
    if (s_nextUnsaved) {
        const Unsaved answer = *s_nextUnsaved;
        s_nextUnsaved.reset();
        return answer;
    }
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"), text,
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return Unsaved::Save;
    case QMessageBox::Discard:
        return Unsaved::Discard;
    default:
        return Unsaved::Cancel;
    }
}

void Confirm::setNextAnswer(bool answer)
{
    s_nextAnswers << answer;
}

bool Confirm::ask(QWidget* parent, const QString& title, const QString& text,
                  const QString& acceptText, bool destructive, const QString& rejectText)
{
    s_lastQuestion = text;
    if (!s_nextAnswers.isEmpty())
        return s_nextAnswers.takeFirst();
    QMessageBox box(destructive ? QMessageBox::Warning : QMessageBox::Question, title, text,
                    QMessageBox::NoButton, parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    QPushButton* cancel = rejectText.isEmpty() ? box.addButton(QMessageBox::Cancel)
                                               : box.addButton(rejectText, QMessageBox::RejectRole);
    box.setDefaultButton(destructive ? cancel : accept);
    box.exec();
    return box.clickedButton() == accept;
}

bool Confirm::hasQueuedAnswers()
{
    return !s_nextAnswers.isEmpty() || s_nextTyped || s_nextUnsaved;
}

void Confirm::setNextTyped(const QString& typed)
{
    s_nextTyped = typed;
}

bool Confirm::askTyped(QWidget* parent, const QString& title, const QString& text,
                       const QString& expected, const QString& acceptText)
{
    if (s_nextTyped) {
        const bool answer = *s_nextTyped == expected;
        s_nextTyped.reset();
        return answer;
    }
    QDialog dialog(parent);
    dialog.setWindowTitle(title);
    auto* message = new QLabel(text, &dialog);
    message->setWordWrap(true);
    message->setTextFormat(Qt::PlainText);
    auto* prompt = new QLabel(tr("Type the database name, %1, to confirm:").arg(expected), &dialog);
    auto* typed = new QLineEdit(&dialog);
    prompt->setBuddy(typed);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    QPushButton* accept = buttons->addButton(acceptText, QDialogButtonBox::DestructiveRole);
    accept->setEnabled(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    QObject::connect(typed, &QLineEdit::textChanged, accept,
                     [accept, expected](const QString& t) { accept->setEnabled(t == expected); });
    QObject::connect(accept, &QPushButton::clicked, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(message);
    layout->addWidget(prompt);
    layout->addWidget(typed);
    layout->addWidget(buttons);
    dialog.resize(dialog.sizeHint().expandedTo(QSize(480, 0)));
    return dialog.exec() == QDialog::Accepted && typed->text() == expected;
}

QString Confirm::lastQuestion()
{
    return s_lastQuestion;
}
