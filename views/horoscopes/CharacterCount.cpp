#include "CharacterCount.h"

#include "HoroscopeStore.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPlainTextEdit>

using namespace Qt::Literals::StringLiterals;

// The words keep the editor's translation context (a literal, for lupdate): they had their
// translations there, the English plural forms too, before this line was shared.

CharacterCount::CharacterCount(QWidget* parent)
    : QLabel(parent)
{
    setWordWrap(true);
}

void CharacterCount::count(const QString& text, const QStringList& more, const QString& note)
{
    // A plain variable for the count: lupdate does not see a translate() with a cast in it.
    const int length = static_cast<int>(text.size());
    QStringList parts{
        QCoreApplication::translate("HoroscopeEditor", "%n character(s)", nullptr, length)};
    // Longer than one Telegram message: the bot cannot send it as it is.
    m_over = HoroscopeStore::overTelegramLimit(text);
    const QString limit = QLocale().toString(HoroscopeStore::kTelegramMessageLimit);
    if (m_over > 0)
        parts << QCoreApplication::translate("HoroscopeEditor", "%n over Telegram's limit of %1",
                                             nullptr, m_over)
                     .arg(limit);
    parts << more;
    setStyleSheet(m_over > 0 ? u"QLabel { color: #b3261e; font-weight: bold; }"_s : QString());
    setText((m_prefix.isEmpty() ? QString() : m_prefix + u' ') + parts.join(u"  ·  "_s));
    setToolTip(m_over > 0
                   ? QCoreApplication::translate(
                         "HoroscopeEditor",
                         "A Telegram message holds at most %1 characters: the bot may cut this "
                         "horoscope or fail to send it. Shorten the text by %n character(s).",
                         nullptr, m_over)
                             .arg(limit) +
                         (note.isEmpty() ? QString() : u'\n' + note)
                   : note);
}

void CharacterCount::follow(QPlainTextEdit* edit)
{
    connect(edit, &QPlainTextEdit::textChanged, this, [this, edit] { count(edit->toPlainText()); });
    count(edit->toPlainText());
}
