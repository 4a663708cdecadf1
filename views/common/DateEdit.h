#pragma once

#include <QDateEdit>

// Dates as people type them. Every date field of the program is one of these.
namespace DateText {

// The locale's long date without the weekday ("28 ноября 2026 г.", "November 28, 2026"): a
// weekday's name cannot be put into a sentence in every language (Russian needs "на субботу",
// the name alone is "суббота"), a day and month can.
QString inSentence(const QDate& date);

// The locale's short date with a four-digit year ("dd.MM.yyyy", "M/d/yyyy"): a two-digit year
// section takes only the first two of the four digits a person types.
QString editFormat();

// Moves a date field still at its default, `offsetDays` from `oldToday`, to the same default
// from `newToday` (the server's date came, or midnight passed); a date someone chose stays.
void followToday(QDateEdit* edit, const QDate& oldToday, const QDate& newToday, int offsetDays);

} // namespace DateText

// A QDateEdit in DateText::editFormat() that takes a date typed with its separators as typed:
// "28.11.2026" gives 28 November 2026. QDateEdit moves to the next section by itself once a
// section is full, and then moved once more on the separator typed after it; here a separator
// moves on only when the digits typed so far did not already.
class DateEdit final : public QDateEdit
{
    Q_OBJECT
public:
    explicit DateEdit(const QDate& date, QWidget* parent = nullptr);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;

private:
    bool m_typedInSection = false; // digits typed since the current section was entered
};
