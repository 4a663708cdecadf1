#include "TextDiff.h"

#include <QHash>
#include <QStringView>
#include <QTextBoundaryFinder>

#include <algorithm>
#include <span>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace {

using Op = TextDiff::Op;
using Tokens = std::vector<QStringView>;
using TokenSpan = std::span<const QStringView>;

struct RawPiece
{
    Op op;
    QStringView text;
};
using RawDiff = std::vector<RawPiece>;

enum class Kind { Word, Space, Other };

char32_t firstCodePoint(QStringView cluster)
{
    const QChar c = cluster.front();
    if (c.isHighSurrogate() && cluster.size() > 1 && cluster[1].isLowSurrogate())
        return QChar::surrogateToUcs4(c, cluster[1]);
    return c.unicode();
}

Kind kindOf(QStringView cluster)
{
    const char32_t cp = firstCodePoint(cluster);
    if (QChar::isLetterOrNumber(cp))
        return Kind::Word;
    if (QChar::isSpace(cp))
        return Kind::Space;
    return Kind::Other;
}

// Works on grapheme clusters rather than QChars: that keeps surrogate pairs, emoji sequences
// and combining accents whole, so no piece of the diff can hold half a character.
Tokens tokenize(QStringView text)
{
    Tokens tokens;
    if (text.isEmpty())
        return tokens;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text.data(), text.size());
    qsizetype runStart = 0;
    qsizetype clusterStart = 0;
    Kind runKind = Kind::Other;
    for (qsizetype end = finder.toNextBoundary(); end != -1; end = finder.toNextBoundary()) {
        const Kind kind = kindOf(text.sliced(clusterStart, end - clusterStart));
        if (clusterStart == 0 || kind == Kind::Other || kind != runKind) {
            if (clusterStart > runStart)
                tokens.push_back(text.sliced(runStart, clusterStart - runStart));
            runStart = clusterStart;
            runKind = kind;
        }
        clusterStart = end;
        if (kind == Kind::Other) {
            tokens.push_back(text.sliced(runStart, end - runStart));
            runStart = end;
        }
    }
    if (text.size() > runStart)
        tokens.push_back(text.sliced(runStart));
    return tokens;
}

// Lines keep their '\n', so concatenating them gives the text back.
Tokens splitLines(QStringView text)
{
    Tokens lines;
    qsizetype start = 0;
    while (start < text.size()) {
        const qsizetype nl = text.indexOf(u'\n', start);
        const qsizetype end = nl < 0 ? text.size() : nl + 1;
        lines.push_back(text.sliced(start, end - start));
        start = end;
    }
    return lines;
}

qsizetype totalSize(TokenSpan tokens)
{
    qsizetype n = 0;
    for (const QStringView t : tokens)
        n += t.size();
    return n;
}

struct Common
{
    qsizetype prefix = 0; // tokens
    qsizetype suffix = 0;
};

Common commonEnds(TokenSpan a, TokenSpan b)
{
    Common c;
    const qsizetype shorter = qsizetype(std::min(a.size(), b.size()));
    while (c.prefix < shorter && a[size_t(c.prefix)] == b[size_t(c.prefix)])
        ++c.prefix;
    while (c.suffix < shorter - c.prefix &&
           a[a.size() - 1 - size_t(c.suffix)] == b[b.size() - 1 - size_t(c.suffix)])
        ++c.suffix;
    return c;
}

void push(RawDiff& out, Op op, QStringView text)
{
    if (!text.isEmpty())
        out.push_back({op, text});
}

void pushAll(RawDiff& out, Op op, TokenSpan tokens)
{
    for (const QStringView t : tokens)
        push(out, op, t);
}

// Classic LCS table over interned tokens, filled from the end so the walk can go forward.
// Ties always go to the removal, which keeps the alignment deterministic.
void lcsDiff(TokenSpan a, TokenSpan b, RawDiff& out)
{
    if (a.empty() || b.empty()) {
        pushAll(out, Op::Removed, a);
        pushAll(out, Op::Added, b);
        return;
    }
    QHash<QStringView, int> ids;
    auto intern = [&ids](TokenSpan tokens) {
        std::vector<int> result;
        result.reserve(tokens.size());
        for (const QStringView t : tokens) {
            auto it = ids.constFind(t);
            if (it == ids.constEnd())
                it = ids.insert(t, int(ids.size()));
            result.push_back(*it);
        }
        return result;
    };
    const std::vector<int> x = intern(a);
    const std::vector<int> y = intern(b);
    const size_t n = x.size();
    const size_t m = y.size();
    const size_t stride = m + 1;
    std::vector<quint32> table((n + 1) * stride, 0);
    auto at = [&](size_t i, size_t j) -> quint32& { return table[i * stride + j]; };
    for (size_t i = n; i-- > 0;) {
        for (size_t j = m; j-- > 0;) {
            at(i, j) = x[i] == y[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
        }
    }
    size_t i = 0;
    size_t j = 0;
    while (i < n && j < m) {
        if (x[i] == y[j]) {
            push(out, Op::Equal, a[i]);
            ++i;
            ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            push(out, Op::Removed, a[i++]);
        } else {
            push(out, Op::Added, b[j++]);
        }
    }
    pushAll(out, Op::Removed, a.subspan(i));
    pushAll(out, Op::Added, b.subspan(j));
}

bool fits(size_t n, size_t m, qint64 cells)
{
    return qint64(n) * qint64(m) <= cells;
}

// Word diff of one changed block of lines. Refinements share one budget so that a text with
// many changed blocks still costs at most maxCells in total.
void refineBlock(QStringView removed, QStringView added, qint64& budget, RawDiff& out)
{
    const Tokens a = tokenize(removed);
    const Tokens b = tokenize(added);
    const Common c = commonEnds(a, b);
    const TokenSpan midA =
        TokenSpan(a).subspan(size_t(c.prefix), a.size() - size_t(c.prefix + c.suffix));
    const TokenSpan midB =
        TokenSpan(b).subspan(size_t(c.prefix), b.size() - size_t(c.prefix + c.suffix));
    pushAll(out, Op::Equal, TokenSpan(a).first(size_t(c.prefix)));
    if (fits(midA.size(), midB.size(), budget)) {
        budget -= qint64(midA.size()) * qint64(midB.size());
        lcsDiff(midA, midB, out);
    } else {
        push(out, Op::Removed,
             removed.sliced(totalSize(TokenSpan(a).first(size_t(c.prefix))), totalSize(midA)));
        push(out, Op::Added,
             added.sliced(totalSize(TokenSpan(b).first(size_t(c.prefix))), totalSize(midB)));
    }
    pushAll(out, Op::Equal, TokenSpan(a).last(size_t(c.suffix)));
}

void lineDiff(QStringView before, QStringView after, qint64 maxCells, RawDiff& out)
{
    const Tokens a = splitLines(before);
    const Tokens b = splitLines(after);
    if (!fits(a.size(), b.size(), maxCells)) {
        push(out, Op::Removed, before);
        push(out, Op::Added, after);
        return;
    }
    RawDiff lines;
    lcsDiff(a, b, lines);

    // Lines removed (or added) between two equal lines are adjacent in their text, so each
    // changed block is one view into `before` and one into `after`.
    qint64 budget = maxCells;
    qsizetype posA = 0;
    qsizetype posB = 0;
    qsizetype blockA = 0;
    qsizetype blockB = 0;
    auto flush = [&] {
        refineBlock(before.sliced(posA, blockA), after.sliced(posB, blockB), budget, out);
        posA += blockA;
        posB += blockB;
        blockA = 0;
        blockB = 0;
    };
    for (const RawPiece& p : lines) {
        switch (p.op) {
        case Op::Equal:
            flush();
            push(out, Op::Equal, p.text);
            posA += p.text.size();
            posB += p.text.size();
            break;
        case Op::Removed:
            blockA += p.text.size();
            break;
        case Op::Added:
            blockB += p.text.size();
            break;
        }
    }
    flush();
}

// A line break is kept out: changed paragraphs read better as separate blocks.
bool isFiller(QStringView text)
{
    for (const QChar c : text) {
        if (c == u'\n' || (!c.isSpace() && !c.isPunct()))
            return false;
    }
    return true;
}

// Turns the token stream into pieces: merges runs, puts Removed before Added, and folds a
// stretch of only spaces and punctuation between two changes into the change, so a rewritten
// phrase shows as one removal and one addition instead of word-by-word confetti.
QList<TextDiff::Piece> assemble(const RawDiff& raw)
{
    struct Segment
    {
        bool equal = false;
        QString same;
        QString removed;
        QString added;
    };
    std::vector<Segment> segments;
    for (const RawPiece& p : raw) {
        const bool equal = p.op == Op::Equal;
        if (segments.empty() || segments.back().equal != equal) {
            // A change may swallow the filler right before it, then merge with the change
            // before that.
            if (!equal && segments.size() >= 2 && isFiller(segments.back().same)) {
                const QString filler = segments.back().same;
                segments.pop_back();
                segments.back().removed += filler;
                segments.back().added += filler;
            } else {
                segments.push_back({equal, {}, {}, {}});
            }
        }
        Segment& s = segments.back();
        switch (p.op) {
        case Op::Equal:
            s.same += p.text;
            break;
        case Op::Removed:
            s.removed += p.text;
            break;
        case Op::Added:
            s.added += p.text;
            break;
        }
    }

    QList<TextDiff::Piece> pieces;
    for (Segment& s : segments) {
        if (s.equal) {
            pieces.append({Op::Equal, std::move(s.same)});
            continue;
        }
        if (!s.removed.isEmpty())
            pieces.append({Op::Removed, std::move(s.removed)});
        if (!s.added.isEmpty())
            pieces.append({Op::Added, std::move(s.added)});
    }
    return pieces;
}

} // namespace

QList<TextDiff::Piece> TextDiff::compute(const QString& before, const QString& after,
                                         qint64 maxCells)
{
    const Tokens a = tokenize(before);
    const Tokens b = tokenize(after);
    const Common c = commonEnds(a, b);
    const TokenSpan prefix = TokenSpan(a).first(size_t(c.prefix));
    const TokenSpan suffix = TokenSpan(a).last(size_t(c.suffix));
    const TokenSpan midA =
        TokenSpan(a).subspan(size_t(c.prefix), a.size() - size_t(c.prefix + c.suffix));
    const TokenSpan midB =
        TokenSpan(b).subspan(size_t(c.prefix), b.size() - size_t(c.prefix + c.suffix));

    RawDiff raw;
    // The prefix and suffix can be most of a big text: emit them as one view each.
    const qsizetype prefixSize = totalSize(prefix);
    push(raw, Op::Equal, QStringView(before).first(prefixSize));
    if (fits(midA.size(), midB.size(), maxCells)) {
        lcsDiff(midA, midB, raw);
    } else {
        lineDiff(QStringView(before).sliced(prefixSize, totalSize(midA)),
                 QStringView(after).sliced(prefixSize, totalSize(midB)), maxCells, raw);
    }
    push(raw, Op::Equal, QStringView(before).last(totalSize(suffix)));
    return assemble(raw);
}

QString TextDiff::toHtml(const QList<Piece>& pieces)
{
    QString html = u"<div style=\"white-space:pre-wrap;\">"_s;
    const Piece* previous = nullptr;
    for (const Piece& p : pieces) {
        // Removed words right before added ones read as one word ("ДеньУтро"): a gap between.
        if (previous && previous->op == Op::Removed && p.op == Op::Added)
            html += u" "_s;
        previous = &p;
        QString text = p.text.toHtmlEscaped();
        text.replace(u"\r\n"_s, u"\n"_s);
        text.replace(u'\n', u"<br>"_s);
        switch (p.op) {
        case Op::Equal:
            html += text;
            break;
        case Op::Removed:
            html += u"<span style=\"background:#fde2e2;text-decoration:line-through;\">"_s + text +
                    u"</span>"_s;
            break;
        case Op::Added:
            html += u"<span style=\"background:#d8f5dd;\">"_s + text + u"</span>"_s;
            break;
        }
    }
    html += u"</div>"_s;
    return html;
}

std::pair<qsizetype, qsizetype> TextDiff::changedCharacters(const QList<Piece>& pieces)
{
    auto codePoints = [](const QString& s) {
        qsizetype n = s.size();
        for (qsizetype i = 1; i < s.size(); ++i) {
            if (s[i].isLowSurrogate() && s[i - 1].isHighSurrogate())
                --n;
        }
        return n;
    };
    qsizetype removed = 0;
    qsizetype added = 0;
    for (const Piece& p : pieces) {
        if (p.op == Op::Removed)
            removed += codePoints(p.text);
        else if (p.op == Op::Added)
            added += codePoints(p.text);
    }
    return {removed, added};
}
