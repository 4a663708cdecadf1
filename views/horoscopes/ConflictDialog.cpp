#include "ConflictDialog.h"

#include "TextDiff.h"

#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using Side = TextMerge::Side;

std::optional<std::pair<ConflictDialog::Choice, QString>> ConflictDialog::s_next;

namespace {

enum Column { Mark, Before, Yours, Theirs, Using, ColumnCount };

// A difference's text in a cell: whitespace made visible, nothing shown as "(nothing)".
QString cellText(const QString& text)
{
    if (text.isEmpty())
        return ConflictDialog::tr("(nothing)");
    QString shown = text;
    shown.replace(u'\n', u"¶ "_s);
    return shown.trimmed().isEmpty() ? ConflictDialog::tr("(space)") : shown;
}

QWidget* titled(const QString& title, QWidget* content, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* label = new QLabel(u"<b>"_s + title.toHtmlEscaped() + u"</b>"_s, box);
    label->setBuddy(content);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}

QTextBrowser* diffView(const QString& before, const QString& after, const QString& name,
                       QWidget* parent)
{
    auto* view = new QTextBrowser(parent);
    view->setObjectName(name);
    view->setOpenLinks(false);
    view->setHtml(TextDiff::toHtml(TextDiff::compute(before, after)));
    return view;
}

} // namespace

void ConflictDialog::setNextChoice(Choice choice, const QString& merged)
{
    s_next = std::make_pair(choice, merged);
}

void ConflictDialog::ask(QWidget* parent, const QString& mine, const QString& original,
                         const QString& theirs, bool deleted, const QString& theirsAuthor,
                         const Decided& decided)
{
    if (s_next) {
        const auto [choice, merged] = *s_next;
        s_next.reset();
        decided(choice, merged);
        return;
    }
    auto* dialog = new ConflictDialog(mine, original, theirs, deleted, theirsAuthor, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, parent,
            [dialog, decided] { decided(dialog->choice(), dialog->mergedText()); });
    dialog->open();
}

ConflictDialog::ConflictDialog(const QString& mine, const QString& original, const QString& theirs,
                               bool deleted, const QString& theirsAuthor, QWidget* parent)
    : QDialog(parent)
    , m_merge(original, mine, deleted ? original : theirs)
{
    setWindowTitle(tr("Someone else changed this horoscope"));
    const QString by = theirsAuthor.isEmpty() ? QString() : u' ' + theirsAuthor;
    QString text;
    if (deleted) {
        text = tr("While you were editing, this horoscope was deleted%1. Your text is safe: put "
                  "it back with your text, or drop your changes.")
                   .arg(by);
    } else {
        const qsizetype differences = m_merge.differences().size();
        const qsizetype conflicts = m_merge.conflictCount();
        text = tr("While you were editing, this horoscope was changed%1. Nothing has been "
                  "overwritten.")
                   .arg(by) +
               u' ' +
               (conflicts == 0
                    ? tr("Your changes and theirs touch different words: the merged text below "
                         "has both.")
                    : tr("%n place(s) were changed by both of you: choose whose words to keep "
                         "for each, or edit the merged text.",
                         nullptr, static_cast<int>(conflicts))) +
               u' ' + tr("%n difference(s) in all.", nullptr, static_cast<int>(differences));
    }
    auto* intro = new QLabel(text, this);
    intro->setObjectName(u"conflictIntro"_s);
    intro->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    auto* changes = new QSplitter(Qt::Horizontal, split);
    changes->addWidget(
        titled(tr("Your changes"), diffView(original, mine, u"mineChanges"_s, this), changes));
    if (!deleted)
        changes->addWidget(titled(tr("Their changes"),
                                  diffView(original, theirs, u"theirChanges"_s, this), changes));
    split->addWidget(changes);

    auto* buttons = new QDialogButtonBox(this);
    if (!deleted) {
        m_table = new QTableWidget(0, ColumnCount, this);
        m_table->setObjectName(u"differences"_s);
        m_table->setHorizontalHeaderLabels(
            {QString(), tr("Before"), tr("Yours"), tr("Theirs"), tr("In the merge")});
        m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
        m_table->setTabKeyNavigation(false);
        m_table->verticalHeader()->hide();
        m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
        m_table->horizontalHeader()->setSectionResizeMode(Mark, QHeaderView::ResizeToContents);
        m_table->horizontalHeader()->setSectionResizeMode(Using, QHeaderView::ResizeToContents);
        m_useMine = new QPushButton(tr("Use &Yours"), this);
        m_useTheirs = new QPushButton(tr("Use &Theirs"), this);
        m_useMine->setToolTip(tr("Take your words for the selected differences"));
        m_useTheirs->setToolTip(tr("Take their words for the selected differences"));
        connect(m_useMine, &QPushButton::clicked, this, [this] { useSide(Side::Mine); });
        connect(m_useTheirs, &QPushButton::clicked, this, [this] { useSide(Side::Theirs); });
        connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConflictDialog::updateButtons);
        auto* sides = new QHBoxLayout;
        sides->addWidget(m_useMine);
        sides->addWidget(m_useTheirs);
        sides->addStretch();
        auto* differences = new QWidget(split);
        auto* differencesLayout = new QVBoxLayout(differences);
        differencesLayout->setContentsMargins(0, 0, 0, 0);
        differencesLayout->addWidget(titled(tr("&Differences"), m_table, differences), 1);
        differencesLayout->addLayout(sides);
        split->addWidget(differences);

        m_merged = new QPlainTextEdit(this);
        m_merged->setObjectName(u"merged"_s);
        m_merged->setTabChangesFocus(true);
        m_mergeNote = new QLabel(this);
        m_mergeNote->setWordWrap(true);
        auto* merged = new QWidget(split);
        auto* mergedLayout = new QVBoxLayout(merged);
        mergedLayout->setContentsMargins(0, 0, 0, 0);
        mergedLayout->addWidget(titled(tr("&Merged text (you may edit it)"), m_merged, merged), 1);
        mergedLayout->addWidget(m_mergeNote);
        split->addWidget(merged);
        connect(m_merged, &QPlainTextEdit::textChanged, this, &ConflictDialog::updateButtons);

        m_choices.reserve(m_merge.differences().size());
        for (const TextMerge::Difference& d : m_merge.differences())
            m_choices << d.preferred();
        buildDifferences();
        rebuildMerged();

        QPushButton* saveMerged =
            buttons->addButton(tr("&Save Merged Text"), QDialogButtonBox::AcceptRole);
        saveMerged->setDefault(true);
        connect(saveMerged, &QPushButton::clicked, this, [this] { decide(Choice::SaveMerged); });
    }
    layout->addWidget(split, 1);

    QPushButton* keepMine = buttons->addButton(deleted ? tr("Put It Back with My Text")
                                                       : tr("Save Only My Text, over Theirs"),
                                               QDialogButtonBox::AcceptRole);
    QPushButton* takeTheirs =
        buttons->addButton(deleted ? tr("Drop My Changes") : tr("Use Their Text, Drop Mine"),
                           QDialogButtonBox::DestructiveRole);
    QPushButton* keepEditing = buttons->addButton(tr("Keep Editing"), QDialogButtonBox::RejectRole);
    keepEditing->setToolTip(tr("Go back to your text; the next save compares with their "
                               "version."));
    if (deleted)
        keepEditing->setDefault(true);
    connect(keepMine, &QPushButton::clicked, this, [this] { decide(Choice::KeepMine); });
    connect(takeTheirs, &QPushButton::clicked, this, [this] { decide(Choice::TakeTheirs); });
    connect(keepEditing, &QPushButton::clicked, this, [this] {
        m_choice = Choice::KeepEditing;
        reject();
    });
    layout->addWidget(buttons);

    // Roomy, but never larger than the screen (a 1,024 × 640 laptop included).
    const QRect screen =
        (parent ? parent->screen() : QGuiApplication::primaryScreen())->availableGeometry();
    resize(std::min(1000, screen.width() - 40),
           std::min(deleted ? 420 : 620, screen.height() - 40));
    if (m_table)
        m_table->setFocus();
}

QString ConflictDialog::mergedText() const
{
    return m_merged ? m_merged->toPlainText() : QString();
}

void ConflictDialog::buildDifferences()
{
    const QList<TextMerge::Difference>& differences = m_merge.differences();
    m_table->setRowCount(static_cast<int>(differences.size()));
    for (int row = 0; row < differences.size(); ++row) {
        const TextMerge::Difference& d = differences.at(row);
        const QString cells[] = {d.isConflict() ? u"⚠"_s : QString(), cellText(d.original),
                                 cellText(d.mine), cellText(d.theirs), QString()};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(column == Before   ? d.original
                             : column == Yours  ? d.mine
                             : column == Theirs ? d.theirs
                                                : QString());
            if (d.isConflict()) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            m_table->setItem(row, column, item);
        }
        m_table->item(row, Mark)->setToolTip(d.isConflict() ? tr("Both of you changed these words")
                                                            : QString());
    }
    if (m_table->rowCount() > 0)
        m_table->selectRow(0);
}

void ConflictDialog::rebuildMerged()
{
    for (int row = 0; row < m_choices.size(); ++row)
        m_table->item(row, Using)
            ->setText(m_choices.at(row) == Side::Mine ? tr("yours") : tr("theirs"));
    m_built = m_merge.merged(m_choices);
    m_merged->setPlainText(m_built);
    updateButtons();
}

void ConflictDialog::useSide(Side side)
{
    if (!m_table || m_merged->toPlainText() != m_built)
        return; // edited by hand: a choice would throw that away
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        m_choices[index.row()] = side;
    rebuildMerged();
}

void ConflictDialog::updateButtons()
{
    if (!m_table)
        return;
    const bool handEdited = m_merged->toPlainText() != m_built;
    const bool selected = m_table->selectionModel()->hasSelection();
    m_useMine->setEnabled(selected && !handEdited);
    m_useTheirs->setEnabled(selected && !handEdited);
    m_mergeNote->setText(handEdited ? tr("You edited the merged text: it is saved as you see "
                                         "it. Undo (Ctrl+Z) your edits to choose per "
                                         "difference again.")
                                    : QString());
}

void ConflictDialog::decide(Choice choice)
{
    m_choice = choice;
    accept();
}
