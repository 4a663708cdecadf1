#include "TextDiff.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

using Op = TextDiff::Op;
using Piece = TextDiff::Piece;
using Pieces = QList<Piece>;

// Found by QTest through ADL, so a failed QCOMPARE shows the pieces.
char* toString(const Piece& piece)
{
    const char* op = piece.op == Op::Equal ? "=" : piece.op == Op::Removed ? "-" : "+";
    return qstrdup((QByteArray(op) + QTest::toString(piece.text)).constData());
}

namespace {

Piece eq(const QString& text)
{
    return {Op::Equal, text};
}
Piece del(const QString& text)
{
    return {Op::Removed, text};
}
Piece ins(const QString& text)
{
    return {Op::Added, text};
}

QString rebuild(const Pieces& pieces, Op keep)
{
    QString text;
    for (const Piece& p : pieces) {
        if (p.op == Op::Equal || p.op == keep)
            text += p.text;
    }
    return text;
}

bool validUtf16(const QString& s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i].isHighSurrogate()) {
            if (i + 1 >= s.size() || !s[i + 1].isLowSurrogate())
                return false;
            ++i;
        } else if (s[i].isLowSurrogate()) {
            return false;
        }
    }
    return true;
}

QString describe(const Pieces& pieces, qsizetype i)
{
    const Piece& p = pieces[i];
    const QString op = p.op == Op::Equal ? u"="_s : p.op == Op::Removed ? u"-"_s : u"+"_s;
    return u"piece "_s + QString::number(i) + u": "_s + op + p.text.left(80);
}

// The invariants every result must keep, whatever path produced it.
void checkInvariants(const QString& before, const QString& after, const Pieces& pieces)
{
    QCOMPARE(rebuild(pieces, Op::Removed), before);
    QCOMPARE(rebuild(pieces, Op::Added), after);
    const bool checkSurrogates = validUtf16(before) && validUtf16(after);
    for (qsizetype i = 0; i < pieces.size(); ++i) {
        QVERIFY2(!pieces[i].text.isEmpty(), qPrintable(describe(pieces, i)));
        if (checkSurrogates)
            QVERIFY2(validUtf16(pieces[i].text), qPrintable(describe(pieces, i)));
        if (i > 0) {
            QVERIFY2(pieces[i].op != pieces[i - 1].op, qPrintable(describe(pieces, i)));
            QVERIFY2(!(pieces[i - 1].op == Op::Added && pieces[i].op == Op::Removed),
                     qPrintable(describe(pieces, i)));
        }
    }
}

const QStringList vocabulary = {
    u"звёзды"_s,  u"удача"_s,     u"Луна"_s,  u"Марс"_s, u"любовь"_s,   u"работа"_s, u"сегодня"_s,
    u"завтра"_s,  u"осторожно"_s, u"stars"_s, u"luck"_s, u"today"_s,    u"Venus"_s,  u"энергия"_s,
    u"встреча"_s, u"деньги"_s,    u"🍀"_s,     u"🌟"_s,    u"здоровье"_s, u"друзья"_s,
};

QString randomLine(QRandomGenerator& rng, int words)
{
    QString line;
    for (int w = 0; w < words; ++w) {
        if (w > 0)
            line += rng.bounded(8) == 0 ? u", "_s : u" "_s;
        line += vocabulary[rng.bounded(int(vocabulary.size()))];
    }
    return line + u".\n"_s;
}

// About 50k tokens: 1000 lines of 25 words, with a shared heading every 50 lines so that a
// line diff has something to match while the words around it are unrelated.
QString unrelatedText(quint32 seed)
{
    QRandomGenerator rng(seed);
    QString text;
    for (int line = 0; line < 1000; ++line) {
        if (line % 50 == 25)
            text += u"=== Раздел "_s + QString::number(line / 50) + u" ===\n"_s;
        else
            text += randomLine(rng, 25);
    }
    return text;
}

QString bigText()
{
    QRandomGenerator rng(42);
    QString text;
    while (text.size() < 1'000'000)
        text += randomLine(rng, 12);
    return text;
}

const QString bigMarker = u" Близнецам сегодня везёт "_s;

// ~1 MB with one word changed right in the middle.
std::pair<QString, QString> bigPair()
{
    const QString text = bigText();
    // At a line start, so no surrogate pair is cut.
    const qsizetype mid = text.indexOf(u'\n', text.size() / 2) + 1;
    const QString before = text.left(mid) + bigMarker + text.mid(mid);
    QString after = before;
    after.replace(bigMarker, u" Близнецам сегодня не везёт "_s);
    return {before, after};
}

} // namespace

class TestTextDiff : public QObject
{
    Q_OBJECT
private slots:
    void identical();
    void emptySides();
    void oneWordInRussianSentence();
    void insertionAtStartAndEnd();
    void emojiAreWholeTokens();
    void combiningAccentsStayWithTheirLetter();
    void newlinesPreserved();
    void rewrittenPhraseIsOneBlock();
    void lineBreakKeepsChangedLinesApart();
    void lineFallbackStillDiffsWords();
    void reconstruction_data();
    void reconstruction();
    void bigTextSmallEditUsesTrimming();
    void unrelatedTextsFallBackToLines();
    void unrelatedTextsFallBackToRemoveAll();
    void deterministic();
    void html();
    void changedCharacters();
};

void TestTextDiff::identical()
{
    const QString text = u"Сегодня звёзды на вашей стороне.\nУдачи 🍀!"_s;
    QCOMPARE(TextDiff::compute(text, text), Pieces{eq(text)});
    QCOMPARE(TextDiff::compute(text, text, 0), Pieces{eq(text)});
    QCOMPARE(TextDiff::compute(QString(), QString()), Pieces{});
}

void TestTextDiff::emptySides()
{
    const QString text = u"Телец: день для отдыха."_s;
    QCOMPARE(TextDiff::compute(QString(), text), Pieces{ins(text)});
    QCOMPARE(TextDiff::compute(text, QString()), Pieces{del(text)});
    QCOMPARE(TextDiff::compute(QString(), text, 0), Pieces{ins(text)});
}

void TestTextDiff::oneWordInRussianSentence()
{
    const Pieces pieces = TextDiff::compute(u"Сегодня звёзды на вашей стороне."_s,
                                            u"Сегодня звёзды на нашей стороне."_s);
    const Pieces expected{eq(u"Сегодня звёзды на "_s), del(u"вашей"_s), ins(u"нашей"_s),
                          eq(u" стороне."_s)};
    QCOMPARE(pieces, expected);
}

void TestTextDiff::insertionAtStartAndEnd()
{
    QCOMPARE(TextDiff::compute(u"звёзды сияют"_s, u"Сегодня звёзды сияют"_s),
             (Pieces{ins(u"Сегодня "_s), eq(u"звёзды сияют"_s)}));
    QCOMPARE(TextDiff::compute(u"Удачный день"_s, u"Удачный день. Берегите себя!"_s),
             (Pieces{eq(u"Удачный день"_s), ins(u". Берегите себя!"_s)}));
    QCOMPARE(TextDiff::compute(u"Good luck"_s, u"Good luck and love"_s),
             (Pieces{eq(u"Good luck"_s), ins(u" and love"_s)}));
}

void TestTextDiff::emojiAreWholeTokens()
{
    // 🍀 (U+1F340) and 🌟 (U+1F31F) share their high surrogate: a QChar-level diff would keep
    // it as "equal" and leave lone surrogates in the pieces.
    const QString before = u"Удачи 🍀 вам"_s;
    const QString after = u"Удачи 🌟 вам"_s;
    const Pieces pieces = TextDiff::compute(before, after);
    QCOMPARE(pieces, (Pieces{eq(u"Удачи "_s), del(u"🍀"_s), ins(u"🌟"_s), eq(u" вам"_s)}));
    checkInvariants(before, after, pieces);

    // Glued to a word, and several in a row: each emoji is its own token.
    QCOMPARE(TextDiff::compute(u"удачи🍀🍀"_s, u"удачи🍀🌟"_s),
             (Pieces{eq(u"удачи🍀"_s), del(u"🍀"_s), ins(u"🌟"_s)}));

    // Multi-code-point emoji (ZWJ family, skin tone, flag) change as a whole too.
    QCOMPARE(TextDiff::compute(u"Семья 👨‍👩‍👧 рада"_s,
                               u"Семья 👨‍👩‍👦 рада"_s),
             (Pieces{eq(u"Семья "_s), del(u"👨‍👩‍👧"_s), ins(u"👨‍👩‍👦"_s),
                     eq(u" рада"_s)}));
    QCOMPARE(TextDiff::compute(u"ok 👍🏻"_s, u"ok 👍🏽"_s),
             (Pieces{eq(u"ok "_s), del(u"👍🏻"_s), ins(u"👍🏽"_s)}));
    QCOMPARE(TextDiff::compute(u"🇷🇺 Россия"_s, u"🇷🇸 Россия"_s),
             (Pieces{del(u"🇷🇺"_s), ins(u"🇷🇸"_s), eq(u" Россия"_s)}));
}

void TestTextDiff::combiningAccentsStayWithTheirLetter()
{
    // "ё" written as "е" + U+0308: the accent must not become a separate token.
    const QString before = u"зве\u0308зды на небе"_s;
    const QString after = u"звезды на небе"_s;
    QCOMPARE(TextDiff::compute(before, after),
             (Pieces{del(u"зве\u0308зды"_s), ins(u"звезды"_s), eq(u" на небе"_s)}));
}

void TestTextDiff::newlinesPreserved()
{
    const QString before = u"Овен\nТелец\n"_s;
    const QString after = u"Овен\nБлизнецы\nТелец\n"_s;
    const Pieces pieces = TextDiff::compute(before, after);
    QCOMPARE(pieces, (Pieces{eq(u"Овен\n"_s), ins(u"Близнецы\n"_s), eq(u"Телец\n"_s)}));

    const QString crlf = u"Рак\r\nЛев\r\n"_s;
    const QString lf = u"Рак\nДева\r\n\n"_s;
    checkInvariants(crlf, lf, TextDiff::compute(crlf, lf));
}

void TestTextDiff::rewrittenPhraseIsOneBlock()
{
    // The single space between the two changed words would otherwise split the change in two.
    QCOMPARE(
        TextDiff::compute(u"на вашей стороне, друзья"_s, u"на нашей судьбе, друзья"_s),
        (Pieces{eq(u"на "_s), del(u"вашей стороне"_s), ins(u"нашей судьбе"_s), eq(u", друзья"_s)}));
    // Same with punctuation in between.
    QCOMPARE(TextDiff::compute(u"Марс, Венера"_s, u"Луна — Солнце"_s),
             (Pieces{del(u"Марс, Венера"_s), ins(u"Луна — Солнце"_s)}));
    // An equal word in between is kept.
    QCOMPARE(TextDiff::compute(u"красная и белая"_s, u"синяя и чёрная"_s),
             (Pieces{del(u"красная"_s), ins(u"синяя"_s), eq(u" и "_s), del(u"белая"_s),
                     ins(u"чёрная"_s)}));
}

void TestTextDiff::lineBreakKeepsChangedLinesApart()
{
    QCOMPARE(TextDiff::compute(u"один\nдва"_s, u"три\nчетыре"_s),
             (Pieces{del(u"один"_s), ins(u"три"_s), eq(u"\n"_s), del(u"два"_s), ins(u"четыре"_s)}));
}

void TestTextDiff::lineFallbackStillDiffsWords()
{
    const QString before = u"Овен: удача\nТелец: отдых\nБлизнецы: работа и семья\nРак: дом"_s;
    const QString after = u"Овен: успех\nТелец: отдых\nБлизнецы: учёба и друзья\nРак: дом"_s;
    const Pieces expected{
        eq(u"Овен: "_s),  del(u"удача"_s),    ins(u"успех"_s), eq(u"\nТелец: отдых\nБлизнецы: "_s),
        del(u"работа"_s), ins(u"учёба"_s),    eq(u" и "_s),    del(u"семья"_s),
        ins(u"друзья"_s), eq(u"\nРак: дом"_s)};
    QCOMPARE(TextDiff::compute(before, after), expected);
    // The middle is 15 x 15 tokens, so 100 cells forces the line diff (3 x 3 lines); the
    // changed lines are then refined word by word (1 x 1 and 5 x 5 cells).
    QCOMPARE(TextDiff::compute(before, after, 100), expected);
    // With 25 cells the second block (25) no longer fits in what the first one (1) left.
    QCOMPARE(TextDiff::compute(before, after, 25),
             (Pieces{eq(u"Овен: "_s), del(u"удача"_s), ins(u"успех"_s),
                     eq(u"\nТелец: отдых\nБлизнецы: "_s), del(u"работа и семья"_s),
                     ins(u"учёба и друзья"_s), eq(u"\nРак: дом"_s)}));
    // With 8 cells even the line diff is out of reach: everything between the common ends is
    // replaced.
    QCOMPARE(
        TextDiff::compute(before, after, 8),
        (Pieces{eq(u"Овен: "_s), del(u"удача\nТелец: отдых\nБлизнецы: работа и семья"_s),
                ins(u"успех\nТелец: отдых\nБлизнецы: учёба и друзья"_s), eq(u"\nРак: дом"_s)}));
}

void TestTextDiff::reconstruction_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<qint64>("maxCells");

    const qint64 normal = 4'000'000;
    QTest::newRow("russian") << u"Сегодня звёзды на вашей стороне."_s
                             << u"Сегодня звёзды на нашей стороне."_s << normal;
    QTest::newRow("rewrite") << u"Сегодня, как и вчера, звёзды благосклонны к вам."_s
                             << u"Завтра, в отличие от вчера, звёзды против вас!"_s << normal;
    QTest::newRow("english") << u"The stars are on your side today."_s
                             << u"Today the stars are not on your side..."_s << normal;
    QTest::newRow("emoji") << u"🍀🍀 удачи 🌟 и 👨‍👩‍👧"_s
                           << u"🌟 удачи🍀 и 👨‍👩‍👦!"_s << normal;
    QTest::newRow("newlines") << u"a\r\nb\r\n\n\nc"_s << u"a\nb\r\nc\n"_s << normal;
    QTest::newRow("whitespace only") << u"  \t \n"_s << u" \n\t"_s << normal;
    QTest::newRow("lone surrogate")
        << (u"x "_s + QChar(0xD83C) + u" y"_s) << (u"x "_s + QChar(0xDF1F) + u"y"_s) << normal;
    QTest::newRow("no cells") << u"один\nдва\nтри"_s << u"один\n2\nтри"_s << qint64(0);
    QTest::newRow("negative cells") << u"один два"_s << u"три"_s << qint64(-1);

    const auto [bigBefore, bigAfter] = bigPair();
    QTest::newRow("1 MB, one word") << bigBefore << bigAfter << normal;
    QTest::newRow("1 MB, one word, 100 cells") << bigBefore << bigAfter << qint64(100);
    QTest::newRow("1 MB vs empty") << bigBefore << QString() << normal;

    const QString a = unrelatedText(1);
    const QString b = unrelatedText(2);
    QTest::newRow("unrelated, lines") << a << b << qint64(2'000'000);
    QTest::newRow("unrelated, all") << a << b << qint64(1000);
}

void TestTextDiff::reconstruction()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(qint64, maxCells);
    QElapsedTimer timer;
    timer.start();
    const Pieces pieces = TextDiff::compute(before, after, maxCells);
    const qint64 ms = timer.elapsed();
    if (before.size() > 100'000)
        qInfo("%s: %lld ms, %lld pieces", QTest::currentDataTag(), ms,
              static_cast<long long>(pieces.size()));
    checkInvariants(before, after, pieces);
}

void TestTextDiff::bigTextSmallEditUsesTrimming()
{
    const auto [before, after] = bigPair();
    QVERIFY(before.size() > 1'000'000);
    QElapsedTimer timer;
    timer.start();
    // 100 cells could never hold a diff of 1 MB: only the trimmed middle fits.
    const Pieces pieces = TextDiff::compute(before, after, 100);
    qInfo("1 MB, one word: %lld ms", timer.elapsed());
    QCOMPARE(pieces.size(), 3);
    QCOMPARE(pieces[1], ins(u"не "_s));
    QVERIFY(pieces[0].text.endsWith(u" Близнецам сегодня "_s));
    QVERIFY(pieces[2].text.startsWith(u"везёт "_s));
    checkInvariants(before, after, pieces);
    // Generous bound: the point is "not quadratic", which would take minutes.
    QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
}

void TestTextDiff::unrelatedTextsFallBackToLines()
{
    const QString before = u"Alpha "_s + unrelatedText(1) + u"omega"_s;
    const QString after = u"Beta "_s + unrelatedText(2) + u"zeta"_s;
    QElapsedTimer timer;
    timer.start();
    // ~50k x 50k tokens is far above 2M cells; 1000 x 1000 lines is not.
    const Pieces pieces = TextDiff::compute(before, after, 2'000'000);
    qInfo("unrelated, line fallback: %lld ms, %lld pieces", timer.elapsed(),
          static_cast<long long>(pieces.size()));
    checkInvariants(before, after, pieces);
    QVERIFY(pieces.size() > 2);
    // The shared headings come out as equal lines.
    int headings = 0;
    for (const Piece& p : pieces) {
        if (p.op == Op::Equal && p.text.contains(u"=== Раздел "_s))
            ++headings;
    }
    QCOMPARE(headings, 20);
    QCOMPARE(pieces.front().op, Op::Removed);
    QVERIFY(pieces.front().text.startsWith(u"Alpha"_s));
    QCOMPARE(pieces.back().op, Op::Added);
    QVERIFY(pieces.back().text.endsWith(u"zeta"_s));
}

void TestTextDiff::unrelatedTextsFallBackToRemoveAll()
{
    const QString before = u"Alpha "_s + unrelatedText(1) + u"omega"_s;
    const QString after = u"Beta "_s + unrelatedText(2) + u"zeta"_s;
    QElapsedTimer timer;
    timer.start();
    const Pieces pieces = TextDiff::compute(before, after, 1000);
    qInfo("unrelated, all-removed fallback: %lld ms", timer.elapsed());
    QCOMPARE(pieces, (Pieces{del(before), ins(after)}));

    // Common ends are still kept out of the replaced block.
    const QString head = u"Общий заголовок\n"_s;
    const QString tail = u"\nКонец"_s;
    QCOMPARE(TextDiff::compute(head + before + tail, head + after + tail, 1000),
             (Pieces{eq(head), del(before), ins(after), eq(tail)}));
}

void TestTextDiff::deterministic()
{
    auto firstLines = [](const QString& text) {
        return text.left(text.indexOf(u'\n', 20'000) + 1);
    };
    const QString before = firstLines(unrelatedText(3));
    const QString after = firstLines(unrelatedText(4));
    const Pieces first = TextDiff::compute(before, after, 200'000);
    QCOMPARE(TextDiff::compute(before, after, 200'000), first);
    checkInvariants(before, after, first);
}

void TestTextDiff::html()
{
    const Pieces pieces{eq(u"a <b>&\n"_s), del(u"x\"y"_s), ins(u"z\r\nw"_s)};
    const QString html = TextDiff::toHtml(pieces);
    QCOMPARE(html,
             u"<div style=\"white-space:pre-wrap;\">a &lt;b&gt;&amp;<br>"
             "<span style=\"background:#fde2e2;text-decoration:line-through;\">x&quot;y</span> "
             "<span style=\"background:#d8f5dd;\">z<br>w</span></div>"_s); // a gap between
    QVERIFY(!html.contains(u"<b>"_s));
    QVERIFY(!html.contains(u'\n'));
    QCOMPARE(TextDiff::toHtml({}), u"<div style=\"white-space:pre-wrap;\"></div>"_s);

    const QString fromDiff = TextDiff::toHtml(TextDiff::compute(u"1 < 2\nok"_s, u"1 > 2\nok"_s));
    QVERIFY2(fromDiff.contains(u"<span style=\"background:#fde2e2;text-decoration:line-through;"
                               "\">&lt;</span> <span style=\"background:#d8f5dd;\">&gt;</span>"_s),
             qPrintable(fromDiff));
    QVERIFY(fromDiff.contains(u"2<br>ok"_s));
}

void TestTextDiff::changedCharacters()
{
    using Counts = std::pair<qsizetype, qsizetype>;
    QCOMPARE(TextDiff::changedCharacters(TextDiff::compute(u"Сегодня звёзды на вашей стороне."_s,
                                                           u"Сегодня звёзды на нашей стороне."_s)),
             Counts(5, 5));
    QCOMPARE(TextDiff::changedCharacters(TextDiff::compute(u"Удачи 🍀 вам"_s, u"Удачи 🌟 вам"_s)),
             Counts(1, 1));
    QCOMPARE(TextDiff::changedCharacters({eq(u"abc"_s), del(u"de"_s), ins(u"🌟xyz"_s)}),
             Counts(2, 4));
    QCOMPARE(TextDiff::changedCharacters(TextDiff::compute(u"одинаково"_s, u"одинаково"_s)),
             Counts(0, 0));
    QCOMPARE(TextDiff::changedCharacters(TextDiff::compute(QString(), u"новое"_s)), Counts(0, 5));
}

QTEST_GUILESS_MAIN(TestTextDiff)
#include "tst_textdiff.moc"
