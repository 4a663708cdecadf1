#pragma once

#include "HoroscopeEditor.h"
#include "HoroscopeExporter.h"
#include "HoroscopeFilter.h"
#include "Privileges.h"
#include "RegenerationBatch.h"

#include <QWidget>

class Database;
class DateRangePicker;
class HoroscopeEditor;
class HoroscopeTableModel;
class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolButton;
struct DbError;

// Where admins and editors spend their day: cached horoscopes, filtered and sorted in the
// database and fetched page by page, beside the editor of the selected one.
class HoroscopeBrowser final : public QWidget
{
    Q_OBJECT
public:
    // In the order of the picker's entries; Custom is the picker's own last entry.
    enum class DatePreset { All, Today, Tomorrow, ThisWeek, Last30Days, LastMonth, Custom };

    explicit HoroscopeBrowser(Database* database, QWidget* parent = nullptr);

    void setRevisionsAvailable(bool available);
    // Enables Invalidate, Regenerate, Export and the editor by what the role may do.
    void setPrivileges(const Privileges& privileges);
    void reload();
    // Rows this window wrote elsewhere (regenerated): read again where they are, so the list
    // keeps its rows, selection and scroll position, and the editor shows the new text unless
    // it has unsaved changes. Only a row the list has not loaded (perhaps a new one) reloads it.
    void refreshRows(const QList<int>& ids);
    void openHoroscope(int id);

    HoroscopeTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QAction* replaceAction() const { return m_replace; } // Find and Replace… (Ctrl+H)
    HoroscopeEditor* editor() const { return m_editor; }
    QLineEdit* searchField() const { return m_search; }
    QString statusText() const;

    void setSigns(const QStringList& signs);
    void setDatePreset(DatePreset preset, const QDate& from = {}, const QDate& to = {});
    void setCorrectedOnly(bool on);
    void jumpToDate(const QDate& date);
    void invalidateSelected();
    // Find and Replace across the texts of the current filter (Ctrl+H).
    void openReplace();
    // Writes the filtered rows; returns false with a message when it could not.
    void exportTo(const QString& fileName, HoroscopeExporter::Format format);
    // What the filter shows, for a file name: horoscopes-leo-2026-11-01--2026-11-30.csv
    QString suggestedExportName(HoroscopeExporter::Format format) const;
    // Asks about unsaved changes; true when it is fine to close.
    void leave(const std::function<void()>& proceed,
               HoroscopeEditor::Leaving leaving = HoroscopeEditor::Leaving::WithinWindow);
    RegenerationBatch::Targets selectedTargets() const;
    RegenerationBatch::Targets wholeDayTargets() const; // the 12 signs of the current row's date
    // The list's column layout (widths, order, hidden ones), kept in the settings.
    QByteArray columnsState() const;
    void restoreColumns(const QByteArray& state);
    QString signsText() const;

signals:
    void message(const QString& text, bool error);
    // The list could not connect (the window's own connection may be up): Database::retry()
    // tries again; connectionRestored() once the list has its connection.
    void connectionFailed(const DbError& error);
    void connectionRestored();
    void exportFinished(bool ok, const QString& message);
    // Rows were saved or invalidated here: other pages that show them read them again.
    void horoscopesChanged();
    void regenerateRequested(const RegenerationBatch::Targets& targets);

private:
    HoroscopeFilter currentFilter() const;
    void applyFilter();
    void onCurrentRowChanged();
    void selectEditorRow();
    void updateStatus();
    void chooseExport(HoroscopeExporter::Format format);

    Database* m_database;
    HoroscopeTableModel* m_model;
    QTableView* m_table;
    HoroscopeEditor* m_editor;
    QToolButton* m_signs;
    DateRangePicker* m_dates;
    QLineEdit* m_search;
    QCheckBox* m_corrected;
    QDateEdit* m_jump;
    QLabel* m_status;
    QTimer* m_searchDelay;
    QToolButton* m_export;
    QToolButton* m_regenerate;
    QToolButton* m_invalidate;
    QAction* m_replace = nullptr; // Find and Replace
    Privileges m_privileges;
    bool m_revisions = false;
    bool m_restoringSelection = false;
    bool m_columnsRestored = false;
};
