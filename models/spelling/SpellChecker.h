#pragma once

#include <QFuture>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <memory>

// Spell checking for horoscopes: Russian with some English. Each word goes to the dictionary
// of its script (Cyrillic: ru_RU, Latin: en_US), so an English name in a Russian text is
// checked as English; a word that mixes both scripts (a Latin "o" typed into a Russian word)
// is checked as Russian and fails. Dictionaries are Hunspell's (.aff + .dic) found in
// $DICPATH or /usr/share/hunspell, in whatever encoding their .aff names. A personal word list
// (one word a line, UTF-8) is read at load and extended by add(). Results are cached per word,
// so checking a text again costs a hash lookup a word. No widgets, no thread of its own: use
// it from one thread; loadShared() loads it (a quarter of a second) on a thread of its own.
class SpellChecker final
{
public:
    enum class Language { None, Russian, English };

    struct Word
    {
        int start = 0;
        int length = 0;
    };

    // `directories` are searched in order for ru_RU and en_US (.aff and .dic each).
    SpellChecker(const QStringList& directories, const QString& personalFile);
    ~SpellChecker();
    SpellChecker(const SpellChecker&) = delete;
    SpellChecker& operator=(const SpellChecker&) = delete;

    // $DICPATH (colon-separated) when set, else /usr/share/hunspell.
    static QStringList defaultDirectories();
    // spelling/personal.dic under QStandardPaths::AppDataLocation.
    static QString defaultPersonalFile();
    // One checker per process for these settings, loaded on a thread of its own the first time
    // it is asked for (the dictionaries take about 10 MB and 0.25 s to load).
    static QFuture<std::shared_ptr<SpellChecker>> loadShared(const QStringList& directories,
                                                             const QString& personalFile);

    bool isAvailable() const; // at least one dictionary loaded
    bool hasDictionary(Language language) const;
    QStringList dictionaryFiles() const; // the .dic files in use

    static Language languageOf(QStringView word);
    // The words of `text` worth checking: runs of letters (with inner apostrophes and
    // hyphens: "кто-то", "don't"), not those glued to a digit ("5-го").
    static QList<Word> words(QStringView text);

    // True for a correct word, and for one no loaded dictionary can judge.
    bool isCorrect(const QString& word);
    QList<Word> misspellings(QStringView text);
    QStringList suggestions(const QString& word, int limit = 8);
    // Accepts the word from now on and keeps it in the personal word list.
    bool addToPersonal(const QString& word, QString* error = nullptr);
    // Accepts the word until the program ends.
    void ignore(const QString& word);

    int cachedWords() const { return static_cast<int>(m_cache.size()); }

    struct Dictionary; // one Hunspell dictionary and its encoding, in the .cpp

private:
    Dictionary* dictionaryFor(Language language) const;
    void accept(const QString& word);

    std::unique_ptr<Dictionary> m_russian;
    std::unique_ptr<Dictionary> m_english;
    QString m_personalFile;
    QHash<QString, bool> m_cache;
};
