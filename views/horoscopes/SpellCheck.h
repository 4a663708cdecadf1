#pragma once

#include <QObject>
#include <QPoint>
#include <QStringList>
#include <memory>

class QMenu;
class QPlainTextEdit;
class SpellChecker;
class SpellHighlighter;

// Spell checking for a text editor: misspelt words underlined (SpellHighlighter), and on the
// context menu the suggestions for the word under the pointer, "Add to dictionary" and
// "Ignore", above the usual edit actions. The dictionaries (about 20 MB) load in the
// background when the editor first holds a text (a horoscope shown, something typed), not with
// the window, and the text is underlined once they are in; without any the editor works as
// before and the menu says how to get them.
class SpellCheck final : public QObject
{
    Q_OBJECT
public:
    explicit SpellCheck(QPlainTextEdit* edit, const QStringList& directories = defaultDirectories(),
                        const QString& personalFile = defaultPersonalFile());

    static QStringList defaultDirectories();
    static QString defaultPersonalFile();

    bool isReady() const; // the dictionaries were looked for (and loaded, if any)
    // Starts loading the dictionaries, unless that has started already; ready() follows.
    void load();
    SpellChecker* checker() const;
    // The context menu for `pos` in the editor's viewport; the caller owns it.
    QMenu* createContextMenu(const QPoint& pos);
    // The words drawn underlined now, in document order (for tests and diagnostics).
    QStringList underlinedWords() const;

signals:
    void ready();

private:
    void showContextMenu(const QPoint& pos);

    QPlainTextEdit* m_edit;
    SpellHighlighter* m_highlighter;
    QStringList m_directories;
    QString m_personalFile;
    QMetaObject::Connection m_firstText; // until load() starts
    bool m_loading = false;
};
