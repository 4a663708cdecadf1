#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

// The bot stores signs as lowercase English keys; people read a glyph and a localized name.
class ZodiacSign final
{
    Q_DECLARE_TR_FUNCTIONS(ZodiacSign)
public:
    static const QStringList& keys(); // aries ... pisces, in zodiac order
    static bool isKnown(const QString& key);
    static QString glyph(const QString& key);         // empty for an unknown key
    static QString localizedName(const QString& key); // the key itself when unknown
    static QString display(const QString& key);       // "♈ Aries"; an unknown key as-is
    static QColor color(const QString& key);          // the sign's colour everywhere in the app
};
