#include "TextReplace.h"

#include "HoroscopeQuery.h"

using namespace Qt::Literals::StringLiterals;

TextReplace::TextReplace(Options options)
    : m_options(std::move(options))
{
    m_valid = !m_options.search.isEmpty();
    // \w with UseUnicodePropertiesOption is any letter, digit or connector in any script: a
    // whole "Марс" is not found inside "Марсом", nor "art" inside "Начало art-терапии" is.
    QString pattern = QRegularExpression::escape(m_options.search);
    if (m_options.wholeWord)
        pattern = u"(?<!\\w)"_s + pattern + u"(?!\\w)"_s;
    QRegularExpression::PatternOptions flags = QRegularExpression::UseUnicodePropertiesOption;
    if (!m_options.caseSensitive)
        flags |= QRegularExpression::CaseInsensitiveOption;
    m_regex = QRegularExpression(pattern, flags);
}

QList<TextReplace::Hit> TextReplace::hits(const QString& text) const
{
    QList<Hit> out;
    if (!m_valid)
        return out;
    auto it = m_regex.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedLength() > 0)
            out << Hit{m.capturedStart(), m.capturedLength()};
    }
    return out;
}

QString TextReplace::replaced(const QString& text, const QList<Hit>& hits) const
{
    QString out;
    out.reserve(text.size());
    qsizetype at = 0;
    for (const Hit& h : hits) {
        out += QStringView(text).mid(at, h.start - at);
        out += m_options.replacement;
        at = h.start + h.length;
    }
    out += QStringView(text).mid(at);
    return out;
}

QList<TextReplace::Context> TextReplace::contexts(const QString& text, const QList<Hit>& hits,
                                                  int radius) const
{
    QList<Context> out;
    qsizetype i = 0;
    while (i < hits.size()) {
        // The hits whose gaps are within two radii share a context.
        qsizetype last = i;
        while (last + 1 < hits.size() &&
               hits.at(last + 1).start - (hits.at(last).start + hits.at(last).length) <= 2 * radius)
            ++last;
        Context c;
        const qsizetype from = std::max<qsizetype>(0, hits.at(i).start - radius);
        const Hit& end = hits.at(last);
        const qsizetype to = std::min(text.size(), end.start + end.length + radius);
        QString lead = text.mid(from, hits.at(i).start - from);
        if (from > 0)
            lead.prepend(u'…');
        c << Piece{Piece::Kind::Plain, lead};
        for (qsizetype k = i; k <= last; ++k) {
            const Hit& h = hits.at(k);
            if (k > i) {
                const Hit& before = hits.at(k - 1);
                const qsizetype gap = before.start + before.length;
                c << Piece{Piece::Kind::Plain, text.mid(gap, h.start - gap)};
            }
            c << Piece{Piece::Kind::Removed, text.mid(h.start, h.length)};
            c << Piece{Piece::Kind::Inserted, m_options.replacement};
        }
        QString tail = text.mid(end.start + end.length, to - (end.start + end.length));
        if (to < text.size())
            tail += u'…';
        c << Piece{Piece::Kind::Plain, tail};
        // Line breaks would break a one-line view of the context.
        for (Piece& p : c)
            p.text.replace(u'\n', u' ').replace(u'\r', u' ');
        out << c;
        i = last + 1;
    }
    return out;
}

QString TextReplace::plainContext(const Context& context)
{
    QString out;
    for (const Piece& p : context) {
        switch (p.kind) {
        case Piece::Kind::Plain:
            out += p.text;
            break;
        case Piece::Kind::Removed:
            out += u'[' + p.text + u" → "_s;
            break;
        case Piece::Kind::Inserted:
            out += p.text + u']';
            break;
        }
    }
    return out;
}

QString TextReplace::likePattern() const
{
    return HoroscopeQuery::likePattern(m_options.search);
}
