#include "SpellCheck.h"

#include "SpellChecker.h"
#include "SpellHighlighter.h"

#include <QFutureWatcher>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QTextLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

// The word under `cursor`, as the checker splits words: its start in the block and length.
std::optional<SpellChecker::Word> wordAt(const QTextCursor& cursor)
{
    const QString text = cursor.block().text();
    const int at = cursor.positionInBlock();
    for (const SpellChecker::Word& w : SpellChecker::words(text))
        if (at >= w.start && at <= w.start + w.length)
            return w;
    return std::nullopt;
}

} // namespace

SpellCheck::SpellCheck(QPlainTextEdit* edit, const QStringList& directories,
                       const QString& personalFile)
    : QObject(edit)
    , m_edit(edit)
    , m_highlighter(new SpellHighlighter(edit->document()))
    , m_directories(directories)
    , m_personalFile(personalFile)
{
    edit->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(edit, &QWidget::customContextMenuRequested, this, &SpellCheck::showContextMenu);
    // The window's editor is empty until a horoscope is chosen, and many sessions never open
    // one: the dictionaries wait for the first text.
    if (!edit->document()->isEmpty())
        load();
    else
        m_firstText = connect(edit->document(), &QTextDocument::contentsChanged, this, [this] {
            if (!m_edit->document()->isEmpty())
                load();
        });
}

void SpellCheck::load()
{
    if (m_loading)
        return;
    m_loading = true;
    disconnect(m_firstText);
    // A watcher, not QFuture::then(): a future takes one continuation, and every editor of
    // the process shares this one.
    auto* watcher = new QFutureWatcher<std::shared_ptr<SpellChecker>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        m_highlighter->setChecker(watcher->result());
        watcher->deleteLater();
        emit ready();
    });
    watcher->setFuture(SpellChecker::loadShared(m_directories, m_personalFile));
}

QStringList SpellCheck::defaultDirectories()
{
    return SpellChecker::defaultDirectories();
}

QString SpellCheck::defaultPersonalFile()
{
    return SpellChecker::defaultPersonalFile();
}

bool SpellCheck::isReady() const
{
    return m_highlighter->checker() != nullptr;
}

SpellChecker* SpellCheck::checker() const
{
    return m_highlighter->checker();
}

void SpellCheck::showContextMenu(const QPoint& pos)
{
    QMenu* menu = createContextMenu(pos);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_edit->viewport()->mapToGlobal(pos));
}

QMenu* SpellCheck::createContextMenu(const QPoint& pos)
{
    QMenu* menu = m_edit->createStandardContextMenu(pos);
    QAction* first = menu->actions().value(0);
    auto insert = [menu, first](QAction* action) { menu->insertAction(first, action); };
    SpellChecker* checker = m_highlighter->checker();
    if (!checker)
        load(); // asked before any text: "starting…" now means it
    if (!checker || !checker->isAvailable()) {
        auto* note = new QAction(checker ? tr("Spell checking is unavailable (install hunspell-ru "
                                              "and hunspell-en-us)")
                                         : tr("Spell checking is starting…"),
                                 menu);
        note->setEnabled(false);
        insert(note);
        menu->insertSeparator(first);
        return menu;
    }
    const QTextCursor under = m_edit->cursorForPosition(pos);
    const std::optional<SpellChecker::Word> word = wordAt(under);
    if (!word)
        return menu;
    const QTextBlock block = under.block();
    const QString spelling = block.text().mid(word->start, word->length);
    if (checker->isCorrect(spelling))
        return menu;
    const bool editable = !m_edit->isReadOnly();
    const int start = block.position() + word->start;
    const QStringList suggestions = checker->suggestions(spelling);
    for (const QString& suggestion : suggestions) {
        auto* action = new QAction(suggestion, menu);
        action->setEnabled(editable);
        QFont bold = action->font();
        bold.setBold(true);
        action->setFont(bold);
        connect(action, &QAction::triggered, m_edit, [edit = m_edit, start, spelling, suggestion] {
            QTextCursor c(edit->document());
            c.setPosition(start);
            c.setPosition(start + static_cast<int>(spelling.size()), QTextCursor::KeepAnchor);
            if (c.selectedText() != spelling)
                return;         // the text changed under the open menu
            c.beginEditBlock(); // one step for Ctrl+Z
            c.insertText(suggestion);
            c.endEditBlock();
        });
        insert(action);
    }
    if (suggestions.isEmpty()) {
        auto* none = new QAction(tr("No suggestions for “%1”").arg(spelling), menu);
        none->setEnabled(false);
        insert(none);
    }
    auto* add = new QAction(tr("Add “%1” to the dictionary").arg(spelling), menu);
    connect(add, &QAction::triggered, this, [this, spelling] {
        if (SpellChecker* c = m_highlighter->checker()) {
            QString error;
            if (!c->addToPersonal(spelling, &error))
                qWarning("could not store the word in the personal word list: %s",
                         qPrintable(error));
            m_highlighter->rehighlight();
        }
    });
    insert(add);
    auto* ignore = new QAction(tr("Ignore “%1”").arg(spelling), menu);
    connect(ignore, &QAction::triggered, this, [this, spelling] {
        if (SpellChecker* c = m_highlighter->checker()) {
            c->ignore(spelling);
            m_highlighter->rehighlight();
        }
    });
    insert(ignore);
    menu->insertSeparator(first);
    return menu;
}

QStringList SpellCheck::underlinedWords() const
{
    QStringList words;
    for (QTextBlock b = m_edit->document()->begin(); b.isValid(); b = b.next()) {
        if (!b.layout())
            continue;
        for (const QTextLayout::FormatRange& r : b.layout()->formats())
            if (r.format.underlineStyle() == QTextCharFormat::WaveUnderline)
                words << b.text().mid(r.start, r.length);
    }
    return words;
}
