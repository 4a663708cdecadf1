#include "HoroscopeTableModel.h"

#include "Database.h"
#include "HoroscopeQuery.h"
#include "ZodiacSign.h"

#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QSet>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

HoroscopeTableModel::HoroscopeTableModel(Database* database, QObject* parent)
    : QAbstractTableModel(parent)
    , m_database(database)
    , m_browse(database)
{
    // A page or count that failed because the connection dropped, or could not be made, is
    // asked again once it is there (after Database::retry(), or a reconnect).
    connect(database, &Database::connectionUp, this, &HoroscopeTableModel::connected);
}

HoroscopeTableModel::HoroscopeTableModel(const ConnectionSpec& spec, QObject* parent)
    : HoroscopeTableModel(new Database(spec), parent)
{
    m_ownDatabase.reset(m_database.data());
    m_ownDatabase->start();
}

void HoroscopeTableModel::connected()
{
    if (m_connectFailed) {
        m_connectFailed = false;
        emit connectionRestored();
    }
    if (m_reloadWhenConnected) {
        m_reloadWhenConnected = false;
        reload();
    } else if (m_countWhenConnected) {
        countRows();
    }
}

HoroscopeTableModel::~HoroscopeTableModel()
{
    // Long searches or counts need not finish before the window closes; the other requests on
    // the connection are not touched.
    if (m_pageRequest)
        m_pageRequest->cancel();
    if (m_countRequest)
        m_countRequest->cancel();
}

HoroscopeFilter::SortColumn HoroscopeTableModel::sortColumnFor(int column, bool* sortable)
{
    *sortable = true;
    switch (column) {
    case SignColumn:
        return HoroscopeFilter::SortColumn::Sign;
    case DateColumn:
        return HoroscopeFilter::SortColumn::Date;
    case TextColumn:
        return HoroscopeFilter::SortColumn::Text;
    case LengthColumn:
        return HoroscopeFilter::SortColumn::Length;
    case GeneratedColumn:
        return HoroscopeFilter::SortColumn::GeneratedAt;
    default:
        *sortable = false;
        return HoroscopeFilter::SortColumn::Date;
    }
}

int HoroscopeTableModel::columnForSort(HoroscopeFilter::SortColumn sort)
{
    for (int column = 0; column < ColumnCount; ++column) {
        bool sortable = false;
        if (sortColumnFor(column, &sortable) == sort && sortable)
            return column;
    }
    return DateColumn;
}

void HoroscopeTableModel::setRevisionsAvailable(bool available)
{
    m_revisions = available;
}

void HoroscopeTableModel::setFilter(const HoroscopeFilter& filter)
{
    m_filter = filter;
    reload();
}

void HoroscopeTableModel::reload()
{
    m_active = true;
    request(Loading::Reset);
    forgetCount();
}

void HoroscopeTableModel::jumpToDate(const QDate& date)
{
    m_active = true;
    m_filter.sort = HoroscopeFilter::SortColumn::Date;
    request(Loading::Reset, date);
    forgetCount();
}

void HoroscopeTableModel::sort(int column, Qt::SortOrder order)
{
    bool sortable = false;
    const HoroscopeFilter::SortColumn sortColumn = sortColumnFor(column, &sortable);
    if (!sortable || (m_filter.sort == sortColumn && m_filter.order == order))
        return;
    m_filter.sort = sortColumn;
    m_filter.order = order;
    if (m_active) // a view sets its sort order before there is anything to load
        request(Loading::Reset);
}

void HoroscopeTableModel::setLoading(Loading kind)
{
    const bool was = isLoading();
    m_loading = kind;
    if (was != isLoading())
        emit loadingChanged(isLoading());
}

void HoroscopeTableModel::request(Loading kind, const QDate& jumpDate, bool retried,
                                  bool continuing)
{
    if (kind == Loading::Reset) {
        // A newer question supersedes the one in flight: stop it and ignore its answer.
        ++m_generation;
        m_latest->store(m_generation);
        if (isLoading() && m_pageRequest)
            m_pageRequest->cancel();
        m_reloadWhenConnected = false; // this is the reload
        m_scannedAfter.reset();
        m_scannedBefore.reset();
    } else if (isLoading() && !continuing) {
        return;
    }
    if (!continuing) {
        m_chainClock.start();
        m_foundInChain = 0;
        m_indexPlanTimedOut = false;
    }
    const HoroscopeQuery query(m_filter, m_revisions);
    std::optional<HoroscopeQuery::Position> after;
    switch (kind) {
    case Loading::Reset:
        if (jumpDate.isValid())
            after = HoroscopeQuery::dateBound(jumpDate, m_filter.order);
        break;
    case Loading::More:
        after = m_scannedAfter ? *m_scannedAfter : HoroscopeQuery::positionOf(m_rows.last());
        break;
    case Loading::Previous:
        after = m_scannedBefore ? *m_scannedBefore : HoroscopeQuery::positionOf(m_rows.first());
        break;
    case Loading::None:
        return;
    }
    setLoading(kind);
    const quint64 generation = m_generation;
    const bool jumped = jumpDate.isValid();
    const bool backward = kind == Loading::Previous;
    HoroscopePager::Options options = m_pagerOptions;
    options.tryIndexPlan = options.tryIndexPlan && !m_indexPlanTimedOut;
    options.superseded = [latest = m_latest, generation] { return latest->load() != generation; };
    m_pageRequest = m_browse.page(
        this, query, after, backward, kPageSize, options,
        [this, kind, generation, jumped, jumpDate, retried, after](PageResult r) {
            if (generation != m_generation)
                return; // superseded
            m_pageRequest.reset();
            if (!r.ok()) {
                setLoading(Loading::None);
                // Cancelled by us though it was not superseded (a cancel reaches only the job
                // it was asked for): ask once more. A statement_timeout is not ours to retry;
                // it is reported.
                if (r.error.kind == DbError::Kind::Cancelled && kind == Loading::Reset &&
                    !retried) {
                    request(Loading::Reset, jumpDate, true);
                    return;
                }
                if (r.error.kind == DbError::Kind::ConnectionLost) {
                    m_reloadWhenConnected = true; // the window already says the server is gone
                    return;
                }
                using K = DbError::Kind;
                const K k = r.error.kind;
                if (k == K::HostUnreachable || k == K::AuthenticationFailed ||
                    k == K::TooManyConnections || k == K::DatabaseMissing ||
                    (m_database && m_database->state() == Database::State::Failed)) {
                    // No connection for the list (refused, unreachable): the next request or
                    // Database::retry() connects again, and the list reloads once it is there.
                    m_connectFailed = true;
                    m_reloadWhenConnected = true;
                }
                emit loadFailed(r.error);
                return;
            }
            const bool partial = r.value.partial;
            const HoroscopeQuery::Position scanned = r.value.scanned;
            // The farthest row of the answer is one shown already (an edit moved its sort key
            // on, see updateRow()): the next step goes on from it, not from the row before.
            std::optional<HoroscopeQuery::Position> walked;
            if (kind != Loading::Reset && !r.value.rows.isEmpty() &&
                rowOfId(r.value.rows.last().id) >= 0)
                walked = HoroscopeQuery::positionOf(r.value.rows.last());
            m_foundInChain += static_cast<int>(r.value.rows.size());
            m_indexPlanTimedOut = m_indexPlanTimedOut || r.value.indexPlanTimedOut;
            // Still "loading" while the rows go in: views and testers that ask for more from
            // inside the insert signals must wait for this page to be in place.
            apply(kind, std::move(r.value));
            if (kind == Loading::Reset) {
                m_hasPrevious = jumped;
                if (jumped)
                    m_scannedBefore = after; // nothing between the jump's bound and row 0
            }
            if (kind == Loading::Previous)
                m_scannedBefore = partial ? std::optional(scanned) : walked;
            else
                m_scannedAfter = partial ? std::optional(scanned) : walked;
            if (!partial && !m_hasMore && !m_hasPrevious) {
                // Every row the filter matches is here: that is the exact count.
                m_countAfterPage = false;
                ++m_countGeneration;
                m_total = m_rows.size();
                m_totalIsEstimate = false;
                m_totalIsLowerBound = false;
                emit totalChanged();
            } else if (m_countAfterPage) {
                // Counted once the first answer is shown, so that the count never slows it.
                m_countAfterPage = false;
                countRows();
            }
            if (partial && m_foundInChain < kPageSize &&
                m_chainClock.hasExpired(m_searchDeadlineMs)) {
                // The steps are bounded, and so is their chain: a term that no index narrows
                // and few rows hold would keep a backend reading the whole table.
                setLoading(Loading::None);
                emit loadFailed(DbError::make(
                    DbError::Kind::Timeout,
                    tr("The search was stopped after %1 s without filling a page: no index "
                       "narrows this term. Narrow it with the sign or date filters or a longer "
                       "term, or scroll down to search further.")
                        .arg(QLocale().toString(m_searchDeadlineMs / 1000.0, 'g', 4))));
                return;
            }
            if (partial && m_foundInChain < kPageSize) {
                // Keep searching: the next bounded step, until a page is found or the end.
                request(kind == Loading::Previous ? Loading::Previous : Loading::More, {}, false,
                        true);
                return;
            }
            setLoading(Loading::None);
        });
}

void HoroscopeTableModel::apply(Loading kind, HoroscopePager::Answer r)
{
    if (kind != Loading::Reset) {
        // A row edited here keeps its place until the next reload (updateRow()); when its new
        // sort key lies in the rows fetched now, the server sends it again: shown once.
        QSet<int> shown;
        shown.reserve(m_rows.size());
        for (const HoroscopeRow& row : std::as_const(m_rows))
            shown.insert(row.id);
        r.rows.removeIf([&shown](const HoroscopeRow& row) { return shown.contains(row.id); });
    }
    const int n = static_cast<int>(r.rows.size());
    switch (kind) {
    case Loading::Reset:
        beginResetModel();
        m_rows = std::move(r.rows);
        m_hasMore = r.more;
        m_hasPrevious = false;
        endResetModel();
        break;
    case Loading::More: {
        m_hasMore = r.more;
        if (n > 0) {
            const int first = static_cast<int>(m_rows.size());
            beginInsertRows({}, first, first + n - 1);
            m_rows.append(r.rows);
            endInsertRows();
        }
        const int excess = static_cast<int>(m_rows.size()) - m_maxRows;
        if (excess > 0) {
            beginRemoveRows({}, 0, excess - 1);
            m_rows.remove(0, excess);
            endRemoveRows();
            m_hasPrevious = true;
            m_scannedBefore.reset(); // go on from the new first row
            emit rowsTrimmed(excess, true);
        }
        break;
    }
    case Loading::Previous: {
        m_hasPrevious = r.more;
        if (n > 0) {
            std::reverse(r.rows.begin(), r.rows.end());
            beginInsertRows({}, 0, n - 1);
            r.rows.append(m_rows);
            m_rows = std::move(r.rows);
            endInsertRows();
        }
        const int excess = static_cast<int>(m_rows.size()) - m_maxRows;
        if (excess > 0) {
            const int keep = static_cast<int>(m_rows.size()) - excess;
            beginRemoveRows({}, keep, keep + excess - 1);
            m_rows.resize(keep);
            endRemoveRows();
            m_hasMore = true;
            m_scannedAfter.reset(); // go on from the new last row
            emit rowsTrimmed(excess, false);
        }
        break;
    }
    case Loading::None:
        break;
    }
    emit pageLoaded();
}

void HoroscopeTableModel::forgetCount()
{
    m_total = -1;
    m_totalIsEstimate = false;
    m_totalIsLowerBound = false;
    emit totalChanged();
    if (m_countRequest)
        m_countRequest->cancel();
    ++m_countGeneration;
    m_countAfterPage = true;
    m_countWhenConnected = false; // counted after the first page
}

void HoroscopeTableModel::countRows()
{
    const quint64 generation = ++m_countGeneration; // sorting keeps the count
    m_countWhenConnected = false;
    const HoroscopeQuery query(m_filter, m_revisions);
    m_countRequest = m_browse.count(this, query, kCountCap, kCountTimeoutMs,
                                    [this, generation](DbResult<BrowseService::Count> r) {
                                        if (generation != m_countGeneration)
                                            return;
                                        m_countRequest.reset();
                                        // Counted again once the connection can be made.
                                        m_countWhenConnected = !r.ok() && !r.cancelled();
                                        m_total = r.ok() ? r.value.total : -1;
                                        m_totalIsEstimate = r.value.estimate;
                                        m_totalIsLowerBound = r.value.lowerBound;
                                        emit totalChanged();
                                    });
}

bool HoroscopeTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_hasMore && !isLoading();
}

void HoroscopeTableModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent) && (!m_rows.isEmpty() || m_scannedAfter))
        request(Loading::More);
}

bool HoroscopeTableModel::canFetchPrevious() const
{
    return m_hasPrevious && !isLoading();
}

void HoroscopeTableModel::fetchPrevious()
{
    if (canFetchPrevious() && (!m_rows.isEmpty() || m_scannedBefore))
        request(Loading::Previous);
}

const HoroscopeRow* HoroscopeTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int HoroscopeTableModel::rowOfId(int id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

void HoroscopeTableModel::updateRow(const HoroscopeRow& row)
{
    const int i = rowOfId(row.id);
    if (i < 0)
        return;
    HoroscopeRow updated = row;
    updated.sortKey = m_rows.at(i).sortKey; // keeps its place until the next reload
    m_rows[i] = updated;
    emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
}

void HoroscopeTableModel::removeIds(const QList<int>& ids)
{
    for (int id : ids) {
        const int i = rowOfId(id);
        if (i < 0)
            continue;
        beginRemoveRows({}, i, i);
        m_rows.removeAt(i);
        endRemoveRows();
        if (m_total > 0 && !m_totalIsEstimate) {
            --m_total;
            emit totalChanged();
        }
    }
}

int HoroscopeTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int HoroscopeTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {
// A pencil in a small amber disc: "open in another window", the same in every language.
QIcon openElsewhereMark()
{
    static const QIcon icon = [] {
        QPixmap pixmap(32, 32);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xe0, 0x8a, 0x00));
        p.drawEllipse(2, 2, 28, 28);
        p.setPen(QPen(Qt::white, 4, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(10, 22, 22, 10);
        return QIcon(pixmap);
    }();
    return icon;
}
} // namespace

QString HoroscopeTableModel::presenceKey(const QString& sign, const QDate& date)
{
    return sign + u'|' + date.toString(Qt::ISODate);
}

QString HoroscopeTableModel::openElsewhere(int row) const
{
    if (m_openElsewhere.isEmpty() || row < 0 || row >= m_rows.size())
        return {};
    const HoroscopeRow& r = m_rows.at(row);
    return m_openElsewhere.value(presenceKey(r.sign, r.date));
}

void HoroscopeTableModel::setOpenElsewhere(const QHash<QString, QString>& open)
{
    if (open == m_openElsewhere)
        return;
    m_openElsewhere = open;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, SignColumn), index(rowCount() - 1, SignColumn),
                         {Qt::DecorationRole, Qt::ToolTipRole, Qt::AccessibleTextRole});
}

QVariant HoroscopeTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HoroscopeRow& r = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return r.id;
    case SignKeyRole:
        return r.sign;
    case DateRole:
        return r.date;
    case RawValueRole:
        switch (index.column()) {
        case SignColumn:
            return r.sign;
        case DateColumn:
            return r.date;
        case TextColumn:
            return r.preview;
        case LengthColumn:
            return r.length;
        case GeneratedColumn:
            return r.generatedAt;
        case CorrectedColumn:
            return r.corrected;
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (index.column() == SignColumn && !openElsewhere(index.row()).isEmpty())
            return openElsewhereMark();
        return {};
    case Qt::AccessibleTextRole:
        if (index.column() == SignColumn && !openElsewhere(index.row()).isEmpty())
            return ZodiacSign::display(r.sign) + u" ("_s + openElsewhere(index.row()) + u')';
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SignColumn)
            return openElsewhere(index.row());
        if (index.column() == TextColumn)
            return r.preview.size() < r.length ? r.preview + u"…"_s : r.preview;
        if (index.column() == CorrectedColumn && r.corrected)
            return tr("The text was changed by hand after it was generated.");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == LengthColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole: {
        const QLocale locale;
        switch (index.column()) {
        case SignColumn:
            return ZodiacSign::display(r.sign);
        case DateColumn:
            return locale.toString(r.date, QLocale::ShortFormat);
        case TextColumn:
            return r.firstLine();
        case LengthColumn:
            return locale.toString(r.length);
        case GeneratedColumn:
            return locale.toString(r.generatedAt.toLocalTime(), QLocale::ShortFormat);
        case CorrectedColumn:
            return r.corrected ? tr("corrected") : QString();
        default:
            return {};
        }
    }
    default:
        return {};
    }
}

QVariant HoroscopeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SignColumn:
        return tr("Sign");
    case DateColumn:
        return tr("Date");
    case TextColumn:
        return tr("Text");
    case LengthColumn:
        return tr("Length");
    case GeneratedColumn:
        return tr("Generated at");
    case CorrectedColumn:
        return tr("Corrected");
    default:
        return {};
    }
}
