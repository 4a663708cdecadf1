#include "CoverageView.h"

#include "ActionGate.h"
#include "Confirm.h"
#include "DateEdit.h"
#include "ZodiacSign.h"

#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QShortcut>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kMaxDays = 366;
constexpr int kMissingRole = Qt::UserRole + 1;
constexpr int kGapsNamed = 5; // in the summary line

} // namespace

CoverageView::CoverageView(Database* database, QWidget* parent)
    : QWidget(parent)
    , m_horoscopes(database)
    , m_from(new DateEdit(database->today().addDays(-27), this))
    , m_to(new DateEdit(database->today().addDays(1), this))
    , m_grid(new QTableWidget(this))
    , m_summary(new QLabel(this))
    , m_generate(new QToolButton(this))
    , m_nextGap(new QToolButton(this))
{
    for (QDateEdit* e : {m_from, m_to}) {
        // A date being typed is not the range yet: half typed, it would move the other end.
        e->setKeyboardTracking(false);
    }
    // A range is never backwards: moving one end past the other takes the other along.
    connect(m_from, &QDateEdit::dateChanged, this, [this](const QDate& from) {
        if (from > m_to->date()) {
            const QSignalBlocker block(m_to);
            m_to->setDate(from);
        }
        reload();
    });
    connect(m_to, &QDateEdit::dateChanged, this, [this](const QDate& to) {
        if (to < m_from->date()) {
            const QSignalBlocker block(m_from);
            m_from->setDate(to);
        }
        reload();
    });
    connect(database, &Database::todayChanged, this,
            [this, today = database->today()](const QDate& now) mutable {
                const QDate before = std::exchange(today, now);
                const QSignalBlocker a(m_from);
                const QSignalBlocker b(m_to);
                DateText::followToday(m_from, before, now, -27);
                DateText::followToday(m_to, before, now, 1);
                reload();
            });
    auto* refresh = new QToolButton(this);
    refresh->setText(tr("Refresh"));
    connect(refresh, &QToolButton::clicked, this, &CoverageView::reload);
    m_grid->setAccessibleName(tr("Coverage by sign and day"));
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Tab leaves the grid (arrows move inside it): 12 x 28 cells are not 336 Tab stops.
    m_grid->setTabKeyNavigation(false);
    m_grid->setSelectionMode(QAbstractItemView::SingleSelection);
    m_grid->horizontalHeader()->setDefaultSectionSize(44);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    connect(m_grid, &QTableWidget::cellActivated, this, [this](int row, int column) {
        if (const QTableWidgetItem* item = m_grid->item(row, column);
            item && item->data(Qt::UserRole).toInt() > 0)
            emit openRequested(item->data(Qt::UserRole).toInt());
    });

    QToolButton* generate = m_generate;
    generate->setObjectName(u"generateMissingButton"_s);
    generate->setText(tr("Generate missing…"));
    connect(generate, &QToolButton::clicked, this, &CoverageView::generateMissing);
    m_nextGap->setObjectName(u"nextGapButton"_s);
    m_nextGap->setText(tr("Next gap"));
    m_nextGap->setToolTip(tr("Go to the next missing horoscope (F8)"));
    connect(m_nextGap, &QToolButton::clicked, this, &CoverageView::selectNextGap);
    auto* nextGap = new QShortcut(QKeySequence(Qt::Key_F8), this);
    nextGap->setContext(Qt::WidgetWithChildrenShortcut);
    connect(nextGap, &QShortcut::activated, this, &CoverageView::selectNextGap);
    auto* legend =
        new QLabel(tr("✓ has a horoscope   ✎ corrected by hand   — missing   · not due yet"), this);
    auto* top = new QHBoxLayout;
    auto* fromLabel = new QLabel(tr("From"), this);
    fromLabel->setBuddy(m_from); // a screen reader reads "From" for the field
    auto* toLabel = new QLabel(tr("to"), this);
    toLabel->setBuddy(m_to);
    top->addWidget(fromLabel);
    top->addWidget(m_from);
    top->addWidget(toLabel);
    top->addWidget(m_to);
    top->addWidget(refresh);
    top->addWidget(m_nextGap);
    top->addWidget(generate);
    top->addStretch();
    // Below the grid, so that the row of controls fits a small screen in every language.
    m_summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_summary);
    layout->addWidget(legend);
}

void CoverageView::setPrivileges(const Privileges& privileges)
{
    m_privileges = privileges;
    updateActions();
}

void CoverageView::updateActions()
{
    ActionGate::apply(m_generate, m_missing > 0,
                      m_privileges.reason(Privileges::Action::Regenerate),
                      tr("Generate a horoscope for every missing day in this range, for "
                         "review"));
    m_nextGap->setEnabled(m_missing > 0);
}

RegenerationBatch::Targets CoverageView::missingTargets() const
{
    RegenerationBatch::Targets targets;
    for (int d = 0; d < m_grid->columnCount(); ++d) {
        for (int s = 0; s < m_grid->rowCount(); ++s) {
            const QTableWidgetItem* item = m_grid->item(s, d);
            if (item && item->data(kMissingRole).toBool())
                targets.append({ZodiacSign::keys().at(s), m_shownFrom.addDays(d)});
        }
    }
    return targets;
}

void CoverageView::generateMissing()
{
    const RegenerationBatch::Targets targets = missingTargets();
    if (targets.isEmpty())
        return;
    const QLocale locale;
    const int n = static_cast<int>(targets.size());
    if (!Confirm::ask(this, tr("Generate missing horoscopes"),
                      tr("Generate %n missing horoscope(s) from %1 to %2? Each one is a request "
                         "to the AI provider (which may be paid). You review every text; nothing "
                         "is written until you accept it.",
                         nullptr, n)
                          .arg(locale.toString(targets.first().second, QLocale::ShortFormat),
                               locale.toString(targets.last().second, QLocale::ShortFormat)),
                      tr("Generate %n", nullptr, n)))
        return;
    emit regenerateRequested(targets);
}

void CoverageView::selectNextGap()
{
    const int rows = m_grid->rowCount();
    const int cells = rows * m_grid->columnCount();
    if (cells == 0 || m_missing == 0)
        return;
    // Date by date, sign by sign, after the current cell, round to the start.
    const QModelIndex current = m_grid->currentIndex();
    const int start = current.isValid() ? current.column() * rows + current.row() : -1;
    for (int k = 1; k <= cells; ++k) {
        const int at = (start + k + cells) % cells;
        const QTableWidgetItem* item = m_grid->item(at % rows, at / rows);
        if (item && item->data(kMissingRole).toBool()) {
            m_grid->setCurrentCell(at % rows, at / rows);
            m_grid->setFocus();
            return;
        }
    }
}

QString CoverageView::summary() const
{
    return m_summary->text();
}

void CoverageView::setRange(const QDate& from, const QDate& to)
{
    const QSignalBlocker a(m_from);
    const QSignalBlocker b(m_to);
    m_from->setDate(from);
    m_to->setDate(to);
    reload();
}

void CoverageView::reload()
{
    QDate from = m_from->date();
    const QDate to = m_to->date();
    if (from.daysTo(to) >= kMaxDays)
        from = to.addDays(-(kMaxDays - 1));
    m_horoscopes.coverage(
        this, from, to, m_loads.wrap<QList<CoverageCell>>([this, from, to](auto r) {
            if (!r.ok()) {
                m_summary->setText(r.error.message);
                return;
            }
            const QStringList& signs = ZodiacSign::keys();
            const int days = static_cast<int>(from.daysTo(to)) + 1;
            m_grid->clear();
            m_grid->setRowCount(static_cast<int>(signs.size()));
            m_grid->setColumnCount(days);
            const QLocale locale;
            const QDate today = m_horoscopes.database()->today(); // the server's, as the bot's
            m_today = today;
            for (int d = 0; d < days; ++d) {
                const QDate date = from.addDays(d);
                auto* header = new QTableWidgetItem(locale.toString(date, u"d"_s) + u'\n' +
                                                    locale.toString(date, u"MMM"_s));
                header->setToolTip(locale.toString(date, QLocale::LongFormat));
                if (date == today) { // where the eye starts
                    QFont bold = header->font();
                    bold.setBold(true);
                    header->setFont(bold);
                }
                m_grid->setHorizontalHeaderItem(d, header);
            }
            QHash<QString, const CoverageCell*> byKey;
            for (const CoverageCell& c : std::as_const(r.value))
                byKey.insert(c.sign + c.date.toString(Qt::ISODate), &c);
            m_missing = 0;
            m_shownFrom = from;
            QStringList gaps;
            for (int s = 0; s < signs.size(); ++s) {
                m_grid->setVerticalHeaderItem(
                    s, new QTableWidgetItem(ZodiacSign::display(signs.at(s))));
            }
            for (int d = 0; d < days; ++d) {
                const QDate date = from.addDays(d);
                for (int s = 0; s < signs.size(); ++s) {
                    const CoverageCell* c = byKey.value(signs.at(s) + date.toString(Qt::ISODate));
                    auto* item = new QTableWidgetItem;
                    item->setTextAlignment(Qt::AlignCenter);
                    if (!c && date > today) {
                        item->setText(u"·"_s);
                        item->setToolTip(tr("%1 on %2: not due yet; the bot writes it on the day")
                                             .arg(ZodiacSign::localizedName(signs.at(s)),
                                                  locale.toString(date, QLocale::ShortFormat)));
                    } else if (!c) {
                        ++m_missing;
                        if (gaps.size() < kGapsNamed)
                            gaps << u"%1 %2"_s.arg(ZodiacSign::localizedName(signs.at(s)),
                                                   locale.toString(date, u"d MMM"_s));
                        item->setText(u"—"_s);
                        item->setData(kMissingRole, true);
                        item->setBackground(QColor(0xfd, 0xe2, 0xe2));
                        item->setToolTip(tr("No horoscope for %1 on %2")
                                             .arg(ZodiacSign::localizedName(signs.at(s)),
                                                  locale.toString(date, QLocale::ShortFormat)));
                    } else {
                        item->setText(c->corrected ? u"✎"_s : u"✓"_s);
                        item->setData(Qt::UserRole, c->id);
                        item->setBackground(c->corrected ? QColor(0xdd, 0xe8, 0xfb)
                                                         : QColor(0xe3, 0xf4, 0xe6));
                        item->setToolTip(tr("Open the horoscope (double-click)"));
                    }
                    m_grid->setItem(s, d, item);
                }
            }
            QString text = m_missing == 0
                               ? tr("No horoscope is missing in this range")
                               : tr("%n missing horoscope(s) in this range", nullptr, m_missing);
            if (!gaps.isEmpty())
                text +=
                    u": "_s + gaps.join(u", "_s) + (m_missing > kGapsNamed ? u", …"_s : QString());
            m_summary->setText(text + u'.');
            updateActions();
            // Today in view, not the oldest day: the recent days are the ones that matter.
            m_scrollToColumn = static_cast<int>(from.daysTo(qBound(from, today, to)));
            scrollToToday();
        }));
}

void CoverageView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    scrollToToday(); // a reload while the page was hidden left it to now
}

void CoverageView::scrollToToday()
{
    // A hidden grid has no size yet: scrolled then, its header and its scroll bar went out of
    // step once it was shown (most cells blank). So only a grid on screen is scrolled, and
    // after the new columns are laid out, or the scroll range is still the old one.
    if (m_scrollToColumn < 0 || !m_grid->isVisible())
        return;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_grid->isVisible())
                return;
            if (QTableWidgetItem* item = m_grid->item(0, m_scrollToColumn))
                m_grid->scrollToItem(item, QAbstractItemView::PositionAtCenter);
            m_scrollToColumn = -1;
        },
        Qt::QueuedConnection);
}
