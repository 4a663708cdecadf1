#include "DateEdit.h"

#include <QKeyEvent>
#include <QLocale>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

QString DateText::inSentence(const QDate& date)
{
    const QLocale locale;
    QString format = locale.dateFormat(QLocale::LongFormat);
    format.remove(QRegularExpression(u"^d{3,4}[,\\s]*|[,\\s]*d{3,4}"_s));
    return locale.toString(date, format.trimmed());
}

QString DateText::editFormat()
{
    QString format = QLocale().dateFormat(QLocale::ShortFormat);
    if (!format.contains(u"yyyy"_s))
        format.replace(QRegularExpression(u"y+"_s), u"yyyy"_s);
    return format;
}

DateEdit::DateEdit(const QDate& date, QWidget* parent)
    : QDateEdit(date, parent)
{
    setCalendarPopup(true);
    setDisplayFormat(DateText::editFormat());
}

void DateEdit::focusInEvent(QFocusEvent* event)
{
    QDateEdit::focusInEvent(event);
    m_typedInSection = false;
}

void DateEdit::keyPressEvent(QKeyEvent* event)
{
    const QString typed = event->text();
    const bool separator = typed.size() == 1 && !typed.at(0).isLetterOrNumber() &&
                           !typed.at(0).isSpace() && typed.at(0).isPrint() &&
                           displayFormat().contains(typed.at(0));
    if (separator) {
        // The section typed into is done: on to the next, unless typing already moved there.
        if (m_typedInSection && currentSectionIndex() + 1 < sectionCount()) {
            setCurrentSectionIndex(currentSectionIndex() + 1);
            setSelectedSection(currentSection());
        }
        m_typedInSection = false;
        event->accept();
        return;
    }
    const int before = currentSectionIndex();
    QDateEdit::keyPressEvent(event);
    if (currentSectionIndex() != before)
        m_typedInSection = false; // moved on by itself (a full section) or by an arrow key
    else if (typed.size() == 1 && typed.at(0).isDigit())
        m_typedInSection = true;
}

void DateText::followToday(QDateEdit* edit, const QDate& oldToday, const QDate& newToday,
                           int offsetDays)
{
    if (oldToday != newToday && edit->date() == oldToday.addDays(offsetDays))
        edit->setDate(newToday.addDays(offsetDays));
}
