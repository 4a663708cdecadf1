#include "Confirm.h"

#include <QPushButton>

std::optional<bool> Confirm::s_nextAnswer;
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
    s_nextAnswer = answer;
}

bool Confirm::ask(QWidget* parent, const QString& title, const QString& text,
                  const QString& acceptText, bool destructive)
{
    if (s_nextAnswer) {
        const bool answer = *s_nextAnswer;
        s_nextAnswer.reset();
        return answer;
    }
    QMessageBox box(destructive ? QMessageBox::Warning : QMessageBox::Question, title, text,
                    QMessageBox::NoButton, parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::AcceptRole);
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(destructive ? cancel : accept);
    box.exec();
    return box.clickedButton() == accept;
}
