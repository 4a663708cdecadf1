// Find and replace across horoscopes (issue 24, part 2): the match in Russian (whole words,
// case), the preview is exactly what apply writes, a row changed after the preview is reported
// and never overwritten, a row the bot holds is not waited for, each change is in the history
// as "replaced" with the person, and the command line writes nothing without --yes.
#include "CliRun.h"
#include "Database.h"
#include "HoroscopeFixtures.h"
#include "ReplaceService.h"
#include "TextReplace.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace {

// Three days of texts for aries, leo and virgo, with the word "Марс" in several forms.
ConnectionSpec replaceDatabase(const QString& prefix)
{
    const ConnectionSpec spec = migratedTestDatabase(prefix);
    const QString error = TestCluster::execute(spec, uR"(
        INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) VALUES
        ('aries', '2026-11-01', 'Марс зовёт в путь. Под Марсом всё спорится.'),
        ('aries', '2026-11-02', 'Сегодня марс и луна в согласии.'),
        ('leo',   '2026-11-01', 'Марсиане не помогут, Марс поможет.'),
        ('leo',   '2026-11-02', 'Ничего о планетах.'),
        ('virgo', '2026-11-01', 'МАРС. Только Марс.'),
        ('virgo', '2026-11-03', 'Марс'))"_s);
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));
    return spec;
}

QStringList contents(const ConnectionSpec& spec)
{
    QStringList out;
    QSqlDatabase db = TestCluster::open(spec);
    {
        QSqlQuery q(u"SELECT content FROM horoscope_cache ORDER BY zodiac_sign, horoscope_date"_s,
                    db);
        while (q.next())
            out << q.value(0).toString();
    }
    TestCluster::close(db);
    return out;
}

} // namespace

class TestReplace : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void matchesWholeRussianWordsInAnyCase_data();
    void matchesWholeRussianWordsInAnyCase();
    void contextsMarkTheWords();
    void previewIsWhatApplyWrites();
    void aRowChangedAfterThePreviewIsReportedNotOverwritten();
    void aRowTheBotHoldsIsNotWaitedFor();
    void historySaysReplacedByThePerson();
    void previewKeepsToTheFilter();
    void commandLineDryRunWritesNothing();
    void commandLineYesWrites();
    void commandLineRefusesDryRunWithYes();

private:
    std::optional<DbResult<ReplacePreview>>
    preview(Database& database, const HoroscopeFilter& filter, const TextReplace::Options& options);
    std::optional<DbResult<ReplaceOutcome>> apply(Database& database,
                                                  const QList<ReplaceChange>& changes);
};

void TestReplace::initTestCase()
{
    REQUIRE_CLUSTER();
}

std::optional<DbResult<ReplacePreview>> TestReplace::preview(Database& database,
                                                             const HoroscopeFilter& filter,
                                                             const TextReplace::Options& options)
{
    std::optional<DbResult<ReplacePreview>> answer;
    ReplaceService(&database).preview(this, filter, options, ReplaceStore::defaultCap,
                                      [&answer](auto r) { answer = r; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20'000))
        return std::nullopt;
    return answer;
}

std::optional<DbResult<ReplaceOutcome>> TestReplace::apply(Database& database,
                                                           const QList<ReplaceChange>& changes)
{
    std::optional<DbResult<ReplaceOutcome>> answer;
    ReplaceService(&database).apply(this, changes, {}, [&answer](auto r) { answer = r; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20'000))
        return std::nullopt;
    return answer;
}

void TestReplace::matchesWholeRussianWordsInAnyCase_data()
{
    QTest::addColumn<bool>("wholeWord");
    QTest::addColumn<bool>("caseSensitive");
    QTest::addColumn<QString>("expected");
    const QString text = u"Марс и Марсом; марс, МАРС. Марсиане: «Марс»"_s;
    Q_UNUSED(text);
    QTest::newRow("whole word, any case")
        << true << false << u"Венера и Марсом; Венера, Венера. Марсиане: «Венера»"_s;
    QTest::newRow("whole word, exact case")
        << true << true << u"Венера и Марсом; марс, МАРС. Марсиане: «Венера»"_s;
    QTest::newRow("anywhere, any case")
        << false << false << u"Венера и Венераом; Венера, Венера. Венераиане: «Венера»"_s;
    QTest::newRow("anywhere, exact case")
        << false << true << u"Венера и Венераом; марс, МАРС. Венераиане: «Венера»"_s;
}

void TestReplace::matchesWholeRussianWordsInAnyCase()
{
    QFETCH(bool, wholeWord);
    QFETCH(bool, caseSensitive);
    QFETCH(QString, expected);
    const TextReplace r({u"Марс"_s, u"Венера"_s, wholeWord, caseSensitive});
    QCOMPARE(r.replaced(u"Марс и Марсом; марс, МАРС. Марсиане: «Марс»"_s), expected);
    // A word's edge is a letter of any script, a digit or _: not a Latin-only \b.
    const TextReplace yo({u"ёж"_s, u"уж"_s, true, false});
    QCOMPARE(yo.replaced(u"Ёж, ежи, ёжик и ёж_2 и ёж."_s), u"уж, ежи, ёжик и ёж_2 и уж."_s);
}

void TestReplace::contextsMarkTheWords()
{
    const TextReplace r({u"Марс"_s, u"Венера"_s, true, false});
    const QString text = QString(60, u'а') + u" Марс и марс "_s + QString(60, u'б');
    const QList<TextReplace::Context> contexts = r.contexts(text, r.hits(text), 10);
    QCOMPARE(contexts.size(), 1); // hits close together share one context
    QCOMPARE(TextReplace::plainContext(contexts.first()),
             u"…ааааааааа [Марс → Венера] и [марс → Венера] ббббббббб…"_s);
}

void TestReplace::previewIsWhatApplyWrites()
{
    const ConnectionSpec spec = replaceDatabase(u"replace_exact"_s);
    Database database(spec);
    database.start();
    const auto p = preview(database, {}, {u"Марс"_s, u"Венера"_s, true, false});
    QVERIFY(p && p->ok());
    // aries 01, aries 02 (марс), leo 01, virgo 01 (МАРС, Марс), virgo 03; not leo 02.
    QCOMPARE(p->value.changes.size(), 5);
    QHash<int, QString> previewed;
    for (const ReplaceChange& c : p->value.changes) {
        previewed.insert(c.id, c.after);
        QVERIFY(!c.contexts.isEmpty());
    }
    const auto a = apply(database, p->value.changes);
    QVERIFY(a && a->ok());
    QCOMPARE(a->value.replaced.size(), 5);
    QVERIFY(a->value.skipped.isEmpty());
    for (auto it = previewed.cbegin(); it != previewed.cend(); ++it)
        QCOMPARE(contentOf(spec, it.key()), it.value());
    QCOMPARE(contentOf(spec, idOf(spec, u"aries"_s, QDate(2026, 11, 1))),
             u"Венера зовёт в путь. Под Марсом всё спорится."_s);
    QCOMPARE(contentOf(spec, idOf(spec, u"leo"_s, QDate(2026, 11, 2))), u"Ничего о планетах."_s);
}

void TestReplace::aRowChangedAfterThePreviewIsReportedNotOverwritten()
{
    const ConnectionSpec spec = replaceDatabase(u"replace_changed"_s);
    Database database(spec);
    database.start();
    const auto p = preview(database, {}, {u"Марс"_s, u"Венера"_s, true, true});
    QVERIFY(p && p->ok());
    const int leo = idOf(spec, u"leo"_s, QDate(2026, 11, 1));
    const int virgo = idOf(spec, u"virgo"_s, QDate(2026, 11, 3));
    // Someone edits one row and deletes another after the preview.
    QCOMPARE(TestCluster::execute(
                 spec, u"UPDATE horoscope_cache SET content = 'Марс, но другой' "
                       "WHERE id = %1; DELETE FROM horoscope_cache WHERE id = %2"_s.arg(leo)
                           .arg(virgo)),
             QString());
    const auto a = apply(database, p->value.changes);
    QVERIFY(a && a->ok());
    QCOMPARE(a->value.replaced.size(), p->value.changes.size() - 2);
    QCOMPARE(a->value.skipped.size(), 2);
    for (const ReplaceSkip& s : a->value.skipped) {
        if (s.id == leo) {
            QCOMPARE(s.reason, ReplaceSkip::Reason::Changed);
            QCOMPARE(s.sign, u"leo"_s);
        } else {
            QCOMPARE(s.id, virgo);
            QCOMPARE(s.reason, ReplaceSkip::Reason::Deleted);
        }
    }
    QCOMPARE(contentOf(spec, leo), u"Марс, но другой"_s);
}

void TestReplace::aRowTheBotHoldsIsNotWaitedFor()
{
    const ConnectionSpec spec = replaceDatabase(u"replace_locked"_s);
    Database database(spec);
    database.start();
    const auto p = preview(database, {}, {u"Марс"_s, u"Венера"_s, false, false});
    QVERIFY(p && p->ok());
    const int held = idOf(spec, u"aries"_s, QDate(2026, 11, 2));
    QSqlDatabase bot = TestCluster::open(spec);
    QSqlQuery q(bot);
    QVERIFY(q.exec(u"BEGIN"_s));
    QVERIFY(q.exec(u"SELECT 1 FROM horoscope_cache WHERE id = %1 FOR UPDATE"_s.arg(held)));
    QElapsedTimer clock;
    clock.start();
    const auto a = apply(database, p->value.changes);
    const qint64 ms = clock.elapsed();
    QVERIFY(q.exec(u"ROLLBACK"_s));
    q = QSqlQuery();
    TestCluster::close(bot);
    QVERIFY(a && a->ok());
    QCOMPARE(a->value.replaced.size(), p->value.changes.size() - 1);
    QCOMPARE(a->value.skipped.size(), 1);
    QCOMPARE(a->value.skipped.first().id, held);
    QCOMPARE(a->value.skipped.first().reason, ReplaceSkip::Reason::Busy);
    QVERIFY2(ms < 5'000, qPrintable(u"apply took %1 ms"_s.arg(ms)));
    QCOMPARE(contentOf(spec, held), u"Сегодня марс и луна в согласии."_s);
}

void TestReplace::historySaysReplacedByThePerson()
{
    ConnectionSpec spec = replaceDatabase(u"replace_history"_s);
    spec.person = u"Анна Петрова"_s;
    Database database(spec);
    database.start();
    const auto p = preview(database, {}, {u"Марс"_s, u"Венера"_s, true, false});
    QVERIFY(p && p->ok());
    const auto a = apply(database, p->value.changes);
    QVERIFY(a && a->ok());
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache_revisions "
                                       "WHERE change_kind = 'replaced' "
                                       "AND changed_by_person = 'Анна Петрова'"_s)
                 .toInt(),
             5);
    // The history keeps the text before the replace.
    QCOMPARE(TestCluster::scalar(spec, u"SELECT content FROM horoscope_cache_revisions "
                                       "WHERE zodiac_sign = 'virgo' AND horoscope_date = "
                                       "'2026-11-03'"_s)
                 .toString(),
             u"Марс"_s);
}

void TestReplace::previewKeepsToTheFilter()
{
    const ConnectionSpec spec = replaceDatabase(u"replace_filter"_s);
    Database database(spec);
    database.start();
    HoroscopeFilter filter;
    filter.signs = {u"aries"_s, u"virgo"_s};
    filter.from = QDate(2026, 11, 2);
    filter.search = u"ignored"_s; // the term is the replace's own
    const auto p = preview(database, filter, {u"Марс"_s, u"Венера"_s, true, false});
    QVERIFY(p && p->ok());
    QList<int> ids;
    for (const ReplaceChange& c : p->value.changes)
        ids << c.id;
    std::sort(ids.begin(), ids.end());
    QList<int> expected{idOf(spec, u"aries"_s, QDate(2026, 11, 2)),
                        idOf(spec, u"virgo"_s, QDate(2026, 11, 3))};
    std::sort(expected.begin(), expected.end());
    QCOMPARE(ids, expected);
}

void TestReplace::commandLineDryRunWritesNothing()
{
    const ConnectionSpec spec = replaceDatabase(u"replace_cli_dry"_s);
    const QStringList before = contents(spec);
    for (const QStringList& extra : {QStringList{}, QStringList{u"--dry-run"_s}}) {
        const Run r = cli(QStringList{u"horoscopes"_s, u"replace"_s, u"--database-url"_s,
                                      urlFor(spec), u"--search"_s, u"Марс"_s, u"--replace"_s,
                                      u"Венера"_s, u"--whole-word"_s} +
                          extra);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(u"[Марс → Венера] зовёт в путь"_s), qPrintable(out));
        QVERIFY2(out.contains(u"Horoscopes to change: 5, replacements: 6."_s), qPrintable(out));
        QCOMPARE(contents(spec), before);
    }
    const Run json =
        cli({u"horoscopes"_s, u"replace"_s, u"--database-url"_s, urlFor(spec), u"--search"_s,
             u"Марс"_s, u"--replace"_s, u"Венера"_s, u"--case-sensitive"_s, u"--sign"_s, u"virgo"_s,
             u"--format"_s, u"json"_s});
    QVERIFY2(json.exitCode == 0, qPrintable(json.err));
    const QJsonObject o = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(o.value(u"written"_s).toBool(), false);
    const QJsonArray changes = o.value(u"changes"_s).toArray();
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes.at(0).toObject().value(u"zodiac_sign"_s).toString(), u"virgo"_s);
    QCOMPARE(contents(spec), before);
}

void TestReplace::commandLineYesWrites()
{
    const ConnectionSpec spec = replaceDatabase(u"replace_cli_yes"_s);
    const Run r =
        cli({u"horoscopes"_s, u"replace"_s, u"--database-url"_s, urlFor(spec), u"--search"_s,
             u"марс"_s, u"--replace"_s, u"Венера"_s, u"--whole-word"_s, u"--sign"_s, u"aries"_s,
             u"--from"_s, u"2026-11-01"_s, u"--to"_s, u"2026-11-01"_s, u"--yes"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(QString::fromUtf8(r.out).contains(u"Horoscopes changed: 1, replacements: 1."_s),
             qPrintable(QString::fromUtf8(r.out)));
    QCOMPARE(contentOf(spec, idOf(spec, u"aries"_s, QDate(2026, 11, 1))),
             u"Венера зовёт в путь. Под Марсом всё спорится."_s);
    QCOMPARE(contentOf(spec, idOf(spec, u"aries"_s, QDate(2026, 11, 2))),
             u"Сегодня марс и луна в согласии."_s);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache_revisions WHERE "
                                       "change_kind = 'replaced' AND changed_by_person <> ''"_s)
                 .toInt(),
             1);
}

void TestReplace::commandLineRefusesDryRunWithYes()
{
    const Run r =
        cli({u"horoscopes"_s, u"replace"_s, u"--database-url"_s, u"postgresql:///nowhere"_s,
             u"--search"_s, u"a"_s, u"--replace"_s, u"b"_s, u"--dry-run"_s, u"--yes"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"--dry-run"_s), qPrintable(r.err));
    const Run noTerm = cli({u"horoscopes"_s, u"replace"_s, u"--database-url"_s,
                            u"postgresql:///nowhere"_s, u"--replace"_s, u"b"_s});
    QCOMPARE(noTerm.exitCode, 2);
}

QTEST_MAIN(TestReplace)
#include "tst_replace.moc"
