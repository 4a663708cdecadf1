#pragma once

#include "TextMerge.h"

#include <QDialog>
#include <functional>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

// Someone else changed (or deleted) the horoscope while it was being edited. Says who and
// when, shows word by word what each side changed against the text the editor started from,
// lists the differences, and builds a merged text: each difference takes the side that
// changed it, and where both changed the same words the editor chooses. The merged text can
// be edited before it is saved. Nothing is overwritten until the editor decides.
class ConflictDialog final : public QDialog
{
    Q_OBJECT
public:
    enum class Choice { SaveMerged, KeepMine, TakeTheirs, KeepEditing };
    using Decided = std::function<void(Choice, const QString& merged)>;

    // theirs is empty and deleted is true when the row was deleted meanwhile. theirsAuthor:
    // who made their change and when, empty when unknown.
    ConflictDialog(const QString& mine, const QString& original, const QString& theirs,
                   bool deleted, const QString& theirsAuthor, QWidget* parent = nullptr);

    Choice choice() const { return m_choice; }
    QString mergedText() const; // what SaveMerged saves
    QTableWidget* differenceTable() const { return m_table; }
    // Takes one side for the selected differences (the buttons under the table).
    void useSide(TextMerge::Side side);

    // Opens the dialog (window-modal, no nested event loop) and calls `decided` once it
    // closes; a choice a test set in advance is passed on at once.
    static void ask(QWidget* parent, const QString& mine, const QString& original,
                    const QString& theirs, bool deleted, const QString& theirsAuthor,
                    const Decided& decided);
    static void setNextChoice(Choice choice, const QString& merged = {});

private:
    void buildDifferences();
    void rebuildMerged();
    void updateButtons();
    void decide(Choice choice);

    TextMerge m_merge;
    QList<TextMerge::Side> m_choices;
    QString m_built; // the merged text as the choices make it, before any hand edit
    Choice m_choice = Choice::KeepEditing;
    QTableWidget* m_table = nullptr;
    QPlainTextEdit* m_merged = nullptr;
    QLabel* m_mergeNote = nullptr;
    QPushButton* m_useMine = nullptr;
    QPushButton* m_useTheirs = nullptr;
    static std::optional<std::pair<Choice, QString>> s_next;
};
