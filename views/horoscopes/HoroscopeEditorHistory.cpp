#include "HoroscopeEditor.h"

#include "ActionGate.h"
#include "Confirm.h"
#include "HistoryWording.h"
#include "TextDiff.h"

#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTextBrowser>

using namespace Qt::Literals::StringLiterals;

// The editor's History tab: the versions of the horoscope, what each change did, and putting
// an earlier version back.

void HoroscopeEditor::reloadHistory()
{
    if (m_record.id == 0)
        return;
    m_horoscopes.history(
        this, m_record,
        m_histories.wrap<QList<HoroscopeRevision>>([this, id = m_record.id](auto r) {
            if (id != m_record.id || !r.ok())
                return;
            m_history = HistoryWording::versions(r.value);
            m_versions->clear();
            const QList<HistoryWording::Entry> entries =
                HistoryWording::describe(m_record, r.value);
            if (!r.value.isEmpty()) // the latest change, and who made it
                m_meta->setText(
                    tr("Generated %1")
                        .arg(QLocale().toString(m_record.generatedAt.toLocalTime(),
                                                QLocale::ShortFormat)) +
                    u"  ·  "_s +
                    tr("last change: %1, %2").arg(entries.first().change, entries.first().since));
            for (const HistoryWording::Entry& e : entries) {
                auto* item = new QListWidgetItem(e.title + u'\n' + e.detail, m_versions);
                item->setToolTip(e.title + u'\n' + e.detail);
                item->setData(Qt::UserRole, e.since);
            }
            updateRestore();
            m_tabs->setTabText(1, tr("History (%1)").arg(m_history.size()));
            if (m_showVersionOf.first == id) {
                // Row k tells the change history[k] and shows the version it made.
                for (int k = 0; k < m_history.size(); ++k) {
                    if (m_history.at(k).revisionId == m_showVersionOf.second)
                        m_versions->setCurrentRow(k);
                }
                m_showVersionOf = {0, 0};
                m_tabs->setCurrentIndex(1);
            }
        }));
}

void HoroscopeEditor::showVersionOf(int id, qint64 revisionId)
{
    m_showVersionOf = {id, revisionId};
    if (m_record.id == id)
        reloadHistory();
}

void HoroscopeEditor::updateRestore()
{
    const QList<QListWidgetItem*> selected = m_versions->selectedItems();
    const bool oneEarlier = selected.size() == 1 && m_versions->row(selected.first()) > 0;
    ActionGate::apply(m_restore, oneEarlier,
                      m_privileges.reason(Privileges::Action::RestoreVersion),
                      tr("Make this version the current text and save it"));
}

int HoroscopeEditor::historyCount() const
{
    return static_cast<int>(m_history.size());
}

void HoroscopeEditor::compareVersions(int newer, int older)
{
    auto textOf = [this](int row) { return row == 0 ? m_base : m_history.value(row - 1).content; };
    const QList<TextDiff::Piece> pieces = TextDiff::compute(textOf(older), textOf(newer));
    const auto [removed, added] = TextDiff::changedCharacters(pieces);
    const QString summary =
        newer == older ? tr("The text as it was generated.")
                       : tr("%n character(s) removed", nullptr, static_cast<int>(removed)) +
                             u", "_s + tr("%n added", nullptr, static_cast<int>(added)) + u'.';
    m_diff->setHtml(u"<p><i>"_s + summary.toHtmlEscaped() + u"</i></p>"_s +
                    TextDiff::toHtml(pieces));
}

QString HoroscopeEditor::diffHtml() const
{
    return m_diff->toHtml();
}

void HoroscopeEditor::restoreVersion(int row)
{
    if (row <= 0 || row > m_history.size())
        return;
    if (const QString why = m_privileges.reason(Privileges::Action::RestoreVersion);
        !why.isEmpty()) {
        showStatus(why, true);
        return;
    }
    // It goes live at once: the bot serves it from the next request.
    const QString version = m_versions->item(row)->data(Qt::UserRole).toString();
    if (!Confirm::ask(this, tr("Restore this version"),
                      tr("Replace the current text with the version of %1 and save it? The bot "
                         "serves it from its next request; the current text stays in the "
                         "history.")
                          .arg(version),
                      tr("Restore and save")))
        return;
    setText(m_history.at(row - 1).content);
    m_tabs->setCurrentIndex(0);
    m_restoringFrom = m_history.at(row - 1).revisionId;
    save();
}
