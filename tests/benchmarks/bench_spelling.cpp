// Spell checking of a 4,096-character Russian horoscope (the demo texts, one paragraph per
// sign, every 25th word misspelt): loading the dictionaries; checking the whole
// text cold (every word goes to Hunspell) and warm (every word in the cache); and one
// keystroke in the editor with the highlighter attached (QSyntaxHighlighter re-checks the
// paragraph typed into), against the same keystroke without spell checking; and writing the
// editor's draft of that text. Medians.
#include "DemoData.h"
#include "DraftStore.h"
#include "SpellChecker.h"
#include "SpellHighlighter.h"
#include "ZodiacSign.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kRuns = 7;
constexpr int kKeystrokes = 200;

double ms(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

QString horoscope4096()
{
    QString text;
    const QDate day(2026, 11, 28);
    for (int i = 0; text.size() < 4096; ++i) {
        const QString sign = ZodiacSign::keys().at(i % 12);
        text += DemoData::horoscopeText(sign, day.addDays(i / 12)) + u'\n';
    }
    text.truncate(4096);
    // Every 25th word misspelt, so there is something to underline.
    const QList<SpellChecker::Word> words = SpellChecker::words(text);
    for (qsizetype i = words.size() - 1; i >= 0; --i)
        if (i % 25 == 0)
            text.insert(words.at(i).start + words.at(i).length, u"ъ"_s);
    text.truncate(4096);
    return text;
}

// Milliseconds per keystroke typed into the middle of the text, median of kKeystrokes.
double keystroke(QPlainTextEdit& edit)
{
    QList<double> times;
    QTextCursor c(edit.document());
    c.setPosition(edit.document()->characterCount() / 2);
    for (int i = 0; i < kKeystrokes; ++i) {
        QElapsedTimer t;
        t.start();
        c.insertText(i % 2 ? u"а"_s : u" "_s);
        QCoreApplication::processEvents();
        times << ms(t);
    }
    return median(times);
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList dirs = SpellChecker::defaultDirectories();
    const QString text = horoscope4096();
    std::printf("spelling_text_characters %lld characters\n", static_cast<long long>(text.size()));

    QList<double> load, cold, warm;
    qsizetype words = 0, misspelt = 0;
    for (int run = 0; run < kRuns; ++run) {
        QElapsedTimer t;
        t.start();
        SpellChecker checker(dirs, {});
        load << ms(t);
        if (!checker.hasDictionary(SpellChecker::Language::Russian))
            qFatal("no ru_RU dictionary in %s", qPrintable(dirs.join(u':')));
        t.restart();
        misspelt = checker.misspellings(text).size();
        cold << ms(t);
        t.restart();
        checker.misspellings(text);
        warm << ms(t);
        words = SpellChecker::words(text).size();
    }
    std::printf("spelling_words %lld words\n", static_cast<long long>(words));
    std::printf("spelling_misspelt %lld words\n", static_cast<long long>(misspelt));
    std::printf("spelling_load_dictionaries_median %.1f ms\n", median(load));
    std::printf("spelling_check_4096_cold_median %.2f ms\n", median(cold));
    std::printf("spelling_check_4096_warm_median %.3f ms\n", median(warm));

    auto checker = std::make_shared<SpellChecker>(dirs, QString());
    for (const bool withSpelling : {false, true}) {
        QPlainTextEdit edit;
        edit.resize(600, 800);
        edit.show();
        if (withSpelling) {
            auto* highlighter = new SpellHighlighter(edit.document());
            highlighter->setChecker(checker);
        }
        edit.setPlainText(text);
        QCoreApplication::processEvents();
        std::printf("spelling_keystroke_%s_median %.3f ms\n",
                    withSpelling ? "highlighted" : "plain", keystroke(edit));
    }
    // The editor's draft of the same text, as the drafts thread writes it 0.7 s after the
    // last keystroke (a temporary file, written, fsync'ed, renamed, the folder fsync'ed).
    {
        QTemporaryDir dir;
        DraftStore store(dir.path());
        QList<double> writes;
        for (int i = 0; i < 50; ++i) {
            QElapsedTimer t;
            t.start();
            store.write(u"0123456789abcdef"_s, 1,
                        {text, text, u"1234"_s, QDateTime::currentDateTimeUtc()});
            writes << ms(t);
        }
        std::printf("draft_write_4096_median %.3f ms\n", median(writes));
        std::sort(writes.begin(), writes.end());
        std::printf("draft_write_4096_max %.3f ms\n", writes.last());
    }
    // The same with the whole text as one paragraph, the worst case for a per-block re-check.
    QPlainTextEdit edit;
    edit.resize(600, 800);
    edit.show();
    (new SpellHighlighter(edit.document()))->setChecker(checker);
    edit.setPlainText(QString(text).replace(u'\n', u' '));
    QCoreApplication::processEvents();
    std::printf("spelling_keystroke_one_paragraph_median %.3f ms\n", keystroke(edit));
    return 0;
}
