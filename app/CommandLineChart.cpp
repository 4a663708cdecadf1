// CommandLine: the options of `views chart`.
#include "CommandLine.h"

#include "ZodiacSign.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

// views chart: the options only it takes. The range's limit (ViewTrends::maxBuckets) is checked
// with export's: the chart thins what it draws, but reads and holds every point first.
QString CommandLine::chartProblem() const
{
    for (const QString& sign : signs()) {
        if (!ZodiacSign::isKnown(sign))
            return tr("--signs takes sign keys separated by commas, such as aries,leo; \"%1\" "
                      "is not a sign.")
                .arg(sign);
    }
    if (m_parser.isSet(u"signs"_s) && signs().isEmpty())
        return tr("--signs needs at least one sign key, such as aries,leo.");
    if (!QStringList{u"lines"_s, u"small-multiples"_s, u"share"_s}.contains(kind()))
        return tr("--kind must be lines, small-multiples or share; \"%1\" is none of them.")
            .arg(kind());
    if (!m_parser.isSet(u"out"_s) || !out().endsWith(u".png"_s, Qt::CaseInsensitive))
        return tr("views chart needs --out with a file name ending in .png, such as --out "
                  "trends.png.");
    if (!chartSize().isValid())
        return tr("--size needs WIDTHxHEIGHT in pixels, each from %1 to %2, such as 1600x1000; "
                  "\"%3\" is not one.")
            .arg(minChartSide)
            .arg(maxChartSide)
            .arg(m_parser.value(u"size"_s));
    return {};
}

QStringList CommandLine::signs() const
{
    QStringList list;
    const QStringList words = m_parser.value(u"signs"_s).split(u',', Qt::SkipEmptyParts);
    for (const QString& word : words)
        list << word.trimmed().toLower();
    return list;
}

QString CommandLine::kind() const
{
    return m_parser.value(u"kind"_s);
}

QString CommandLine::out() const
{
    return m_parser.value(u"out"_s);
}

QSize CommandLine::chartSize() const
{
    static const QRegularExpression shape(u"^(\\d{1,5})x(\\d{1,5})$"_s);
    const QRegularExpressionMatch m = shape.match(m_parser.value(u"size"_s));
    if (!m.hasMatch())
        return {};
    const int w = m.captured(1).toInt();
    const int h = m.captured(2).toInt();
    if (w < minChartSide || h < minChartSide || w > maxChartSide || h > maxChartSide)
        return {};
    return {w, h};
}
