#pragma once

#include <QList>
#include <QString>

// A three-way merge of two edits of one text, word by word: what the editor wrote (mine) and
// what someone else saved meanwhile (theirs), both against the text the editor started from.
// The text is cut into stretches the two sides left alone and differences; a difference
// changed by one side takes that side, one both sides changed differently is a conflict for
// the editor to decide. Built on TextDiff, so words, spaces and whole graphemes.
class TextMerge final
{
public:
    enum class Side { Mine, Theirs };

    struct Difference
    {
        QString original; // the stretch of the original text concerned (may be empty)
        QString mine;     // what it became in mine
        QString theirs;   // what it became in theirs
        bool mineChanged() const { return mine != original; }
        bool theirsChanged() const { return theirs != original; }
        bool isConflict() const { return mineChanged() && theirsChanged() && mine != theirs; }
        // The side a merge takes unless told otherwise: the one that changed it; mine when
        // both did.
        Side preferred() const { return mineChanged() ? Side::Mine : Side::Theirs; }
    };

    TextMerge(const QString& original, const QString& mine, const QString& theirs);

    // Only the stretches where mine and theirs differ; identical changes merge silently.
    const QList<Difference>& differences() const { return m_differences; }
    qsizetype conflictCount() const;
    // The merged text, taking `choices[i]` for difference i (preferred() where missing).
    QString merged(const QList<Side>& choices = {}) const;

private:
    struct Segment
    {
        QString common;       // text both sides kept, or changed alike
        qsizetype difference; // index into m_differences, or -1
    };
    QList<Segment> m_segments;
    QList<Difference> m_differences;
};
