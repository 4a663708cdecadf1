// For tst_drafts: the app's main window in a process of its own, which opens a horoscope,
// types a text at its end, waits until the draft is on disk, prints "DRAFT <path>" and then
// waits to be killed. Arguments: application name (so the draft directory is the test's),
// libpq connection string, horoscope id, text to type.
#include "ConnectionSpec.h"
#include "EditorDrafts.h"
#include "TypeText.h"
#include "WindowFixture.h"

#include <QApplication>
#include <QFile>
#include <QPlainTextEdit>
#include <QTest>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: draft_typist APP-NAME CONNINFO ID TEXT\n");
        return 2;
    }
    QCoreApplication::setApplicationName(args.at(1));
    ConnectionSpec spec;
    QString error;
    if (!ConnectionSpec::parse(args.at(2), &spec, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    const int id = args.at(3).toInt();
    const QString text = args.at(4);
    WindowFixture f(spec);
    HoroscopeEditor* editor = f.editor();
    bool typed = false;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (!typed && editor->currentId() == id &&
            editor->state() == HoroscopeEditor::State::Clean) {
            QPlainTextEdit* edit = editor->textEdit();
            edit->setFocus();
            edit->moveCursor(QTextCursor::End);
            typeText(edit, text);
            typed = true;
        }
        if (typed) {
            EditorDrafts* drafts = editor->drafts();
            const QString path = drafts->store().filePath(drafts->databaseKey(), id);
            if (QFile::exists(path)) {
                std::printf("DRAFT %s\n", qPrintable(path));
                std::fflush(stdout);
                poll.stop();
            }
        }
    });
    f.browser()->openHoroscope(id);
    poll.start(20);
    return app.exec();
}
