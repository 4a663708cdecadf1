#include "SpellHighlighter.h"

#include "SpellChecker.h"

SpellHighlighter::SpellHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
{
    m_format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    m_format.setUnderlineColor(QColor(0xd0, 0x10, 0x10));
}

void SpellHighlighter::setChecker(std::shared_ptr<SpellChecker> checker)
{
    m_checker = std::move(checker);
    rehighlight();
}

void SpellHighlighter::highlightBlock(const QString& text)
{
    if (!m_checker || !m_checker->isAvailable())
        return;
    for (const SpellChecker::Word& w : m_checker->misspellings(text))
        setFormat(w.start, w.length, m_format);
}
