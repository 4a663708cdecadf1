#include "SpellChecker.h"

#include "DictionaryCodec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QPromise>
#include <QStandardPaths>
#include <QThread>
#include <hunspell/hunspell.hxx>

using namespace Qt::Literals::StringLiterals;

struct SpellChecker::Dictionary
{
    Dictionary(const QString& aff, const QString& dic)
        : hunspell(QFile::encodeName(aff).constData(), QFile::encodeName(dic).constData())
        , codec(QString::fromStdString(hunspell.get_dict_encoding()))
        , file(dic)
    {}
    Hunspell hunspell;
    DictionaryCodec codec;
    QString file;
};

namespace {

std::unique_ptr<SpellChecker::Dictionary> findDictionary(const QStringList& directories,
                                                         const QString& name)
{
    for (const QString& dir : directories) {
        const QString aff = QDir(dir).filePath(name + u".aff"_s);
        const QString dic = QDir(dir).filePath(name + u".dic"_s);
        if (QFileInfo(aff).isReadable() && QFileInfo(dic).isReadable()) {
            auto d = std::make_unique<SpellChecker::Dictionary>(aff, dic);
            if (d->codec.isValid())
                return d;
        }
    }
    return nullptr;
}

bool isWordChar(QChar c)
{
    return c.isLetter() || c.isMark();
}

bool isJoiner(QChar c)
{
    return c == u'-' || c == u'\'' || c == u'\u2019' || c == u'\u00AD';
}

} // namespace

SpellChecker::SpellChecker(const QStringList& directories, const QString& personalFile)
    : m_russian(findDictionary(directories, u"ru_RU"_s))
    , m_english(findDictionary(directories, u"en_US"_s))
    , m_personalFile(personalFile)
{
    QFile personal(personalFile);
    if (!personalFile.isEmpty() && personal.open(QIODevice::ReadOnly | QIODevice::Text)) {
        while (!personal.atEnd()) {
            const QString word = QString::fromUtf8(personal.readLine()).trimmed();
            if (!word.isEmpty())
                accept(word);
        }
    }
}

SpellChecker::~SpellChecker() = default;

QStringList SpellChecker::defaultDirectories()
{
    const QString dicPath = qEnvironmentVariable("DICPATH");
    if (!dicPath.isNull())
        return dicPath.split(u':', Qt::SkipEmptyParts);
    return {u"/usr/share/hunspell"_s};
}

QString SpellChecker::defaultPersonalFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           u"/spelling/personal.dic"_s;
}

QFuture<std::shared_ptr<SpellChecker>> SpellChecker::loadShared(const QStringList& directories,
                                                                const QString& personalFile)
{
    static QMutex mutex;
    static QHash<QString, QFuture<std::shared_ptr<SpellChecker>>> loaded;
    const QString key = directories.join(u'\n') + u'\t' + personalFile;
    QMutexLocker lock(&mutex);
    // A window closed while the dictionaries still load: the program waits for them on its
    // way out instead of ending while a thread builds one.
    static const bool waitsAtExit = [] {
        qAddPostRoutine([] {
            QMutexLocker exitLock(&mutex);
            for (QFuture<std::shared_ptr<SpellChecker>>& future : loaded)
                future.waitForFinished();
        });
        return true;
    }();
    Q_UNUSED(waitsAtExit);
    if (const auto it = loaded.constFind(key); it != loaded.constEnd())
        return *it;
    auto promise = std::make_shared<QPromise<std::shared_ptr<SpellChecker>>>();
    QFuture<std::shared_ptr<SpellChecker>> future = promise->future();
    promise->start();
    QThread* thread = QThread::create([promise, directories, personalFile] {
        promise->addResult(std::make_shared<SpellChecker>(directories, personalFile));
        promise->finish();
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
    loaded.insert(key, future);
    return future;
}

bool SpellChecker::isAvailable() const
{
    return m_russian || m_english;
}

bool SpellChecker::hasDictionary(Language language) const
{
    return dictionaryFor(language) != nullptr;
}

QStringList SpellChecker::dictionaryFiles() const
{
    QStringList files;
    for (const auto* d : {m_russian.get(), m_english.get()})
        if (d)
            files << d->file;
    return files;
}

SpellChecker::Dictionary* SpellChecker::dictionaryFor(Language language) const
{
    switch (language) {
    case Language::Russian:
        return m_russian.get();
    case Language::English:
        return m_english.get();
    case Language::None:
        break;
    }
    return nullptr;
}

SpellChecker::Language SpellChecker::languageOf(QStringView word)
{
    bool latin = false;
    for (const QChar c : word) {
        if (c.script() == QChar::Script_Cyrillic)
            return Language::Russian;
        if (c.script() == QChar::Script_Latin)
            latin = true;
    }
    return latin ? Language::English : Language::None;
}

QList<SpellChecker::Word> SpellChecker::words(QStringView text)
{
    QList<Word> out;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (!isWordChar(text[i])) {
            ++i;
            continue;
        }
        const qsizetype start = i;
        while (i < n) {
            if (isWordChar(text[i]))
                ++i;
            else if (isJoiner(text[i]) && i + 1 < n && isWordChar(text[i + 1]) && i > start)
                ++i;
            else
                break;
        }
        // "5-го", "10th", "x2": numbers with endings are not words to check.
        const bool afterDigit =
            start > 0 && (text[start - 1].isDigit() ||
                          (isJoiner(text[start - 1]) && start > 1 && text[start - 2].isDigit()));
        const bool beforeDigit = i < n && text[i].isDigit();
        if (!afterDigit && !beforeDigit && i - start > 1)
            out.append({static_cast<int>(start), static_cast<int>(i - start)});
    }
    return out;
}

bool SpellChecker::isCorrect(const QString& word)
{
    if (const auto it = m_cache.constFind(word); it != m_cache.constEnd())
        return *it;
    bool correct = true;
    if (Dictionary* d = dictionaryFor(languageOf(word))) {
        // Soft hyphens are invisible: the word is spelt without them.
        QString plain = word;
        plain.remove(u'\u00AD');
        plain.replace(u'\u2019', u'\'');
        const QByteArray bytes = d->codec.encode(plain);
        correct = !bytes.isEmpty() && d->hunspell.spell(bytes.toStdString());
    }
    m_cache.insert(word, correct);
    return correct;
}

QList<SpellChecker::Word> SpellChecker::misspellings(QStringView text)
{
    QList<Word> out;
    for (const Word& w : words(text))
        if (!isCorrect(text.mid(w.start, w.length).toString()))
            out.append(w);
    return out;
}

QStringList SpellChecker::suggestions(const QString& word, int limit)
{
    Dictionary* d = dictionaryFor(languageOf(word));
    if (!d)
        return {};
    const QByteArray bytes = d->codec.encode(word);
    if (bytes.isEmpty())
        return {};
    QStringList out;
    for (const std::string& s : d->hunspell.suggest(bytes.toStdString())) {
        const QString suggestion = d->codec.decode(QByteArray::fromStdString(s));
        if (!suggestion.isEmpty() && !out.contains(suggestion))
            out << suggestion;
        if (out.size() >= limit)
            break;
    }
    return out;
}

void SpellChecker::accept(const QString& word)
{
    if (Dictionary* d = dictionaryFor(languageOf(word))) {
        const QByteArray bytes = d->codec.encode(word);
        if (!bytes.isEmpty())
            d->hunspell.add(bytes.toStdString());
    }
    m_cache.insert(word, true);
}

bool SpellChecker::addToPersonal(const QString& word, QString* error)
{
    accept(word);
    if (m_personalFile.isEmpty())
        return true;
    QDir().mkpath(QFileInfo(m_personalFile).absolutePath());
    QFile file(m_personalFile);
    if (!file.open(QIODevice::Append | QIODevice::Text) || file.write(word.toUtf8() + '\n') < 0) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void SpellChecker::ignore(const QString& word)
{
    m_cache.insert(word, true);
}
