#pragma once

#include <QByteArray>
#include <QMenu>
#include <QStyledItemDelegate>

class QTableView;

// What people expect of every table in a desktop database tool, in one place.
namespace TableTools {

// Columns can be resized, moved, and hidden or shown from the header's context menu.
void makeColumnsAdjustable(QTableView* table);
// The selected rows as tab-separated text with a header line (what spreadsheets paste).
QString selectedRowsAsText(const QTableView* table);
void copySelectedRows(const QTableView* table); // to the clipboard

} // namespace TableTools

// Long cell texts in a tooltip wrapped to a readable width instead of one endless line.
class WrappingToolTipDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;
};

// A menu of checkable entries (signs, columns) that stays open while they are ticked, by mouse
// or with Space, so choosing three takes one visit.
class StayOpenMenu final : public QMenu
{
    Q_OBJECT
public:
    using QMenu::QMenu;

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
};
