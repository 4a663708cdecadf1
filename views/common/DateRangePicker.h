#pragma once

#include <QDate>
#include <QWidget>
#include <functional>

class QComboBox;
class QDateEdit;

// A date range as people pick one: named presets ("Last 30 days"), and a custom range whose
// two date fields show only when it is chosen. Used by the horoscope browser and the trends.
class DateRangePicker final : public QWidget
{
    Q_OBJECT
public:
    using Range = std::pair<QDate, QDate>; // an invalid date leaves that end open
    struct Preset
    {
        QString label;
        std::function<Range()> range;
    };

    // `today`: the custom range's first default (the last 30 days to it).
    DateRangePicker(QList<Preset> presets, int initial, const QDate& today,
                    QWidget* parent = nullptr);
    // Today moved (Database::todayChanged): a preset range is evaluated again (changed()), the
    // custom range's defaults follow.
    void setToday(const QDate& oldToday, const QDate& newToday);

    Range range() const;
    bool isCustom() const;
    int customIndex() const { return static_cast<int>(m_presets.size()); }
    // Selects a preset (or customIndex() with from and to) and always emits changed().
    void select(int index, const QDate& from = {}, const QDate& to = {});

signals:
    void changed();

private:
    QList<Preset> m_presets;
    QComboBox* m_combo;
    QDateEdit* m_from;
    QDateEdit* m_to;
};
