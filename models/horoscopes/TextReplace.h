#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>

// Find and replace inside one text: where a term occurs (as a whole word or anywhere, in any
// case or exactly) and the text with it replaced. The database only narrows the candidates
// (LIKE/ILIKE with the trigram index); the match itself is decided here, with Unicode's idea
// of letters and case, so a preview and the write that follows it agree to the character.
class TextReplace final
{
public:
    struct Options
    {
        QString search;
        QString replacement;
        bool wholeWord = false;
        bool caseSensitive = false;
        bool operator==(const Options&) const = default;
    };
    struct Hit
    {
        qsizetype start = 0;
        qsizetype length = 0;
        bool operator==(const Hit&) const = default;
    };
    // A stretch of a context: unchanged text, the words replaced, or what replaces them.
    struct Piece
    {
        enum class Kind { Plain, Removed, Inserted };
        Kind kind = Kind::Plain;
        QString text;
    };
    using Context = QList<Piece>;

    explicit TextReplace(Options options);

    const Options& options() const { return m_options; }
    bool isValid() const { return m_valid; } // a non-empty term
    QList<Hit> hits(const QString& text) const;
    QString replaced(const QString& text, const QList<Hit>& hits) const;
    QString replaced(const QString& text) const { return replaced(text, hits(text)); }
    // The text around the hits, up to `radius` characters either side; hits closer than that
    // share one context. "…" marks text left out.
    QList<Context> contexts(const QString& text, const QList<Hit>& hits, int radius = 40) const;
    // One line for a terminal: "…before [old → new] after…".
    static QString plainContext(const Context& context);
    // The pattern that narrows candidates in SQL: LIKE when case-sensitive, else ILIKE.
    QString likePattern() const;

private:
    Options m_options;
    QRegularExpression m_regex;
    bool m_valid = false;
};
