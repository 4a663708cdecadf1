#include "TextMerge.h"

#include "TextDiff.h"

#include <algorithm>

namespace {

// A change of one side: original[from, to) became `text`.
struct Hunk
{
    qsizetype from;
    qsizetype to;
    QString text;
};

QList<Hunk> hunks(const QString& original, const QString& changed)
{
    QList<Hunk> out;
    qsizetype pos = 0;
    bool open = false; // the last hunk ends at pos and may still grow
    for (const TextDiff::Piece& p : TextDiff::compute(original, changed)) {
        if (p.op == TextDiff::Op::Equal) {
            pos += p.text.size();
            open = false;
            continue;
        }
        if (!open) {
            out.append({pos, pos, {}});
            open = true;
        }
        if (p.op == TextDiff::Op::Removed) {
            pos += p.text.size();
            out.last().to = pos;
        } else {
            out.last().text += p.text;
        }
    }
    return out;
}

// original[from, to) with the side's hunks inside it applied.
QString apply(const QString& original, qsizetype from, qsizetype to, const QList<Hunk>& side)
{
    QString out;
    qsizetype pos = from;
    for (const Hunk& h : side) {
        if (h.from < from || h.to > to)
            continue;
        out += original.mid(pos, h.from - pos) + h.text;
        pos = h.to;
    }
    return out + original.mid(pos, to - pos);
}

} // namespace

TextMerge::TextMerge(const QString& original, const QString& mine, const QString& theirs)
{
    const QList<Hunk> ours = hunks(original, mine);
    const QList<Hunk> their = hunks(original, theirs);
    // Both sides' hunks in order of position; hunks that overlap or touch form one region.
    struct Tagged
    {
        Hunk hunk;
        bool mine;
    };
    QList<Tagged> all;
    for (const Hunk& h : ours)
        all.append({h, true});
    for (const Hunk& h : their)
        all.append({h, false});
    std::stable_sort(all.begin(), all.end(),
                     [](const Tagged& a, const Tagged& b) { return a.hunk.from < b.hunk.from; });

    qsizetype pos = 0;
    QString common;
    for (qsizetype i = 0; i < all.size();) {
        const qsizetype from = all.at(i).hunk.from;
        qsizetype to = all.at(i).hunk.to;
        qsizetype j = i + 1;
        // Touching counts: two changes next to each other (or an insertion at the edge of a
        // change) are one decision, never spliced together unseen.
        while (j < all.size() && all.at(j).hunk.from <= to) {
            to = std::max(to, all.at(j).hunk.to);
            ++j;
        }
        QList<Hunk> mineHere;
        QList<Hunk> theirsHere;
        for (qsizetype k = i; k < j; ++k)
            (all.at(k).mine ? mineHere : theirsHere).append(all.at(k).hunk);
        Difference d;
        d.original = original.mid(from, to - from);
        d.mine = apply(original, from, to, mineHere);
        d.theirs = apply(original, from, to, theirsHere);
        common += original.mid(pos, from - pos);
        if (d.mine == d.theirs) {
            common += d.mine; // the same change on both sides
        } else {
            m_segments.append({common, m_differences.size()});
            common.clear();
            m_differences.append(d);
        }
        pos = to;
        i = j;
    }
    common += original.mid(pos);
    m_segments.append({common, -1});
}

qsizetype TextMerge::conflictCount() const
{
    return std::count_if(m_differences.cbegin(), m_differences.cend(),
                         [](const Difference& d) { return d.isConflict(); });
}

QString TextMerge::merged(const QList<Side>& choices) const
{
    QString out;
    for (const Segment& s : m_segments) {
        out += s.common;
        if (s.difference < 0)
            continue;
        const Difference& d = m_differences.at(s.difference);
        const Side side = s.difference < choices.size() ? choices.at(s.difference) : d.preferred();
        out += side == Side::Mine ? d.mine : d.theirs;
    }
    return out;
}
