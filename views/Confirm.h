#pragma once

#include <QCoreApplication>
#include <QMessageBox>
#include <optional>

class QWidget;

// Asks a yes/no question. Tests answer it in advance with setNextAnswer(), so nothing modal
// blocks them (after KeePassXC's MessageBox::setNextAnswer).
class Confirm final
{
    Q_DECLARE_TR_FUNCTIONS(Confirm)
public:
    static bool ask(QWidget* parent, const QString& title, const QString& text,
                    const QString& acceptText, bool destructive = false);
    static void setNextAnswer(bool answer);

    // Unsaved changes: keep them by saving, drop them, or stay where you are.
    enum class Unsaved { Save, Discard, Cancel };
    static Unsaved askUnsaved(QWidget* parent, const QString& text);
    static void setNextUnsaved(Unsaved answer);

private:
    static std::optional<bool> s_nextAnswer;
    static std::optional<Unsaved> s_nextUnsaved;
};
