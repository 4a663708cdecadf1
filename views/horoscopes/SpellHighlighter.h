#pragma once

#include <QSyntaxHighlighter>
#include <memory>

class SpellChecker;

// Underlines misspelt words with a red wave. It works per paragraph (QSyntaxHighlighter
// re-highlights only the block that changed) and the checker caches each word's answer, so a
// keystroke costs a hash lookup per word of one paragraph. Its formats are the layout's own,
// apart from the document's text and undo history and from the editor's ExtraSelections
// (the search-term marks).
class SpellHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit SpellHighlighter(QTextDocument* document);

    void setChecker(std::shared_ptr<SpellChecker> checker);
    SpellChecker* checker() const { return m_checker.get(); }

protected:
    void highlightBlock(const QString& text) override;

private:
    std::shared_ptr<SpellChecker> m_checker;
    QTextCharFormat m_format;
};
