#include "TrendChartMultiples.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kColumns = 4;

QChartView* makePanel(QWidget* parent)
{
    auto* chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    QFont small = chart->titleFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    small.setBold(true);
    chart->setTitleFont(small);
    auto* x = new QDateTimeAxis(chart);
    auto* y = new QValueAxis(chart);
    QFont labels = x->labelsFont();
    labels.setPointSizeF(labels.pointSizeF() * 0.75);
    x->setLabelsFont(labels);
    y->setLabelsFont(labels);
    x->setTickCount(3);
    y->setTickCount(3);
    y->setLabelFormat(u"%.0f"_s);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (int i = 0; i < 2; ++i) {
        auto* series = new QLineSeries;
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    auto* view = new QChartView(chart, parent);
    view->setMinimumSize(120, 90);
    view->setFocusPolicy(Qt::NoFocus);
    return view;
}

} // namespace

TrendChartMultiples::TrendChartMultiples(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_grid(new QGridLayout)
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setAlignment(Qt::AlignCenter);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Qt::white);
    setPalette(p);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_grid->setSpacing(0);
    layout->addWidget(m_title);
    layout->addLayout(m_grid, 1);
}

void TrendChartMultiples::setTitle(const QString& title)
{
    m_title->setText(title);
}

void TrendChartMultiples::setPanels(const QList<Panel>& panels, qreal xMin, qreal xMax, qreal yMax,
                                    const QString& dateFormat)
{
    while (m_views.size() < panels.size()) {
        QChartView* view = makePanel(this);
        const int at = static_cast<int>(m_views.size());
        m_grid->addWidget(view, at / kColumns, at % kColumns);
        m_views << view;
    }
    // One scale for all: a round top, so the panels can be compared by eye.
    const qreal magnitude = std::pow(10.0, std::floor(std::log10(std::max<qreal>(1, yMax))));
    const qreal top = std::ceil(yMax / magnitude * 2) / 2 * magnitude;
    m_yMax = top;
    m_shown = static_cast<int>(panels.size());
    for (qsizetype i = 0; i < m_views.size(); ++i) {
        QChartView* view = m_views.at(i);
        view->setVisible(i < panels.size());
        if (i >= panels.size())
            continue;
        const Panel& panel = panels.at(i);
        QChart* chart = view->chart();
        chart->setTitle(panel.name);
        const auto axes = chart->axes();
        for (QAbstractAxis* axis : axes) {
            if (auto* x = qobject_cast<QDateTimeAxis*>(axis)) {
                x->setFormat(dateFormat);
                x->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(xMin)),
                            QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(xMax)));
            } else if (auto* y = qobject_cast<QValueAxis*>(axis)) {
                y->setRange(0, top);
            }
        }
        const auto series = chart->series();
        auto* solid = static_cast<QLineSeries*>(series.at(0));
        auto* partial = static_cast<QLineSeries*>(series.at(1));
        solid->setPen(QPen(panel.colour, 1.5));
        QColor faint = panel.colour;
        faint.setAlphaF(0.6);
        partial->setPen(QPen(faint, 1.5, Qt::DotLine));
        solid->replace(panel.solid);
        partial->replace(panel.partial);
    }
}
