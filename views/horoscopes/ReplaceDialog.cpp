#include "ReplaceDialog.h"

#include "DateEdit.h"
#include "ZodiacSign.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QStyledItemDelegate>
#include <QTextDocument>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kHtmlRole = Qt::UserRole + 1;
constexpr int kIdRole = Qt::UserRole + 2;
enum Column { SignColumn, DateColumn, ChangeColumn };

// The context with the words replaced struck out and their replacement in bold; the plain
// text (what a screen reader reads) is the item's display text.
QString htmlOf(const QList<TextReplace::Context>& contexts)
{
    QStringList parts;
    for (const TextReplace::Context& context : contexts) {
        QString html;
        for (const TextReplace::Piece& p : context) {
            const QString text = p.text.toHtmlEscaped();
            switch (p.kind) {
            case TextReplace::Piece::Kind::Plain:
                html += text;
                break;
            case TextReplace::Piece::Kind::Removed:
                html += u"<span style=\"background:#ffd7d5; color:#1f2328\"><s>"_s + text +
                        u"</s></span>"_s;
                break;
            case TextReplace::Piece::Kind::Inserted:
                html += u"<span style=\"background:#ccffd8; color:#1f2328\"><b>"_s + text +
                        u"</b></span>"_s;
                break;
            }
        }
        parts << html;
    }
    return parts.join(u" ‖ "_s);
}

QString plainOf(const QList<TextReplace::Context>& contexts)
{
    QStringList parts;
    for (const TextReplace::Context& context : contexts)
        parts << TextReplace::plainContext(context);
    return parts.join(u" ‖ "_s);
}

// Paints the marked context of the Change column.
class MarkedTextDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        const QString html = index.data(kHtmlRole).toString();
        if (html.isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem o = option;
        initStyleOption(&o, index);
        o.text.clear();
        QStyle* style = o.widget ? o.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &o, painter, o.widget);
        QTextDocument doc;
        doc.setDocumentMargin(2);
        doc.setDefaultFont(o.font);
        doc.setHtml(html);
        const QRect r = style->subElementRect(QStyle::SE_ItemViewItemText, &o, o.widget);
        painter->save();
        painter->translate(r.topLeft());
        painter->setClipRect(r.translated(-r.topLeft()));
        QAbstractTextDocumentLayout::PaintContext ctx;
        if (o.state & QStyle::State_Selected)
            ctx.palette.setColor(QPalette::Text, o.palette.color(QPalette::HighlightedText));
        doc.documentLayout()->draw(painter, ctx);
        painter->restore();
    }

    // The marked text's bold words and the document's margin need more than a plain line.
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const QFontMetrics metrics(option.font);
        size.setHeight(std::max(size.height(), metrics.height() + 8));
        return size;
    }
};

} // namespace

ReplaceDialog::ReplaceDialog(Database* database, const HoroscopeFilter& filter, QWidget* parent)
    : QDialog(parent)
    , m_service(database)
    , m_filter(filter)
    , m_search(new QLineEdit(this))
    , m_replace(new QLineEdit(this))
    , m_wholeWord(new QCheckBox(tr("Whole w&ords"), this))
    , m_caseSensitive(new QCheckBox(tr("Match &case"), this))
    , m_scope(new QLabel(this))
    , m_preview(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_skipped(new QTreeWidget(this))
    , m_progress(new QProgressBar(this))
    , m_buttons(new QDialogButtonBox(this))
{
    setWindowTitle(tr("Find and Replace"));
    // The browser's search term is the usual start: the texts it shows contain it.
    m_search->setText(filter.search);
    m_filter.search.clear();
    m_search->setMaxLength(HoroscopeFilter::maxSearchLength);
    m_search->setAccessibleName(tr("Find"));
    m_replace->setAccessibleName(tr("Replace with"));
    m_wholeWord->setToolTip(tr("Only whole words: \"Mars\" does not change \"Martian\"."));
    m_scope->setText(scopeText());
    m_scope->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Find:"), m_search);
    form->addRow(tr("Replace &with:"), m_replace);
    auto* options = new QHBoxLayout;
    options->addWidget(m_wholeWord);
    options->addWidget(m_caseSensitive);
    options->addStretch(1);
    form->addRow(QString(), options);

    m_preview->setAccessibleName(tr("Changes"));
    m_preview->setHeaderLabels({tr("Sign"), tr("Date"), tr("Change")});
    m_preview->setRootIsDecorated(false);
    m_preview->setUniformRowHeights(true);
    m_preview->setAlternatingRowColors(true);
    m_preview->setItemDelegateForColumn(ChangeColumn, new MarkedTextDelegate(m_preview));
    m_preview->header()->setStretchLastSection(true);

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_skipped->setAccessibleName(tr("Not written"));
    m_skipped->setHeaderLabels({tr("Sign"), tr("Date"), tr("Why")});
    m_skipped->setRootIsDecorated(false);
    m_skipped->setToolTip(tr("Press Enter or double-click to open the horoscope in the editor."));
    m_skipped->hide();
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->hide();

    m_previewButton = m_buttons->addButton(tr("&Preview"), QDialogButtonBox::ActionRole);
    m_applyButton = m_buttons->addButton(tr("&Apply"), QDialogButtonBox::ApplyRole);
    m_cancelButton = m_buttons->addButton(tr("Cancel"), QDialogButtonBox::ActionRole);
    m_buttons->addButton(QDialogButtonBox::Close);
    // No default button: Enter previews from the fields and opens a row in the lists, and
    // never writes or closes by accident.
    for (QAbstractButton* b : m_buttons->buttons())
        if (auto* push = qobject_cast<QPushButton*>(b))
            push->setAutoDefault(false);
    auto* changesLabel = new QLabel(tr("C&hanges (Space ticks or unticks one):"), this);
    changesLabel->setBuddy(m_preview);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_scope);
    layout->addWidget(changesLabel);
    layout->addWidget(m_preview, 3);
    layout->addWidget(m_summary);
    layout->addWidget(m_skipped, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_buttons);
    resize(860, 560);

    connect(m_previewButton, &QPushButton::clicked, this, &ReplaceDialog::preview);
    connect(m_applyButton, &QPushButton::clicked, this, &ReplaceDialog::apply);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (m_running)
            m_running->cancel();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ReplaceDialog::reject);
    // Enter in the fields previews (a changed term needs a new preview before Apply).
    for (QLineEdit* edit : {m_search, m_replace}) {
        connect(edit, &QLineEdit::returnPressed, this, &ReplaceDialog::preview);
        connect(edit, &QLineEdit::textEdited, this, [this] { setState(State::Editing); });
    }
    for (QCheckBox* box : {m_wholeWord, m_caseSensitive})
        connect(box, &QCheckBox::toggled, this, [this] { setState(State::Editing); });
    connect(m_preview, &QTreeWidget::itemChanged, this, [this] {
        if (m_state == State::Previewed)
            setState(State::Previewed); // the count on Apply follows the ticks
    });
    const auto open = [this](QTreeWidgetItem* item) {
        if (item)
            emit openRequested(item->data(SignColumn, kIdRole).toInt());
    };
    connect(m_skipped, &QTreeWidget::itemActivated, this, open);
    setState(State::Editing);
}

QString ReplaceDialog::scopeText() const
{
    QStringList parts;
    if (m_filter.signs.isEmpty()) {
        parts << tr("all signs");
    } else {
        QStringList names;
        for (const QString& key : m_filter.signs)
            names << ZodiacSign::localizedName(key);
        parts << names.join(u", "_s);
    }
    if (m_filter.from.isValid() && m_filter.to.isValid())
        parts << tr("from %1 to %2")
                     .arg(DateText::inSentence(m_filter.from), DateText::inSentence(m_filter.to));
    else if (m_filter.from.isValid())
        parts << tr("from %1").arg(DateText::inSentence(m_filter.from));
    else if (m_filter.to.isValid())
        parts << tr("until %1").arg(DateText::inSentence(m_filter.to));
    else
        parts << tr("all dates");
    if (m_filter.correctedOnly)
        parts << tr("corrected only");
    return tr("In the horoscopes of the list's filter: %1.").arg(parts.join(u"; "_s));
}

void ReplaceDialog::setState(State state)
{
    m_state = state;
    const bool busy = state == State::Previewing || state == State::Applying;
    int ticked = 0;
    for (int i = 0; i < m_preview->topLevelItemCount(); ++i)
        ticked += m_preview->topLevelItem(i)->checkState(SignColumn) == Qt::Checked ? 1 : 0;
    m_search->setReadOnly(state == State::Applying);
    m_replace->setReadOnly(state == State::Applying);
    m_wholeWord->setEnabled(state != State::Applying);
    m_caseSensitive->setEnabled(state != State::Applying);
    m_previewButton->setEnabled(!busy && !m_search->text().isEmpty());
    m_applyButton->setEnabled(state == State::Previewed && ticked > 0);
    m_applyButton->setText(state == State::Previewed && ticked > 0
                               ? tr("&Apply to %1").arg(QLocale().toString(ticked))
                               : tr("&Apply"));
    m_cancelButton->setVisible(busy);
    m_progress->setVisible(busy);
    if (state == State::Editing && !m_changes.isEmpty()) {
        m_summary->setText(tr("The term or the options changed: preview again before applying."));
    }
}

void ReplaceDialog::preview()
{
    if (m_search->text().isEmpty() || m_state == State::Applying)
        return;
    m_preview->clear();
    m_changes.clear();
    m_skipped->clear();
    m_skipped->hide();
    m_summary->setText(tr("Looking for the texts…"));
    m_progress->setRange(0, 0);
    setState(State::Previewing);
    const TextReplace::Options options{m_search->text(), m_replace->text(),
                                       m_wholeWord->isChecked(), m_caseSensitive->isChecked()};
    m_running = m_service.preview(this, m_filter, options, ReplaceStore::defaultCap,
                                  m_latest.wrap<ReplacePreview>([this](DbResult<ReplacePreview> r) {
                                      m_running.reset();
                                      if (!r.ok()) {
                                          m_summary->setText(r.cancelled()
                                                                 ? tr("The preview was cancelled.")
                                                                 : r.error.message);
                                          setState(State::Editing);
                                          return;
                                      }
                                      showPreview(r.value);
                                  }));
}

void ReplaceDialog::showPreview(const ReplacePreview& preview)
{
    m_changes = preview.changes;
    const QSignalBlocker block(m_preview);
    int hits = 0;
    for (const ReplaceChange& c : std::as_const(m_changes)) {
        auto* item = new QTreeWidgetItem(m_preview);
        item->setText(SignColumn, ZodiacSign::display(c.sign));
        item->setData(SignColumn, kIdRole, c.id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(SignColumn, Qt::Checked);
        item->setText(DateColumn, QLocale().toString(c.date, QLocale::ShortFormat));
        item->setText(ChangeColumn, plainOf(c.contexts));
        item->setData(ChangeColumn, kHtmlRole, htmlOf(c.contexts));
        item->setToolTip(ChangeColumn, c.after);
        hits += c.hits;
    }
    m_preview->resizeColumnToContents(SignColumn);
    m_preview->resizeColumnToContents(DateColumn);
    QString text = m_changes.isEmpty()
                       ? tr("No text in the filter contains \"%1\".").arg(m_search->text())
                       : tr("%1 horoscopes, %2 replacements. Untick the ones to keep as they are, "
                            "then Apply.")
                             .arg(QLocale().toString(m_changes.size()), QLocale().toString(hits));
    if (preview.truncated)
        text += u' ' + tr("Only the first %1 are listed: apply them, then preview again.")
                           .arg(QLocale().toString(ReplaceStore::defaultCap));
    if (preview.leftEmpty > 0)
        text += u' ' + tr("%1 left out: the replacement would leave them without text.")
                           .arg(QLocale().toString(preview.leftEmpty));
    m_summary->setText(text);
    setState(State::Previewed);
    if (m_preview->topLevelItemCount() > 0) {
        m_preview->setCurrentItem(m_preview->topLevelItem(0));
        m_preview->setFocus(Qt::OtherFocusReason); // arrows and Space tick, Alt+A applies
    }
}

QList<ReplaceChange> ReplaceDialog::tickedChanges() const
{
    QList<ReplaceChange> out;
    for (int i = 0; i < m_preview->topLevelItemCount() && i < m_changes.size(); ++i) {
        if (m_preview->topLevelItem(i)->checkState(SignColumn) == Qt::Checked)
            out << m_changes.at(i);
    }
    return out;
}

void ReplaceDialog::apply()
{
    if (m_state != State::Previewed)
        return;
    const QList<ReplaceChange> changes = tickedChanges();
    if (changes.isEmpty())
        return;
    m_progress->setRange(0, static_cast<int>(changes.size()));
    m_progress->setValue(0);
    m_summary->setText(tr("Writing…"));
    setState(State::Applying);
    const int ticked = static_cast<int>(changes.size());
    m_running = m_service.apply(
        this, changes,
        [this](int settled, int total) {
            m_progress->setMaximum(total);
            m_progress->setValue(settled);
        },
        [this, ticked](DbResult<ReplaceOutcome> r) {
            m_running.reset();
            if (!r.ok()) {
                m_summary->setText(r.error.message);
                setState(State::Previewed);
                return;
            }
            showOutcome(r.value, ticked);
        });
}

void ReplaceDialog::showOutcome(const ReplaceOutcome& outcome, int ticked)
{
    const QLocale locale;
    m_skipped->clear();
    for (const ReplaceSkip& s : outcome.skipped) {
        auto* item = new QTreeWidgetItem(m_skipped);
        item->setText(SignColumn, ZodiacSign::display(s.sign));
        item->setData(SignColumn, kIdRole, s.id);
        item->setText(DateColumn, locale.toString(s.date, QLocale::ShortFormat));
        item->setText(ChangeColumn, ReplaceStore::reasonText(s.reason));
    }
    QString text;
    const QString written = locale.toString(outcome.replaced.size());
    if (outcome.skipped.isEmpty())
        text = tr("%1 replaced.").arg(written);
    else
        text = tr("%1 replaced, %2 changed meanwhile: review them below (Enter opens one).")
                   .arg(written, locale.toString(outcome.skipped.size()));
    if (outcome.cancelled)
        text +=
            u' ' +
            tr("Cancelled: %1 were not written.")
                .arg(locale.toString(ticked - outcome.replaced.size() - outcome.skipped.size()));
    m_summary->setText(text);
    m_skipped->setVisible(!outcome.skipped.isEmpty());
    if (!outcome.skipped.isEmpty()) {
        m_skipped->resizeColumnToContents(SignColumn);
        m_skipped->setCurrentItem(m_skipped->topLevelItem(0));
    }
    // The rows written or reported leave the preview; the unticked ones (and, after a cancel,
    // those not reached) stay, still valid: their texts are checked again when applied.
    QSet<int> settled(outcome.replaced.cbegin(), outcome.replaced.cend());
    for (const ReplaceSkip& s : outcome.skipped)
        settled.insert(s.id);
    {
        const QSignalBlocker block(m_preview);
        for (int i = m_preview->topLevelItemCount() - 1; i >= 0; --i) {
            if (i < m_changes.size() && settled.contains(m_changes.at(i).id)) {
                delete m_preview->takeTopLevelItem(i);
                m_changes.removeAt(i);
            }
        }
    }
    setState(m_changes.isEmpty() ? State::Applied : State::Previewed);
    if (!outcome.replaced.isEmpty())
        emit replaced(outcome.replaced);
    if (!outcome.skipped.isEmpty())
        m_skipped->setFocus(Qt::OtherFocusReason);
}

void ReplaceDialog::reject()
{
    // Closing stops a running preview or apply before its next step; what was written stays.
    if (m_running)
        m_running->cancel();
    QDialog::reject();
}
