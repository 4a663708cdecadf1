#include "RegenerateDialog.h"

#include "AiProvider.h"
#include "CharacterCount.h"
#include "Confirm.h"
#include "HoroscopeStore.h"
#include "RegenerationBatch.h"
#include "SpellCheck.h"
#include "TextDiff.h"
#include "ZodiacSign.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

RegenerateDialog::RegenerateDialog(Database* database, AiProvider* provider,
                                   const QString& promptTemplate, QWidget* parent)
    : QDialog(parent)
    , m_batch(new RegenerationBatch(database, provider, promptTemplate, this))
    , m_provider(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_diff(new QTextBrowser(this))
    , m_count(new CharacterCount(this))
    , m_warning(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel &generation"), this))
    , m_accept(new QPushButton(tr("&Accept"), this))
    , m_discard(new QPushButton(tr("&Discard"), this))
    , m_acceptAll(new QPushButton(tr("Accept a&ll ready"), this))
    , m_write(new QPushButton(tr("&Write accepted"), this))
    , m_overwrite(new QPushButton(tr("Write &over their version"), this))
    , m_edit(new QPushButton(tr("&Edit text…"), this))
    , m_retry(new QPushButton(tr("&Try again"), this))
{
    setWindowTitle(tr("Regenerate horoscopes"));
    // An offline provider's name says so ("Demo texts (offline, not an AI)"): said once, and
    // not decided from the name's wording, which is translated.
    m_provider->setText(tr("Provider: %1").arg(provider->displayName()));
    m_warning->setWordWrap(true);
    m_warning->setStyleSheet(u"color:#8a5a00;"_s);
    m_warning->hide();
    m_overwrite->hide();
    // Wide enough for "Sagittarius, 30.09.2026 — ready for review"; longer states wrap.
    m_list->setWordWrap(true);
    m_list->setAccessibleName(tr("Horoscopes to review"));
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setMinimumWidth(
        m_list->fontMetrics().horizontalAdvance(u"Sagittarius, 30.09.2026 — ready for review"_s) +
        48);
    m_count->setPrefix(tr("New text:"));
    m_count->hide();
    auto* review = new QWidget(this);
    auto* reviewLayout = new QVBoxLayout(review);
    reviewLayout->setContentsMargins(0, 0, 0, 0);
    reviewLayout->addWidget(m_diff, 1);
    reviewLayout->addWidget(m_count);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_list);
    split->addWidget(review);
    split->setStretchFactor(1, 3);
    auto* itemButtons = new QHBoxLayout;
    itemButtons->addWidget(m_warning, 1);
    itemButtons->addWidget(m_overwrite);
    itemButtons->addWidget(m_retry);
    itemButtons->addWidget(m_edit);
    itemButtons->addWidget(m_discard);
    itemButtons->addWidget(m_accept);
    auto* progress = new QHBoxLayout;
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_cancel);
    auto* bottom = new QDialogButtonBox(QDialogButtonBox::Close, this);
    bottom->addButton(m_acceptAll, QDialogButtonBox::ActionRole);
    bottom->addButton(m_write, QDialogButtonBox::ApplyRole);
    connect(bottom, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_provider);
    layout->addLayout(progress);
    layout->addWidget(split, 1);
    layout->addLayout(itemButtons);
    layout->addWidget(m_summary);
    layout->addWidget(bottom);
    resize(1000, 620);

    connect(m_cancel, &QPushButton::clicked, m_batch, &RegenerationBatch::cancel);
    connect(m_accept, &QPushButton::clicked, this, &RegenerateDialog::acceptCurrent);
    connect(m_discard, &QPushButton::clicked, this, &RegenerateDialog::discardCurrent);
    connect(m_acceptAll, &QPushButton::clicked, this, &RegenerateDialog::acceptAll);
    connect(m_write, &QPushButton::clicked, this, &RegenerateDialog::write);
    connect(m_edit, &QPushButton::clicked, this, &RegenerateDialog::editCurrent);
    connect(m_retry, &QPushButton::clicked, this, &RegenerateDialog::retryCurrent);
    connect(m_overwrite, &QPushButton::clicked, this,
            [this] { m_batch->overwrite(m_list->currentRow()); });
    connect(m_list, &QListWidget::currentRowChanged, this, &RegenerateDialog::showItem);
    connect(m_batch, &RegenerationBatch::loaded, this, [this] {
        m_list->clear();
        for (int i = 0; i < m_batch->items().size(); ++i) {
            m_list->addItem(QString());
            updateRow(i);
        }
        m_progress->setRange(0, static_cast<int>(m_batch->items().size()));
        m_progress->setValue(0);
        m_list->setCurrentRow(0);
    });
    connect(m_batch, &RegenerationBatch::itemChanged, this, [this](int i) {
        updateRow(i);
        if (i == m_list->currentRow())
            showItem(i);
        updateButtons();
    });
    connect(m_batch, &RegenerationBatch::progress, m_progress, &QProgressBar::setValue);
    connect(m_batch, &RegenerationBatch::generationFinished, this, [this] {
        m_cancel->setEnabled(false);
        updateButtons();
    });
    connect(m_batch, &RegenerationBatch::failed, this,
            [this](const QString& message) { m_summary->setText(message); });
    connect(m_batch, &RegenerationBatch::rowsWritten, this, &RegenerateDialog::written);
    connect(m_batch, &RegenerationBatch::writeFinished, this,
            [this](int written, int conflicts, int failures) {
                m_summary->setText(tr("Written: %1. Changed meanwhile: %2. Failed: %3.")
                                       .arg(written)
                                       .arg(conflicts)
                                       .arg(failures));
                updateButtons();
                // "Write and close": closes once everything accepted is stored.
                if (m_closeAfterWrite) {
                    m_closeAfterWrite = false;
                    if (conflicts + failures == 0)
                        QDialog::reject();
                }
            });
    updateButtons();
}

void RegenerateDialog::start(const QList<std::pair<QString, QDate>>& targets)
{
    m_cancel->setEnabled(true);
    m_batch->start(targets);
}

void RegenerateDialog::updateRow(int index)
{
    QListWidgetItem* row = m_list->item(index);
    if (!row)
        return;
    const RegenerationBatch::Item& item = m_batch->items().at(index);
    QString text = ZodiacSign::display(item.sign) + u", "_s +
                   QLocale().toString(item.date, QLocale::ShortFormat) + u" — "_s +
                   RegenerationBatch::stateName(item.state);
    if (item.corrected)
        text += u"  ✎"_s;
    row->setText(text);
    row->setToolTip(item.error.isEmpty() ? text : text + u'\n' + item.error);
    // Done and failed items look it at a glance, not only in words.
    using S = RegenerationBatch::State;
    row->setIcon(item.state == S::Accepted || item.state == S::Written
                     ? style()->standardIcon(QStyle::SP_DialogApplyButton)
                 : item.state == S::Failed || item.state == S::Conflict
                     ? style()->standardIcon(QStyle::SP_MessageBoxWarning)
                     : QIcon());
}

void RegenerateDialog::showItem(int index)
{
    if (index < 0 || index >= m_batch->items().size()) {
        m_diff->clear();
        m_count->hide();
        return;
    }
    const RegenerationBatch::Item& item = m_batch->items().at(index);
    QString html;
    switch (item.state) {
    case RegenerationBatch::State::Failed:
        html = u"<p style='color:#b00020'>%1</p>"_s.arg(item.error.toHtmlEscaped());
        break;
    case RegenerationBatch::State::Waiting:
    case RegenerationBatch::State::Generating:
    case RegenerationBatch::State::Cancelled:
        html = u"<p><i>%1</i></p>"_s.arg(RegenerationBatch::stateName(item.state).toHtmlEscaped());
        break;
    case RegenerationBatch::State::Conflict:
        html = tr("<p><b>Someone changed this horoscope after the review started.</b> Their "
                  "text is now:</p>") +
               TextDiff::toHtml(TextDiff::compute(item.theirText, item.newText));
        break;
    default:
        html = (item.existed ? tr("<p><i>Changes from the current text:</i></p>")
                             : tr("<p><i>There is no horoscope for this day yet.</i></p>")) +
               TextDiff::toHtml(TextDiff::compute(item.currentText, item.newText));
    }
    m_diff->setHtml(html);
    m_count->setVisible(!item.newText.isEmpty());
    m_count->count(item.newText);
    m_warning->setVisible(item.corrected);
    m_warning->setText(tr("The current text was corrected by hand. Replacing it loses that "
                          "correction (it stays in the history)."));
    updateButtons();
}

void RegenerateDialog::updateButtons()
{
    const int index = m_list->currentRow();
    const bool valid = index >= 0 && index < m_batch->items().size();
    const RegenerationBatch::State state =
        valid ? m_batch->items().at(index).state : RegenerationBatch::State::Waiting;
    m_accept->setEnabled(valid && state == RegenerationBatch::State::Ready);
    m_discard->setEnabled(valid && (state == RegenerationBatch::State::Ready ||
                                    state == RegenerationBatch::State::Accepted ||
                                    state == RegenerationBatch::State::Conflict));
    m_overwrite->setVisible(valid && state == RegenerationBatch::State::Conflict);
    m_acceptAll->setEnabled(m_batch->count(RegenerationBatch::State::Ready) > 0);
    const int accepted = m_batch->count(RegenerationBatch::State::Accepted);
    m_write->setEnabled(accepted > 0 && !m_batch->isWriting());
    // Accepting only marks a text: the count says what Write will store.
    m_write->setText(accepted > 0 ? tr("&Write %n accepted", nullptr, accepted)
                                  : tr("&Write accepted"));
    m_edit->setEnabled(valid && (state == RegenerationBatch::State::Ready ||
                                 state == RegenerationBatch::State::Accepted ||
                                 state == RegenerationBatch::State::Conflict));
    m_retry->setEnabled(valid && m_batch->mayRetry(index));
    m_cancel->setEnabled(m_batch->isGenerating());
}

bool RegenerateDialog::confirmReplacingCorrected(const QList<int>& indexes)
{
    QStringList corrected;
    for (int i : indexes) {
        const RegenerationBatch::Item& item = m_batch->items().at(i);
        if (item.corrected)
            corrected << ZodiacSign::display(item.sign) + u", "_s +
                             QLocale().toString(item.date, QLocale::ShortFormat);
    }
    if (corrected.isEmpty())
        return true;
    return Confirm::ask(this, tr("Replace corrected texts?"),
                        tr("These horoscopes were corrected by hand: %1. Accept new texts for "
                           "them anyway? The corrected texts stay in the history.")
                            .arg(corrected.join(u"; "_s)),
                        tr("Accept anyway"), true);
}

void RegenerateDialog::acceptCurrent()
{
    const int index = m_list->currentRow();
    if (index < 0 || !confirmReplacingCorrected({index}))
        return;
    m_batch->accept(index);
    // On to the next text to review, with the focus on Accept: it never falls to Discard,
    // where the next Space would throw a text away.
    const qsizetype count = m_batch->items().size();
    for (qsizetype k = 1; k < count; ++k) {
        const int next = static_cast<int>((index + k) % count);
        if (m_batch->items().at(next).state == RegenerationBatch::State::Ready) {
            m_list->setCurrentRow(next);
            m_accept->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
    m_write->setFocus(Qt::OtherFocusReason); // nothing left to review: write them
}

void RegenerateDialog::discardCurrent()
{
    m_batch->discard(m_list->currentRow());
}

void RegenerateDialog::acceptAll()
{
    QList<int> ready;
    for (int i = 0; i < m_batch->items().size(); ++i) {
        if (m_batch->items().at(i).state == RegenerationBatch::State::Ready)
            ready << i;
    }
    if (confirmReplacingCorrected(ready))
        m_batch->acceptAllReady();
}

void RegenerateDialog::write()
{
    m_batch->writeAccepted();
}

void RegenerateDialog::editCurrent()
{
    const int index = m_list->currentRow();
    if (index < 0 || index >= m_batch->items().size())
        return;
    const RegenerationBatch::Item& item = m_batch->items().at(index);
    // A roomy editor that wraps, the cursor at the end: nothing replaced by the first key;
    // spell checked and counted like the main editor.
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Edit the new text"));
    auto* label = new QLabel(tr("%1, %2:").arg(ZodiacSign::display(item.sign),
                                               QLocale().toString(item.date, QLocale::ShortFormat)),
                             &dialog);
    auto* editor = new QPlainTextEdit(item.newText, &dialog);
    editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    editor->setTabChangesFocus(true);
    editor->moveCursor(QTextCursor::End);
    editor->setAccessibleName(tr("New text"));
    new SpellCheck(editor);
    auto* count = new CharacterCount(&dialog);
    count->follow(editor);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(label);
    layout->addWidget(editor, 1);
    layout->addWidget(count);
    layout->addWidget(buttons);
    dialog.resize(640, 420);
    if (dialog.exec() != QDialog::Accepted || editor->toPlainText() == item.newText)
        return;
    const QString text = editor->toPlainText();
    if (const QString problem = HoroscopeStore::validate(text); !problem.isEmpty()) {
        m_summary->setText(problem);
        return;
    }
    m_batch->setNewText(index, text);
}

void RegenerateDialog::retryCurrent()
{
    m_cancel->setEnabled(true);
    m_batch->retry(m_list->currentRow());
    updateButtons();
}

void RegenerateDialog::reject()
{
    using S = RegenerationBatch::State;
    if (m_batch->isWriting()) {
        m_summary->setText(tr("Still writing; close again once it is done."));
        return;
    }
    const int accepted = m_batch->count(S::Accepted);
    const int unreviewed = m_batch->count(S::Ready) + m_batch->count(S::Conflict);
    if (accepted > 0) {
        QString text = tr("%n accepted text(s) are not written yet.", nullptr, accepted);
        if (unreviewed > 0)
            text += u' ' + tr("%n generated text(s) are not reviewed.", nullptr, unreviewed);
        switch (Confirm::askUnsaved(this, text + u' ' + tr("Write the accepted ones now?"))) {
        case Confirm::Unsaved::Save:
            m_closeAfterWrite = true;
            m_batch->writeAccepted();
            return;
        case Confirm::Unsaved::Discard:
            break;
        case Confirm::Unsaved::Cancel:
            return;
        }
    } else if (unreviewed > 0 &&
               !Confirm::ask(this, tr("Discard generated texts?"),
                             tr("%n generated text(s) are not reviewed yet. Close and drop "
                                "them? Generating them again asks the AI provider again.",
                                nullptr, unreviewed),
                             tr("Discard and close"), true)) {
        return;
    }
    m_batch->cancel();
    QDialog::reject();
}
