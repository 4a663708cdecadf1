#pragma once

#include "HoroscopeService.h"
#include "Privileges.h"
#include "RegenerationBatch.h"

#include <QDate>
#include <QWidget>

class QDateEdit;
class QLabel;
class QTableWidget;
class QToolButton;

// The 12 signs against a range of dates: which days have a horoscope, which are missing, and
// which were corrected by hand. Activating a cell opens that horoscope.
class CoverageView final : public QWidget
{
    Q_OBJECT
public:
    explicit CoverageView(Database* database, QWidget* parent = nullptr);

    void setPrivileges(const Privileges& privileges); // "Generate missing" needs Regenerate
    void setRange(const QDate& from, const QDate& to);
    void reload();
    QDate today() const { return m_today; } // the day shown as today (bold)

    QTableWidget* grid() const { return m_grid; }
    int missingCount() const { return m_missing; }
    // Days up to today without a horoscope; later days are not due yet and never missing.
    RegenerationBatch::Targets missingTargets() const;
    // Asks, naming how many, then emits regenerateRequested for the missing days.
    void generateMissing();
    void selectNextGap(); // the next missing cell after the current one, by date then sign
    QString summary() const;

signals:
    void openRequested(int id);
    void regenerateRequested(const RegenerationBatch::Targets& targets);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void updateActions();
    void scrollToToday();

    HoroscopeService m_horoscopes;
    LatestOnly m_loads;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QTableWidget* m_grid;
    QLabel* m_summary;
    QToolButton* m_generate;
    QToolButton* m_nextGap;
    Privileges m_privileges;
    QDate m_shownFrom;
    QDate m_today; // the server's date the grid was drawn for (Database::today())
    int m_missing = 0;
    int m_scrollToColumn = -1; // today's column, until the grid is on screen to scroll there
};
