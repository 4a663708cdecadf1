#include "MigrationsModel.h"

#include <QColor>
#include <QCoreApplication>
#include <QLocale>

namespace {

struct KnownDescription
{
    const char* id;
    const char* text;
};

// The descriptions of the migrations this version ships (their files' "-- Description:" lines),
// so that lupdate sees them and the Migrations page shows them in the interface's language.
// Keyed by id: a file whose line says something else is shown as its file says.
constexpr KnownDescription knownDescriptions[] = {
    {"0001", QT_TRANSLATE_NOOP("MigrationDescription",
                               "Horoscope cache and view counters (the bot's Alembic revision "
                               "h8c9d0e1f2g3)")},
    {"0002", QT_TRANSLATE_NOOP("MigrationDescription",
                               "Keep every previous text of a horoscope: a revisions table filled "
                               "by a trigger")},
    {"0003", QT_TRANSLATE_NOOP("MigrationDescription",
                               "Trigram index for case-insensitive text search of horoscopes")},
    {"0004", QT_TRANSLATE_NOOP("MigrationDescription",
                               "History trigger: fixed trusted search_path, qualified names, owned "
                               "by a role that may only write history")},
    {"0005",
     QT_TRANSLATE_NOOP("MigrationDescription",
                       "Indexes for the browser's text, length and generation-time orders")},
    {"0006", QT_TRANSLATE_NOOP("MigrationDescription",
                               "History names the person: who made each change and what it was "
                               "(edited, restored, regenerated, invalidated)")},
    {"0007", QT_TRANSLATE_NOOP("MigrationDescription",
                               "History trigger secured where it really is; history labels only "
                               "from the transaction that made the change")},
};

} // namespace

QString MigrationsModel::displayDescription(const QString& id, const QString& description)
{
    for (const KnownDescription& known : knownDescriptions) {
        if (id == QLatin1String(known.id) && description == QLatin1String(known.text))
            return QCoreApplication::translate("MigrationDescription", known.text);
    }
    return description;
}

MigrationsModel::MigrationsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void MigrationsModel::setEntries(const QList<MigrationRunner::Entry>& entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

const MigrationRunner::Entry* MigrationsModel::entry(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
}

int MigrationsModel::pendingCount() const
{
    return static_cast<int>(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const auto& e) {
        return e.state == MigrationRunner::State::Pending;
    }));
}

int MigrationsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int MigrationsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MigrationsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MigrationRunner::Entry& e = m_entries.at(index.row());
    if (role == StateRole)
        return static_cast<int>(e.state);
    if (role == IdRole)
        return e.id;
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        switch (e.state) {
        case MigrationRunner::State::Drifted:
        case MigrationRunner::State::Unknown:
            return QColor(0xc0, 0x1c, 0x28);
        case MigrationRunner::State::Pending:
            return QColor(0xb5, 0x83, 0x5a);
        default:
            return QColor(0x26, 0xa2, 0x69);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == StateColumn) {
        switch (e.state) {
        case MigrationRunner::State::Drifted:
            return tr("The file changed after it was applied. Restore it as it was.");
        case MigrationRunner::State::Adopted:
            return tr("The tables already existed (created by the bot's Alembic) and matched.");
        case MigrationRunner::State::Unknown:
            return tr("Applied by a newer version of Horoscope Admin.");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return e.id;
    case DescriptionColumn:
        return displayDescription(e.id, e.description);
    case StateColumn:
        return MigrationRunner::stateName(e.state);
    case AppliedAtColumn:
        return e.appliedAt.isValid()
                   ? QLocale().toString(e.appliedAt.toLocalTime(), QLocale::ShortFormat)
                   : QString();
    case AppliedByColumn:
        return e.appliedBy;
    case DurationColumn:
        return e.appliedAt.isValid() ? tr("%1 ms").arg(e.durationMs) : QString();
    default:
        return {};
    }
}

QVariant MigrationsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Id");
    case DescriptionColumn:
        return tr("Description");
    case StateColumn:
        return tr("State");
    case AppliedAtColumn:
        return tr("Applied at");
    case AppliedByColumn:
        return tr("Applied by");
    case DurationColumn:
        return tr("Took");
    default:
        return {};
    }
}
