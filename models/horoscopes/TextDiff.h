#pragma once

#include <QList>
#include <QString>

#include <utility>

// A word-level diff between two texts, for showing what changed between two versions of a
// horoscope. Tokens are words, runs of whitespace and single punctuation characters, so the
// diff reads naturally in Russian and English; the texts are rebuilt exactly from the pieces.
// Tokens are made of whole grapheme clusters, so an emoji (even a ZWJ sequence or a flag) or a
// letter with a combining accent is never cut in half.
class TextDiff final
{
public:
    enum class Op { Equal, Removed, Added };
    struct Piece
    {
        Op op;
        QString text;
        bool operator==(const Piece&) const = default;
    };

    // Pieces in reading order; adjacent pieces never share an op. Concatenating the Equal and
    // Removed pieces gives `before`; Equal and Added give `after`. For very large inputs (the
    // product of the token counts above maxCells) it falls back to a line-level diff, and
    // above that to "all removed, all added".
    static QList<Piece> compute(const QString& before, const QString& after,
                                qint64 maxCells = 4'000'000);

    // HTML for a QTextBrowser: removed text struck through on a red background, added text on
    // a green background, the rest plain; everything HTML-escaped, newlines as <br>.
    static QString toHtml(const QList<Piece>& pieces);

    // How many characters were removed and added, for a one-line summary. Counts code points,
    // so an emoji such as U+1F31F is one character, not two UTF-16 units.
    static std::pair<qsizetype, qsizetype> changedCharacters(const QList<Piece>& pieces);
};
