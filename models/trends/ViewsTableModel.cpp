#include "ViewsTableModel.h"

#include "ConnectionSpec.h"
#include "DbError.h"
#include "HoroscopeQuery.h"
#include "PgQuery.h"
#include "ZodiacSign.h"

#include <QLocale>
#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

ViewsTableModel::ViewsTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void ViewsTableModel::setRows(const QList<Row>& rows, bool truncated)
{
    beginResetModel();
    m_rows = rows;
    m_truncated = truncated;
    endResetModel();
}

bool ViewsTableModel::load(QSqlDatabase& db, const ConnectionSpec& spec, const QStringList& signs,
                           const QDate& from, const QDate& to, QList<Row>* out, bool* truncated,
                           DbError* error)
{
    QStringList conditions;
    QVariantList values;
    if (!signs.isEmpty()) {
        conditions << u"zodiac_sign = ANY (?::text[])"_s;
        values << HoroscopeQuery::arrayLiteral(signs);
    }
    if (from.isValid()) {
        conditions << u"view_date >= ?::date"_s;
        values << from.toString(Qt::ISODate);
    }
    if (to.isValid()) {
        conditions << u"view_date <= ?::date"_s;
        values << to.toString(Qt::ISODate);
    }
    PgQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, zodiac_sign, view_date, view_count FROM horoscope_views"_s +
              (conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s)) +
              u" ORDER BY view_date DESC, zodiac_sign LIMIT "_s + QString::number(kLimit + 1));
    for (const QVariant& v : std::as_const(values))
        q.addBindValue(v);
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    out->clear();
    while (q.next())
        *out << Row{q.value(0).toInt(), q.value(1).toString(), q.value(2).toDate(),
                    q.value(3).toLongLong()};
    *truncated = out->size() > kLimit;
    if (*truncated)
        out->removeLast();
    return true;
}

int ViewsTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ViewsTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags ViewsTableModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

bool ViewsTableModel::setData(const QModelIndex&, const QVariant&, int)
{
    return false; // the bot owns the counters
}

QVariant ViewsTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == ViewsColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::DecorationRole && index.column() == SignColumn)
        return ZodiacSign::color(r.sign);
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case SignColumn:
        return ZodiacSign::display(r.sign);
    case DateColumn:
        return locale.toString(r.date, QLocale::ShortFormat);
    case ViewsColumn:
        return locale.toString(r.views);
    default:
        return {};
    }
}

QVariant ViewsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SignColumn:
        return tr("Sign");
    case DateColumn:
        return tr("Date");
    case ViewsColumn:
        return tr("Views");
    default:
        return {};
    }
}
