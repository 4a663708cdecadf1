#include "Confirm.h"

#include <QPushButton>

std::optional<bool> Confirm::s_nextAnswer;

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
