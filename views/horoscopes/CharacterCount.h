#pragma once

#include <QLabel>
#include <QStringList>

class QPlainTextEdit;

// The count line under a horoscope's text: how many characters, and past one Telegram message
// how many too many, in red, with a tooltip that says what to do. The main editor, the
// regenerate review and its editor share it, so a text is measured alike wherever it is read.
class CharacterCount final : public QLabel
{
    Q_OBJECT
public:
    explicit CharacterCount(QWidget* parent = nullptr);

    // Said before the count ("New text:"), for a line that could mean more than one text.
    void setPrefix(const QString& prefix) { m_prefix = prefix; }
    // `more` follows the count ("unsaved changes"); `note` is added to the tooltip.
    void count(const QString& text, const QStringList& more = {}, const QString& note = {});
    // Counts `edit`'s text now and whenever it changes.
    void follow(QPlainTextEdit* edit);
    int over() const { return m_over; } // characters past the Telegram limit

private:
    QString m_prefix;
    int m_over = 0;
};
