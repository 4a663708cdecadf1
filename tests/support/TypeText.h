#pragma once

#include <QString>
#include <QTest>

// Types `text` into `widget` key by key, any script: QTest::keyClicks takes Latin-1 only, so
// it would type a Russian text as nothing at all.
inline void typeText(QWidget* widget, const QString& text)
{
    for (const QChar c : text)
        QTest::sendKeyEvent(QTest::Click, widget, static_cast<Qt::Key>(c.toUpper().unicode()),
                            QString(c), Qt::NoModifier);
}
