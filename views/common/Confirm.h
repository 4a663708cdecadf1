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
                    const QString& acceptText, bool destructive = false,
                    const QString& rejectText = {}); // empty: Cancel
    // Queues the answer to the next question (several for a sequence of questions).
    static void setNextAnswer(bool answer);

    // An irreversible action: the user types `expected` (a database name) to confirm it.
    static bool askTyped(QWidget* parent, const QString& title, const QString& text,
                         const QString& expected, const QString& acceptText);
    // What a test "types" into the next askTyped(), which then shows nothing.
    static void setNextTyped(const QString& typed);
    static bool hasQueuedAnswers();
    static QString lastQuestion(); // the text ask() showed (or answered from the queue) last

    // Unsaved changes: keep them by saving, drop them, or stay where you are.
    enum class Unsaved { Save, Discard, Cancel };
    static Unsaved askUnsaved(QWidget* parent, const QString& text);
    static void setNextUnsaved(Unsaved answer);

private:
    static QList<bool> s_nextAnswers;
    static QString s_lastQuestion;
    static std::optional<Unsaved> s_nextUnsaved;
    static std::optional<QString> s_nextTyped;
};
