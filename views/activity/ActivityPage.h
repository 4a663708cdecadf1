#pragma once

#include "ActivityModel.h"
#include "HoroscopeService.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLineEdit;
class QPushButton;
class QTableView;

// The Activity page: every change to every horoscope, newest first, filtered by person, kind,
// sign and days; more entries are read as the list scrolls. Enter (or a double click) opens
// the horoscope in the editor; Restore puts an invalidated horoscope back, or, when the bot has
// generated a new text for that day meanwhile, shows both to choose or merge.
class ActivityPage final : public QWidget
{
    Q_OBJECT
public:
    explicit ActivityPage(Database* database, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    QComboBox* kindBox() const { return m_kind; }
    QPushButton* restoreButton() const { return m_restore; }
    ActivityModel* model() const { return m_model; }
    void reload();
    void restoreSelected();
    void openSelected();

signals:
    // The horoscope `id` (its current row), at the version the entry `revisionId` made.
    void openRequested(int id, qint64 revisionId);
    void message(const QString& text, bool error);
    void horoscopesChanged();

protected:
    void showEvent(QShowEvent* event) override;

private:
    void applyFilter();
    void updateButtons();
    const ActivityEntry* selected() const;
    void restored(const ActivityLog::Restored& r);

    ActivityModel* m_model;
    HoroscopeService m_horoscopes;
    QLineEdit* m_person;
    QComboBox* m_kind;
    QComboBox* m_sign;
    QDateEdit* m_since;
    QDateEdit* m_until;
    QTableView* m_table;
    QPushButton* m_open;
    QPushButton* m_restore;
    bool m_restoring = false;
};
