#include "OverviewPage.h"

#include "DatabaseWorker.h"
#include "SignSummaryModel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTime>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

struct SummaryResult
{
    bool ok = false;
    QList<SignSummary> rows;
    DbError error;
};

} // namespace

OverviewPage::OverviewPage(DatabaseWorker* worker, QWidget* parent)
    : QWidget(parent)
    , m_worker(worker)
    , m_model(new SignSummaryModel(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
    , m_refresh(new QToolButton(this))
{
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(SignSummaryModel::RawValueRole);
    m_view->setModel(proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // zodiac order until the user sorts
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

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
    layout->addWidget(m_view);
}

void OverviewPage::reload()
{
    if (m_loading)
        return;
    m_loading = true;
    m_refresh->setEnabled(false);
    m_status->setText(tr("Loading…"));
    const ConnectionSpec spec = m_worker->spec();
    m_worker->run<SummaryResult>(
        this,
        [spec](QSqlDatabase& db) {
            SummaryResult r;
            r.ok = SignSummary::load(db, spec, &r.rows, &r.error);
            return r;
        },
        [this](SummaryResult r) {
            m_loading = false;
            m_refresh->setEnabled(true);
            if (!r.ok) {
                m_status->setText(tr("Not loaded"));
                emit loadFailed(r.error);
                return;
            }
            m_model->setRows(r.rows);
            m_status->setText(
                tr("Updated %1")
                    .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
        });
}
