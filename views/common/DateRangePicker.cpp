#include "DateRangePicker.h"

#include "DateEdit.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLocale>

DateRangePicker::DateRangePicker(QList<Preset> presets, int initial, const QDate& today,
                                 QWidget* parent)
    : QWidget(parent)
    , m_presets(std::move(presets))
    , m_combo(new QComboBox(this))
    , m_from(new DateEdit(today.addDays(-29), this))
    , m_to(new DateEdit(today, this))
{
    for (const Preset& p : std::as_const(m_presets))
        m_combo->addItem(p.label);
    m_combo->addItem(tr("Custom range"));
    m_combo->setCurrentIndex(initial);
    m_combo->setAccessibleName(tr("Dates"));
    m_from->setAccessibleName(tr("From date"));
    m_to->setAccessibleName(tr("To date"));
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setVisible(isCustom());
        connect(edit, &QDateEdit::dateChanged, this, &DateRangePicker::changed);
    }
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_combo);
    layout->addWidget(m_from);
    layout->addWidget(m_to);
    connect(m_combo, &QComboBox::currentIndexChanged, this, [this] {
        m_from->setVisible(isCustom());
        m_to->setVisible(isCustom());
        emit changed();
    });
}

bool DateRangePicker::isCustom() const
{
    return m_combo->currentIndex() == customIndex();
}

DateRangePicker::Range DateRangePicker::range() const
{
    if (isCustom())
        return {m_from->date(), m_to->date()};
    return m_presets.at(m_combo->currentIndex()).range();
}

void DateRangePicker::select(int index, const QDate& from, const QDate& to)
{
    {
        const QSignalBlocker a(m_from);
        const QSignalBlocker b(m_to);
        if (from.isValid())
            m_from->setDate(from);
        if (to.isValid())
            m_to->setDate(to);
    }
    if (index == m_combo->currentIndex())
        emit changed();
    else
        m_combo->setCurrentIndex(index);
}

void DateRangePicker::setToday(const QDate& oldToday, const QDate& newToday)
{
    if (isCustom())
        return; // dates someone chose
    {
        const QSignalBlocker a(m_from);
        const QSignalBlocker b(m_to);
        DateText::followToday(m_from, oldToday, newToday, -29);
        DateText::followToday(m_to, oldToday, newToday, 0);
    }
    emit changed();
}
