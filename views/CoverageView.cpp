#include "CoverageView.h"

#include "ActionGate.h"
#include "ZodiacSign.h"

#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kMaxDays = 366;

} // namespace

CoverageView::CoverageView(Database* database, QWidget* parent)
    : QWidget(parent)
    , m_horoscopes(database)
    , m_from(new QDateEdit(QDate::currentDate().addDays(-27), this))
    , m_to(new QDateEdit(QDate::currentDate().addDays(1), this))
    , m_grid(new QTableWidget(this))
    , m_summary(new QLabel(this))
    , m_generate(new QToolButton(this))
{
    for (QDateEdit* e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
        connect(e, &QDateEdit::dateChanged, this, &CoverageView::reload);
    }
    auto* refresh = new QToolButton(this);
    refresh->setText(tr("Refresh"));
    connect(refresh, &QToolButton::clicked, this, &CoverageView::reload);
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
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
    generate->setToolTip(tr("Generate a horoscope for every missing day in this range, for "
                            "review"));
    connect(generate, &QToolButton::clicked, this,
            [this] { emit regenerateRequested(missingTargets()); });
    auto* legend = new QLabel(tr("✓ has a horoscope   ✎ corrected by hand   — missing"), this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("From"), this));
    top->addWidget(m_from);
    top->addWidget(new QLabel(tr("to"), this));
    top->addWidget(m_to);
    top->addWidget(refresh);
    top->addWidget(generate);
    top->addStretch();
    top->addWidget(legend);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_summary);
}

void CoverageView::setPrivileges(const Privileges& privileges)
{
    ActionGate::apply(m_generate, true, privileges.reason(Privileges::Action::Regenerate),
                      tr("Generate a horoscope for every missing day in this range, for "
                         "review"));
}

RegenerationBatch::Targets CoverageView::missingTargets() const
{
    RegenerationBatch::Targets targets;
    for (int s = 0; s < m_grid->rowCount(); ++s) {
        for (int d = 0; d < m_grid->columnCount(); ++d) {
            const QTableWidgetItem* item = m_grid->item(s, d);
            if (item && item->data(Qt::UserRole).toInt() == 0)
                targets.append({ZodiacSign::keys().at(s), m_shownFrom.addDays(d)});
        }
    }
    return targets;
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
    QDate to = m_to->date();
    if (to < from)
        std::swap(from, to);
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
            for (int d = 0; d < days; ++d) {
                const QDate date = from.addDays(d);
                auto* header = new QTableWidgetItem(locale.toString(date, u"d"_s) + u'\n' +
                                                    locale.toString(date, u"MMM"_s));
                header->setToolTip(locale.toString(date, QLocale::LongFormat));
                m_grid->setHorizontalHeaderItem(d, header);
            }
            QHash<QString, const CoverageCell*> byKey;
            for (const CoverageCell& c : std::as_const(r.value))
                byKey.insert(c.sign + c.date.toString(Qt::ISODate), &c);
            m_missing = 0;
            m_shownFrom = from;
            for (int s = 0; s < signs.size(); ++s) {
                m_grid->setVerticalHeaderItem(
                    s, new QTableWidgetItem(ZodiacSign::display(signs.at(s))));
                for (int d = 0; d < days; ++d) {
                    const QDate date = from.addDays(d);
                    const CoverageCell* c = byKey.value(signs.at(s) + date.toString(Qt::ISODate));
                    auto* item = new QTableWidgetItem;
                    item->setTextAlignment(Qt::AlignCenter);
                    if (!c) {
                        ++m_missing;
                        item->setText(u"—"_s);
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
            m_summary->setText(tr("%n missing horoscope(s) in this range.", nullptr, m_missing));
        }));
}
