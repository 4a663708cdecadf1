#include "ZodiacSign.h"

#include <array>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Sign
{
    const char16_t* key;
    const char16_t* glyph;
    const char* name;
};

// U+FE0E asks for the text presentation, so the glyph matches the surrounding font.
constexpr std::array<Sign, 12> kSigns{{
    {u"aries", u"\u2648", QT_TRANSLATE_NOOP("ZodiacSign", "Aries")},
    {u"taurus", u"\u2649", QT_TRANSLATE_NOOP("ZodiacSign", "Taurus")},
    {u"gemini", u"\u264A", QT_TRANSLATE_NOOP("ZodiacSign", "Gemini")},
    {u"cancer", u"\u264B", QT_TRANSLATE_NOOP("ZodiacSign", "Cancer")},
    {u"leo", u"\u264C", QT_TRANSLATE_NOOP("ZodiacSign", "Leo")},
    {u"virgo", u"\u264D", QT_TRANSLATE_NOOP("ZodiacSign", "Virgo")},
    {u"libra", u"\u264E", QT_TRANSLATE_NOOP("ZodiacSign", "Libra")},
    {u"scorpio", u"\u264F", QT_TRANSLATE_NOOP("ZodiacSign", "Scorpio")},
    {u"sagittarius", u"\u2650", QT_TRANSLATE_NOOP("ZodiacSign", "Sagittarius")},
    {u"capricorn", u"\u2651", QT_TRANSLATE_NOOP("ZodiacSign", "Capricorn")},
    {u"aquarius", u"\u2652", QT_TRANSLATE_NOOP("ZodiacSign", "Aquarius")},
    {u"pisces", u"\u2653", QT_TRANSLATE_NOOP("ZodiacSign", "Pisces")},
}};

const Sign* find(const QString& key)
{
    for (const Sign& s : kSigns) {
        if (key == QStringView(s.key))
            return &s;
    }
    return nullptr;
}

} // namespace

QColor ZodiacSign::color(const QString& key)
{
    // Okabe–Ito's eight colours for colour-blind readers (yellow darkened to show on white),
    // then four of Paul Tol's. The closest pairs are 6 apart: the chart dashes the second six,
    // so those pairs differ in line style too (TrendChart::paletteStyle).
    static constexpr std::array<QRgb, 12> palette{0xD55E00, 0x0072B2, 0xE69F00, 0x009E73,
                                                  0xCC79A7, 0x000000, 0x56B4E9, 0x882255,
                                                  0xB8A000, 0x117733, 0x999999, 0x332288};
    const qsizetype i = keys().indexOf(key);
    return i < 0 ? QColor(0x99, 0x99, 0x99) : QColor(palette[static_cast<std::size_t>(i)]);
}

const QStringList& ZodiacSign::keys()
{
    static const QStringList all = [] {
        QStringList list;
        for (const Sign& s : kSigns)
            list << QString::fromUtf16(s.key);
        return list;
    }();
    return all;
}

bool ZodiacSign::isKnown(const QString& key)
{
    return find(key) != nullptr;
}

QString ZodiacSign::glyph(const QString& key)
{
    const Sign* s = find(key);
    return s ? QString::fromUtf16(s->glyph) + QChar(0xFE0E) : QString();
}

QString ZodiacSign::localizedName(const QString& key)
{
    const Sign* s = find(key);
    return s ? tr(s->name) : key;
}

QString ZodiacSign::display(const QString& key)
{
    const Sign* s = find(key);
    return s ? glyph(key) + u' ' + tr(s->name) : key;
}
