#include "TrendsPage.h"

#include "DateEdit.h"
#include "DateRangePicker.h"
#include "TrendCompare.h"
#include "TrendTotalsModel.h"
#include "ViewsTableModel.h"
#include "ZodiacSign.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTime>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kMinRefreshSeconds = 5;

DateRangePicker::Range lastDays(const QDate& today, int days)
{
    return {today.addDays(1 - days), today};
}

} // namespace

// The totals table is as wide as its columns (the last, Change, was cut off at 1024 x 640):
// the splitter gives the chart what is left.
static void keepColumnsWhole(QTableView* view)
{
    const auto fit = [view] {
        QHeaderView* header = view->horizontalHeader();
        int width = 2 * view->frameWidth() + view->verticalScrollBar()->sizeHint().width();
        // The sections as the header sized them to their contents.
        for (int c = 0; c < header->count(); ++c)
            width += header->isSectionHidden(c) ? 0 : header->sectionSize(c);
        if (width != view->minimumWidth())
            view->setMinimumWidth(width);
    };
    QObject::connect(view->horizontalHeader(), &QHeaderView::sectionResized, view, fit);
    QAbstractItemModel* model = view->model();
    QObject::connect(model, &QAbstractItemModel::modelReset, view, fit);
    QObject::connect(model, &QAbstractItemModel::layoutChanged, view, fit);
    QObject::connect(model, &QAbstractItemModel::dataChanged, view, fit);
    QObject::connect(model, &QAbstractItemModel::headerDataChanged, view, fit);
    fit();
}

TrendsPage::TrendsPage(Database* database, QWidget* parent)
    : QWidget(parent)
    , m_service(database)
    , m_chart(new TrendChart(this))
    , m_totals(new TrendTotalsModel(this))
    , m_raw(new ViewsTableModel(this))
    , m_rawTable(new QTableView(this))
    , m_dates(new DateRangePicker(
          {
              {tr("Last 7 days"), [database] { return lastDays(database->today(), 7); }},
              {tr("Last 30 days"), [database] { return lastDays(database->today(), 30); }},
              {tr("Last 90 days"), [database] { return lastDays(database->today(), 90); }},
              {tr("Last 365 days"), [database] { return lastDays(database->today(), 365); }},
              {tr("All time"), [] { return DateRangePicker::Range{}; }},
          },
          1, database->today(), this))
    , m_bucket(new QComboBox(this))
    , m_kind(new QComboBox(this))
    , m_autoRefresh(new QComboBox(this))
    , m_compare(new QComboBox(this))
    , m_compareDays(new QSpinBox(this))
    , m_rawSign(new QComboBox(this))
    , m_rawFrom(new DateEdit(database->today().addDays(-29), this))
    , m_rawTo(new DateEdit(database->today(), this))
    , m_rawStatus(new QLabel(this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this))
{
    m_bucket->addItem(tr("By day"), static_cast<int>(ViewTrends::Bucket::Day));
    m_bucket->addItem(tr("By week"), static_cast<int>(ViewTrends::Bucket::Week));
    m_bucket->addItem(tr("By month"), static_cast<int>(ViewTrends::Bucket::Month));
    m_kind->addItem(tr("Lines"), static_cast<int>(TrendChart::Kind::Lines));
    m_kind->addItem(tr("Small multiples"), static_cast<int>(TrendChart::Kind::SmallMultiples));
    m_kind->addItem(tr("Share of total"), static_cast<int>(TrendChart::Kind::Share));
    m_kind->setToolTip(tr("One line per sign, one small chart per sign on a shared scale, or "
                          "each sign's share of all views"));
    m_autoRefresh->addItem(tr("No auto-refresh"), 0);
    for (int seconds : {5, 15, 30, 60, 300})
        m_autoRefresh->addItem(seconds < 60 ? tr("Every %1 s").arg(seconds)
                                            : tr("Every %1 min").arg(seconds / 60),
                               seconds);
    for (QDateEdit* e : {m_rawFrom, m_rawTo}) {
        e->setCalendarPopup(true);
    }

    auto* refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setShortcut(QKeySequence::Refresh);
    auto* resetZoom = new QPushButton(tr("Reset zoom"), this);
    resetZoom->setToolTip(tr("In the chart: Left and Right move the crosshair, Shift+Left and "
                             "Shift+Right move the chart, + and - zoom, 0 resets"));
    auto* signs = new QToolButton(this);
    signs->setText(tr("&Signs"));
    signs->setToolTip(tr("Show or hide signs (A in the chart shows all)"));
    signs->setMenu(m_chart->signsMenu());
    signs->setPopupMode(QToolButton::InstantPopup);
    auto* showAll = new QPushButton(tr("Show all signs"), this);
    auto* missing = new QComboBox(this);
    missing->addItem(tr("Missing rows as 0"), static_cast<int>(TrendChart::MissingDays::Zero));
    missing->addItem(tr("Missing rows as gaps"), static_cast<int>(TrendChart::MissingDays::Gap));
    missing->setAccessibleName(tr("Days without rows"));
    missing->setToolTip(tr("A sign with no row on a day when other signs have rows: counted as 0 "
                           "views (the bot writes a row only when a sign is viewed) or left out "
                           "of its line. The chart says where this happens."));
    auto* png = new QPushButton(tr("Save PNG…"), this);
    auto* csv = new QPushButton(tr("Save CSV…"), this);

    auto* dataControls = new QHBoxLayout;
    QHBoxLayout* controls = dataControls;
    controls->addWidget(m_dates);
    controls->addWidget(m_bucket);
    controls->addWidget(m_kind);
    controls->addWidget(m_compare);
    controls->addWidget(m_compareDays);
    controls->addWidget(m_autoRefresh);
    controls->addWidget(refreshButton);
    controls->addStretch();
    // The chart's own actions on a second row, so the page fits a small screen in Russian too.
    auto* chartActions = new QHBoxLayout;
    controls = chartActions;
    controls->addStretch();
    controls->addWidget(missing);
    controls->addWidget(resetZoom);
    controls->addWidget(signs);
    controls->addWidget(showAll);
    controls->addWidget(png);
    controls->addWidget(csv);

    auto* totalsView = new QTableView(this);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_totals);
    proxy->setSortRole(TrendTotalsModel::RawValueRole);
    totalsView->setModel(proxy);
    totalsView->setAccessibleName(tr("Views per sign"));
    totalsView->setSortingEnabled(true);
    totalsView->sortByColumn(-1, Qt::AscendingOrder);
    totalsView->verticalHeader()->hide();
    totalsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    totalsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    totalsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    totalsView->horizontalHeader()->setStretchLastSection(false); // keepColumnsWhole
    totalsView->setToolTip(tr("Double-click a sign to show it alone in the chart"));
    totalsView->setTabKeyNavigation(false); // Tab leaves the table; the arrows move inside
    keepColumnsWhole(totalsView);
    connect(totalsView, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        m_chart->showOnly(index.data(TrendTotalsModel::SignKeyRole).toString());
    });

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_chart);
    split->addWidget(totalsView);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({820, 400});
    auto* chartPage = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartPage);
    chartLayout->addLayout(dataControls);
    chartLayout->addLayout(chartActions);
    chartLayout->addWidget(split, 1);
    chartLayout->addWidget(m_status);

    // The raw counters, read-only.
    m_rawSign->addItem(tr("All signs"), QString());
    for (const QString& key : ZodiacSign::keys())
        m_rawSign->addItem(ZodiacSign::display(key), key);
    m_rawTable->setModel(m_raw);
    m_rawTable->setAccessibleName(tr("Raw counts"));
    m_rawFrom->setAccessibleName(tr("From date"));
    m_rawTo->setAccessibleName(tr("To date"));
    m_rawTable->verticalHeader()->hide();
    m_rawTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rawTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* rawControls = new QHBoxLayout;
    rawControls->addWidget(m_rawSign);
    rawControls->addWidget(m_rawFrom);
    rawControls->addWidget(m_rawTo);
    rawControls->addWidget(m_rawStatus, 1);
    auto* rawPage = new QWidget(this);
    auto* rawLayout = new QVBoxLayout(rawPage);
    rawLayout->addLayout(rawControls);
    rawLayout->addWidget(m_rawTable, 1);
    rawLayout->addWidget(new QLabel(tr("The bot increments these counters; they are read-only "
                                       "here."),
                                    rawPage));

    auto* tabs = new QTabWidget(this);
    tabs->addTab(chartPage, tr("Chart"));
    tabs->addTab(rawPage, tr("Raw counts"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs);

    connect(m_dates, &DateRangePicker::changed, this, &TrendsPage::refresh);
    connect(database, &Database::todayChanged, this,
            [this, today = database->today()](const QDate& now) mutable {
                const QDate before = std::exchange(today, now);
                if (before == now)
                    return;
                DateText::followToday(m_rawFrom, before, now, -29);
                DateText::followToday(m_rawTo, before, now, 0);
                m_dates->setToday(before, now);
            });
    connect(m_bucket, &QComboBox::currentIndexChanged, this, &TrendsPage::refresh);
    setUpComparison();
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_chart->setKind(static_cast<TrendChart::Kind>(m_kind->currentData().toInt()));
    });
    connect(m_chart, &TrendChart::viewChanged, this, &TrendsPage::updateCaption);
    connect(missing, &QComboBox::currentIndexChanged, this, [this, missing] {
        m_chart->setMissingDays(
            static_cast<TrendChart::MissingDays>(missing->currentData().toInt()));
    });
    connect(m_autoRefresh, &QComboBox::currentIndexChanged, this,
            [this] { setAutoRefreshSeconds(m_autoRefresh->currentData().toInt()); });
    connect(m_timer, &QTimer::timeout, this, &TrendsPage::refresh);
    connect(refreshButton, &QPushButton::clicked, this, [this] {
        refresh();
        reloadRawViews();
    });
    connect(resetZoom, &QPushButton::clicked, m_chart, &TrendChart::resetZoom);
    connect(showAll, &QPushButton::clicked, m_chart, &TrendChart::showAll);
    connect(png, &QPushButton::clicked, this, &TrendsPage::choosePng);
    connect(csv, &QPushButton::clicked, this, &TrendsPage::chooseCsv);
    connect(m_rawSign, &QComboBox::currentIndexChanged, this, &TrendsPage::reloadRawViews);
    connect(m_rawFrom, &QDateEdit::dateChanged, this, &TrendsPage::reloadRawViews);
    connect(m_rawTo, &QDateEdit::dateChanged, this, &TrendsPage::reloadRawViews);
}

ViewTrends::Range TrendsPage::currentRange() const
{
    ViewTrends::Range r;
    r.bucket = static_cast<ViewTrends::Bucket>(m_bucket->currentData().toInt());
    std::tie(r.from, r.to) = m_dates->range();
    return r;
}

void TrendsPage::setRange(Preset preset, const QDate& from, const QDate& to)
{
    m_dates->select(static_cast<int>(preset), from, to);
}

void TrendsPage::setBucket(ViewTrends::Bucket bucket)
{
    m_bucket->setCurrentIndex(m_bucket->findData(static_cast<int>(bucket)));
}

void TrendsPage::setAutoRefreshSeconds(int seconds)
{
    if (seconds <= 0) {
        m_timer->stop();
        return;
    }
    m_timer->start(std::max(seconds, kMinRefreshSeconds) * 1000);
}

int TrendsPage::autoRefreshSeconds() const
{
    return m_timer->isActive() ? m_timer->interval() / 1000 : 0;
}

void TrendsPage::refresh()
{
    if (m_loading) {
        m_again = true; // one more once this answer is in, with the newest settings
        return;
    }
    m_loading = true;
    const ViewTrends::Range range = currentRange();
    QString problem;
    const TrendComparison compare = currentComparison(&problem);
    if (!problem.isEmpty())
        emit message(problem, true);
    m_service.trends(this, range, compare, [this](DbResult<ViewTrends> r) {
        m_loading = false;
        if (r.ok()) {
            m_trends = r.value;
            m_updated = QTime::currentTime();
            m_chart->setTrends(m_trends); // updateCaption() through viewChanged
            ++m_refreshes;
            emit refreshed();
        } else if (r.error.kind != DbError::Kind::ConnectionLost) {
            emit message(r.error.message, true);
        }
        if (m_again) {
            m_again = false;
            refresh();
        }
    });
}

void TrendsPage::setKind(TrendChart::Kind kind)
{
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(kind)));
}

QString TrendsPage::caption() const
{
    return m_status->text();
}

void TrendsPage::updateCaption()
{
    // The totals and the caption follow the zoom; the totals table keeps every sign (a hidden
    // one, marked and without a share, can be double-clicked back), the caption counts the
    // signs drawn.
    const ViewTrends shown = m_chart->visibleTrends();
    const QStringList signs = m_chart->visibleSigns();
    QStringList hidden = shown.signs;
    hidden.removeIf([&](const QString& sign) { return signs.contains(sign); });
    m_totals->setHiddenSigns(hidden);
    m_totals->setTrends(shown);
    qint64 views = 0;
    for (const QString& sign : signs)
        views += shown.totals.value(sign);
    const QLocale locale;
    m_status->setText(tr("%1 to %2: %3 views, %4 of %5 signs shown. Updated %6.")
                          .arg(locale.toString(shown.from, QLocale::ShortFormat),
                               locale.toString(shown.to, QLocale::ShortFormat),
                               locale.toString(views))
                          .arg(signs.size())
                          .arg(shown.signs.size())
                          .arg(locale.toString(m_updated, QLocale::ShortFormat)));
}

void TrendsPage::reloadRawViews()
{
    const QString sign = m_rawSign->currentData().toString();
    const QDate from = m_rawFrom->date();
    const QDate to = m_rawTo->date();
    m_service.rawViews(this, sign.isEmpty() ? QStringList() : QStringList{sign}, from, to,
                       m_rawLoads.wrap<TrendsService::RawViews>([this](auto r) {
                           if (!r.ok()) {
                               m_rawStatus->setText(r.error.message);
                               return;
                           }
                           const auto& [rows, truncated] = r.value;
                           m_raw->setRows(rows, truncated);
                           m_rawStatus->setText(
                               truncated
                                   ? tr("The first %1 rows; narrow the filter to see the rest.")
                                         .arg(QLocale().toString(rows.size()))
                                   : tr("%1 rows").arg(QLocale().toString(rows.size())));
                       }));
}

bool TrendsPage::exportPng(const QString& fileName) const
{
    return m_chart->toImage().save(fileName, "PNG");
}

bool TrendsPage::exportCsv(const QString& fileName) const
{
    QSaveFile file(fileName);
    return file.open(QIODevice::WriteOnly) && file.write(m_trends.toCsv()) >= 0 && file.commit();
}

void TrendsPage::choosePng()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save the chart"), u"view-trends.png"_s, tr("PNG images (*.png)"));
    if (file.isEmpty())
        return;
    const bool ok = exportPng(file);
    emit message(
        ok ? tr("Saved the chart to %1.").arg(file)
           : tr("Could not save the chart to %1. Check that you may write there.").arg(file),
        !ok);
}

void TrendsPage::chooseCsv()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save the numbers"), u"view-trends.csv"_s, tr("CSV files (*.csv)"));
    if (file.isEmpty())
        return;
    const bool ok = exportCsv(file);
    emit message(
        ok ? tr("Saved the numbers to %1.").arg(file)
           : tr("Could not save the numbers to %1. Check that you may write there.").arg(file),
        !ok);
}
