#include "OverviewPage.h"

#include "SignSummaryModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

OverviewPage::OverviewPage(Database* database, QWidget* parent)
    : QWidget(parent)
    , m_horoscopes(database)
    , m_model(new SignSummaryModel(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
    , m_refresh(new QToolButton(this))
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(60'000);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_loaded)
            reload();
    });
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(SignSummaryModel::RawValueRole);
    m_view->setModel(proxy);
    m_view->setAccessibleName(tr("Horoscopes and views by sign"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // zodiac order until the user sorts
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    // Columns as wide as their contents: on a wide screen the last one no longer stretches
    // across the window (1,000 px of a few digits); the table takes the width it needs.
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_view->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Expanding);

    m_refresh->setText(tr("Refresh"));
    m_refresh->setShortcut(QKeySequence::Refresh);
    m_refresh->setToolTip(tr("Reload the overview (F5)"));
    connect(m_refresh, &QToolButton::clicked, this, &OverviewPage::reload);

    auto* title = new QLabel(tr("<b>Horoscopes and views by sign</b>"), this);
    auto* top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(m_status);
    top->addWidget(m_refresh);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1, Qt::AlignLeft);
}

void OverviewPage::reload()
{
    if (m_loading)
        return;
    m_loading = true;
    ++m_reloads;
    m_refresh->setEnabled(false);
    m_status->setText(tr("Loading…"));
    m_horoscopes.summary(this, [this](DbResult<QList<SignSummary>> r) {
        m_loading = false;
        m_refresh->setEnabled(true);
        if (!r.ok()) {
            m_status->setText(tr("Not loaded"));
            emit loadFailed(r.error);
            return;
        }
        m_loaded = true;
        m_model->setRows(r.value);
        m_status->setText(
            tr("Updated %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    });
}

void OverviewPage::setAutoRefreshMs(int ms)
{
    m_timer->setInterval(ms);
}

bool OverviewPage::isAutoRefreshing() const
{
    return m_timer->isActive();
}

void OverviewPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // Shown: the numbers now, and again each minute while it stays shown. reload() starts
    // nothing while a load is under way, so slow answers never stack. Only once the window
    // has loaded it (before, the database may not be ready: the window says so itself).
    if (m_loaded)
        reload();
    m_timer->start();
}

void OverviewPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}
