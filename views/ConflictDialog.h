#pragma once

#include <QDialog>
#include <functional>
#include <optional>

// Someone else changed (or deleted) the horoscope while it was being edited. Shows the
// editor's text, the text they started from, and the other side's, side by side; nothing is
// overwritten until the editor decides.
class ConflictDialog final : public QDialog
{
    Q_OBJECT
public:
    enum class Choice { KeepMine, TakeTheirs, KeepEditing };

    // theirs is empty and deleted is true when the row was deleted meanwhile.
    ConflictDialog(const QString& mine, const QString& original, const QString& theirs,
                   bool deleted, const QString& theirsAuthor, QWidget* parent = nullptr);

    Choice choice() const { return m_choice; }

    // Opens the dialog (window-modal, no nested event loop) and calls `decided` with the
    // choice once it closes; a choice a test set in advance is passed on at once.
    static void ask(QWidget* parent, const QString& mine, const QString& original,
                    const QString& theirs, bool deleted,
                    const std::function<void(Choice)>& decided);
    static void setNextChoice(Choice choice);

private:
    Choice m_choice = Choice::KeepEditing;
    static std::optional<Choice> s_next;
};
