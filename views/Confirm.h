#pragma once

#include <QMessageBox>
#include <optional>

class QWidget;

// Asks a yes/no question. Tests answer it in advance with setNextAnswer(), so nothing modal
// blocks them (after KeePassXC's MessageBox::setNextAnswer).
class Confirm final
{
public:
    static bool ask(QWidget* parent, const QString& title, const QString& text,
                    const QString& acceptText, bool destructive = false);
    static void setNextAnswer(bool answer);

private:
    static std::optional<bool> s_nextAnswer;
};
