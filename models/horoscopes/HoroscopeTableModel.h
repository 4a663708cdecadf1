#pragma once

#include "BrowseService.h"
#include "ConnectionSpec.h"
#include "DbError.h"
#include "HoroscopeFilter.h"
#include "HoroscopePager.h"
#include "HoroscopeRow.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QPointer>
#include <atomic>
#include <memory>
#include <optional>

class Database;

// horoscope_cache as a table that fetches pages from the server as the user scrolls (keyset
// pagination, both directions), so the first rows show as fast and memory stays as small for
// a million rows as for a thousand. Sorting and filtering run in the database; a newer query
// supersedes an older one, whose answer is dropped. At most maxRows rows are held: scrolling
// on drops rows from the other end, which fetchPrevious() or fetchMore() bring back.
// A search for a rare term without trigrams may need more than one bounded step to fill a page:
// the model keeps searching (isLoading() stays true) and shows rows as they are found.
class HoroscopeTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SignColumn,
        DateColumn,
        TextColumn,
        LengthColumn,
        GeneratedColumn,
        CorrectedColumn,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, SignKeyRole, DateRole, RawValueRole };

    static constexpr int kPageSize = 100;
    // Filtered counts stop here ("at least 1,000") and after kCountTimeoutMs (unknown).
    static constexpr int kCountCap = 1000;
    static constexpr int kCountTimeoutMs = 300;

    // Pages and counts through the window's Database (BrowseService): its read connection,
    // the standby when there is one, the primary while a change made in this window has not
    // reached the standby yet, so a saved text never reverts in the list.
    explicit HoroscopeTableModel(Database* database, QObject* parent = nullptr);
    // The same over a Database of the model's own (tests, benchmarks).
    explicit HoroscopeTableModel(const ConnectionSpec& spec, QObject* parent = nullptr);
    ~HoroscopeTableModel() override;

    void setRevisionsAvailable(bool available); // migration 0002 applied: "corrected" works
    void setFilter(const HoroscopeFilter& filter);
    const HoroscopeFilter& filter() const { return m_filter; }
    void reload();
    void jumpToDate(const QDate& date); // switches to date order when needed
    void setMaxRows(int rows) { m_maxRows = rows; }
    void setPagerOptions(const HoroscopePager::Options& options) { m_pagerOptions = options; }
    // How long the bounded steps of one search may go on looking for a page of matches before
    // it stops and says so (loadFailed); scrolling on searches further.
    void setSearchDeadlineMs(int ms) { m_searchDeadlineMs = ms; }
    static constexpr int kSearchDeadlineMs = 30'000;

    bool canFetchMore(const QModelIndex& parent = {}) const override;
    void fetchMore(const QModelIndex& parent = {}) override;
    bool canFetchPrevious() const;
    void fetchPrevious();

    const HoroscopeRow* rowAt(int row) const;
    int rowOfId(int id) const;
    void updateRow(const HoroscopeRow& row); // after a save: same id, new text and version
    void removeIds(const QList<int>& ids);   // after invalidating
    // The horoscopes open in other windows (EditingPresence), by presenceKey(), with what to
    // say about them ("Boris Ivanov is editing this since 10:02"): their sign cell shows a
    // mark, the words in its tooltip and accessible text.
    void setOpenElsewhere(const QHash<QString, QString>& open);
    static QString presenceKey(const QString& sign, const QDate& date);
    QString openElsewhere(int row) const; // empty when no other window has it open

    bool isLoading() const { return m_loading != Loading::None; }
    // The list's connection could not be made: Database::retry() (or the next request) tries
    // again, and connectionRestored() says when it is there. The connection is the window's
    // (Database's), so the window says so too.
    bool connectionFailed() const { return m_connectFailed; }
    qint64 total() const { return m_total; } // -1 while unknown
    bool totalIsEstimate() const { return m_totalIsEstimate; }
    bool totalIsLowerBound() const { return m_totalIsLowerBound; } // "at least total()"

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order) override;

    static HoroscopeFilter::SortColumn sortColumnFor(int column, bool* sortable);
    static int columnForSort(HoroscopeFilter::SortColumn sort);

signals:
    void loadingChanged(bool loading);
    void pageLoaded(); // every answer that changed the rows
    void totalChanged();
    void loadFailed(const DbError& error);
    void connectionRestored(); // after connectionFailed(); the list reloads
    // Rows were dropped at the top (atTop) or the bottom to keep memory bounded; a view keeps
    // its place by scrolling by that many rows.
    void rowsTrimmed(int count, bool atTop);

private:
    enum class Loading { None, Reset, More, Previous };
    using PageResult = DbResult<HoroscopePager::Answer>;
    // `continuing`: the next step of a search that has not filled its page yet.
    void request(Loading kind, const QDate& jumpDate = {}, bool retried = false,
                 bool continuing = false);
    void apply(Loading kind, HoroscopePager::Answer result);
    void forgetCount(); // a new filter: unknown until countRows() after the first answer
    void countRows();
    void setLoading(Loading kind);
    void connected(); // a connection of the window's came up

    std::unique_ptr<Database> m_ownDatabase; // the spec constructor's
    QPointer<Database> m_database;
    BrowseService m_browse;
    std::shared_ptr<Cancellation> m_pageRequest;  // the one in flight, if any
    std::shared_ptr<Cancellation> m_countRequest; // the same
    HoroscopeFilter m_filter;
    bool m_revisions = false;
    QList<HoroscopeRow> m_rows;
    bool m_hasMore = false;
    bool m_hasPrevious = false;
    Loading m_loading = Loading::None;
    quint64 m_generation = 0;
    quint64 m_countGeneration = 0;
    qint64 m_total = -1;
    bool m_totalIsEstimate = false;
    bool m_totalIsLowerBound = false;
    bool m_countAfterPage = false;
    // Where a partial search stopped below the last row (after) or above the first (before).
    std::optional<HoroscopeQuery::Position> m_scannedAfter;
    std::optional<HoroscopeQuery::Position> m_scannedBefore;
    int m_foundInChain = 0; // rows found since the user's request (continuing steps)
    bool m_indexPlanTimedOut = false;
    HoroscopePager::Options m_pagerOptions;
    int m_searchDeadlineMs = kSearchDeadlineMs;
    QElapsedTimer m_chainClock; // since the user's request (continuing steps)
    std::shared_ptr<std::atomic<quint64>> m_latest = std::make_shared<std::atomic<quint64>>(0);
    int m_maxRows = 2000;
    bool m_active = false; // reload() was called: from now on sorting queries the server
    bool m_reloadWhenConnected = false;
    bool m_countWhenConnected = false;
    bool m_connectFailed = false;
    QHash<QString, QString> m_openElsewhere;
};
