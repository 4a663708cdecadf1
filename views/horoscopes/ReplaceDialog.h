#pragma once

#include "HoroscopeFilter.h"
#include "ReplaceService.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

// Find and Replace across the horoscopes of the browser's filter (signs, dates, corrected
// only): a preview of every change in its context with the words marked, each one checkable;
// Apply writes the ticked ones (ReplaceService), with progress and Cancel, and then says how
// many were replaced and lists those that changed meanwhile, each of which can be opened.
class ReplaceDialog final : public QDialog
{
    Q_OBJECT
public:
    ReplaceDialog(Database* database, const HoroscopeFilter& filter, QWidget* parent = nullptr);

    QLineEdit* searchField() const { return m_search; }
    QLineEdit* replaceField() const { return m_replace; }
    QTreeWidget* previewList() const { return m_preview; }
    QTreeWidget* skippedList() const { return m_skipped; }
    QLabel* summary() const { return m_summary; }
    QPushButton* previewButton() const { return m_previewButton; }
    QPushButton* applyButton() const { return m_applyButton; }
    void preview();
    void apply();

signals:
    void openRequested(int id); // a row that was not written: open it in the editor
    void replaced(const QList<int>& ids);

protected:
    void reject() override;

private:
    enum class State { Editing, Previewing, Previewed, Applying, Applied };
    void setState(State state);
    void showPreview(const ReplacePreview& preview);
    void showOutcome(const ReplaceOutcome& outcome, int ticked);
    QList<ReplaceChange> tickedChanges() const;
    QString scopeText() const;

    ReplaceService m_service;
    HoroscopeFilter m_filter;
    State m_state = State::Editing;
    QList<ReplaceChange> m_changes; // in the preview list's order
    std::shared_ptr<Cancellation> m_running;
    LatestOnly m_latest;

    QLineEdit* m_search;
    QLineEdit* m_replace;
    QCheckBox* m_wholeWord;
    QCheckBox* m_caseSensitive;
    QLabel* m_scope;
    QTreeWidget* m_preview;
    QLabel* m_summary;
    QTreeWidget* m_skipped;
    QProgressBar* m_progress;
    QPushButton* m_previewButton;
    QPushButton* m_applyButton;
    QPushButton* m_cancelButton;
    QDialogButtonBox* m_buttons;
};
