#include "TableTools.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QTableView>
#include <QToolTip>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace TableTools {

void makeColumnsAdjustable(QTableView* table)
{
    QHeaderView* header = table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(
        header, &QHeaderView::customContextMenuRequested, table, [table, header](const QPoint& at) {
            StayOpenMenu menu(table);
            QAbstractItemModel* model = table->model();
            const int columns = model->columnCount();
            for (int c = 0; c < columns; ++c) {
                QAction* a = menu.addAction(model->headerData(c, Qt::Horizontal).toString());
                a->setCheckable(true);
                a->setChecked(!header->isSectionHidden(c));
                QObject::connect(a, &QAction::toggled, table, [header, c](bool on) {
                    // Never hide the last one: there would be no header to get
                    // them back from.
                    if (on || header->count() - header->hiddenSectionCount() > 1)
                        header->setSectionHidden(c, !on);
                });
            }
            menu.exec(header->mapToGlobal(at));
        });
}

QString selectedRowsAsText(const QTableView* table)
{
    const QAbstractItemModel* model = table->model();
    const QHeaderView* header = table->horizontalHeader();
    QList<int> columns; // as shown: moved columns in their place, hidden ones left out
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns << logical;
    }
    QList<int> rows;
    for (const QModelIndex& index : table->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    const auto clean = [](QString text) {
        return text.replace(u'\t', u' ').replace(u'\n', u' ').replace(u'\r', u' ');
    };
    QStringList lines;
    QStringList titles;
    for (int c : std::as_const(columns))
        titles << clean(model->headerData(c, Qt::Horizontal).toString());
    lines << titles.join(u'\t');
    for (int r : std::as_const(rows)) {
        QStringList cells;
        for (int c : std::as_const(columns))
            cells << clean(model->index(r, c).data().toString());
        lines << cells.join(u'\t');
    }
    return lines.join(u'\n') + u'\n';
}

void copySelectedRows(const QTableView* table)
{
    if (table->selectionModel()->hasSelection())
        QGuiApplication::clipboard()->setText(selectedRowsAsText(table));
}

} // namespace TableTools

bool WrappingToolTipDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view,
                                        const QStyleOptionViewItem& option,
                                        const QModelIndex& index)
{
    if (event->type() != QEvent::ToolTip)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QString text = index.data(Qt::ToolTipRole).toString();
    if (text.isEmpty()) {
        QToolTip::hideText();
        return true;
    }
    // Rich text wraps at the tooltip's width; plain text would not.
    QToolTip::showText(event->globalPos(),
                       u"<p style='white-space:pre-wrap'>%1</p>"_s.arg(text.toHtmlEscaped()), view);
    return true;
}

void StayOpenMenu::mouseReleaseEvent(QMouseEvent* event)
{
    if (QAction* a = activeAction(); a && a->isCheckable() && a->isEnabled()) {
        a->trigger();
        return;
    }
    QMenu::mouseReleaseEvent(event);
}

void StayOpenMenu::keyPressEvent(QKeyEvent* event)
{
    if (QAction* a = activeAction();
        a && a->isCheckable() && a->isEnabled() && event->key() == Qt::Key_Space) {
        a->trigger();
        return;
    }
    QMenu::keyPressEvent(event);
}
