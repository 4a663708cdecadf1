#pragma once

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

// A command's standard output, where scripts redirect results (> report.csv, | gzip). Every
// write is checked and so is the final flush: a full disk or a broken pipe is a failure with
// one line on stderr and exit status 1, never an empty file and 0.
class CommandOutput final
{
    Q_DECLARE_TR_FUNCTIONS(CommandOutput)
public:
    // False once any write failed (the rest is dropped: the result is lost anyway).
    static bool write(QByteArrayView bytes);
    static bool print(const QString& text) { return write(text.toLocal8Bit()); }
    // Flushes; returns exitCode, or 1 with the one-line reason when the output was not
    // written in full (a command that failed already said why and keeps its code).
    static int finish(int exitCode);
};
