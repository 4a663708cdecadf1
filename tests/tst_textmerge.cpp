#include "TextMerge.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Side = TextMerge::Side;

// The word-level three-way merge behind the conflict dialog (issue 12, item 3).
class TestTextMerge : public QObject
{
    Q_OBJECT
private slots:
    void separateChangesMergeByThemselves();
    void theSameWordChangedTwiceIsAConflict();
    void theSameChangeOnBothSidesIsNoDifference();
    void insertionsAtOnePlaceAreAConflict();
    void cyrillicAndEmojiStayWhole();
    void oneSidedEditsComeThroughUnchanged();
};

void TestTextMerge::separateChangesMergeByThemselves()
{
    const TextMerge m(u"The sun rises in the east today."_s, u"The moon rises in the east today."_s,
                      u"The sun rises in the east tomorrow."_s);
    QCOMPARE(m.differences().size(), 2);
    QCOMPARE(m.conflictCount(), 0);
    QCOMPARE(m.differences().at(0).original, u"sun"_s);
    QCOMPARE(m.differences().at(0).mine, u"moon"_s);
    QCOMPARE(m.differences().at(0).theirs, u"sun"_s);
    QCOMPARE(m.merged(), u"The moon rises in the east tomorrow."_s);
    // Either side can still be taken for each difference.
    QCOMPARE(m.merged({Side::Theirs, Side::Mine}), u"The sun rises in the east today."_s);
}

void TestTextMerge::theSameWordChangedTwiceIsAConflict()
{
    const TextMerge m(u"Leo is brave. Rest tonight."_s, u"Leo is bold. Rest tonight."_s,
                      u"Leo is strong. Rest tonight!"_s);
    QCOMPARE(m.differences().size(), 2);
    QCOMPARE(m.conflictCount(), 1);
    const TextMerge::Difference& d = m.differences().at(0);
    QVERIFY(d.isConflict());
    QCOMPARE(d.original, u"brave"_s);
    QCOMPARE(d.mine, u"bold"_s);
    QCOMPARE(d.theirs, u"strong"_s);
    QCOMPARE(m.merged(), u"Leo is bold. Rest tonight!"_s); // mine by default, theirs' "!"
    QCOMPARE(m.merged({Side::Theirs}), u"Leo is strong. Rest tonight!"_s);
}

void TestTextMerge::theSameChangeOnBothSidesIsNoDifference()
{
    const TextMerge m(u"Aries: go on."_s, u"Aries: go ahead."_s, u"Aries: go ahead."_s);
    QVERIFY(m.differences().isEmpty());
    QCOMPARE(m.merged(), u"Aries: go ahead."_s);
}

void TestTextMerge::insertionsAtOnePlaceAreAConflict()
{
    const TextMerge m(u"Rest."_s, u"Rest well."_s, u"Rest now."_s);
    QCOMPARE(m.conflictCount(), 1);
    QCOMPARE(m.merged({Side::Theirs}), u"Rest now."_s);
    QCOMPARE(m.merged({Side::Mine}), u"Rest well."_s);
}

void TestTextMerge::cyrillicAndEmojiStayWhole()
{
    const QString original = u"Овен 🌟 сегодня смел. Отдохните вечером."_s;
    const QString mine = u"Овен 🌟 сегодня отважен. Отдохните вечером."_s;
    const QString theirs =
        u"Овен 👨‍👩‍👧 сегодня смел. Отдохните вечером."_s;
    const TextMerge m(original, mine, theirs);
    QCOMPARE(m.conflictCount(), 0);
    QCOMPARE(
        m.merged(),
        u"Овен 👨‍👩‍👧 сегодня отважен. Отдохните вечером."_s);
}

void TestTextMerge::oneSidedEditsComeThroughUnchanged()
{
    // Whatever one side did, when the other did nothing the merge is exactly that side.
    QRandomGenerator random(12);
    const QStringList words{u"Лев"_s, u"сегодня"_s, u"sun"_s,    u"moon"_s, u"."_s,
                            u" "_s,   u"\n"_s,      u"звёзды"_s, u"!"_s,    u"day"_s};
    const auto text = [&](int n) {
        QString t;
        for (int i = 0; i < n; ++i)
            t += words.at(random.bounded(words.size())) + (random.bounded(2) ? u" "_s : QString());
        return t;
    };
    for (int round = 0; round < 200; ++round) {
        const QString original = text(random.bounded(1, 30));
        const QString edited = text(random.bounded(0, 30));
        QCOMPARE(TextMerge(original, edited, original).merged(), edited);
        QCOMPARE(TextMerge(original, original, edited).merged(), edited);
        QCOMPARE(TextMerge(original, edited, edited).merged(), edited);
        // Taking one side everywhere gives that side's text back.
        const QString other = text(random.bounded(0, 30));
        const TextMerge both(original, edited, other);
        QCOMPARE(both.merged(QList<Side>(both.differences().size(), Side::Mine)), edited);
        QCOMPARE(both.merged(QList<Side>(both.differences().size(), Side::Theirs)), other);
    }
}

QTEST_APPLESS_MAIN(TestTextMerge)
#include "tst_textmerge.moc"
