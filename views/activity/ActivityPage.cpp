#include "ActivityPage.h"

#include "Accessibility.h"
#include "ConflictDialog.h"
#include "DateEdit.h"
#include "ZodiacSign.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace {

// The date fields' "no limit": their minimum, shown as words.
const QDate kAnyDay(2000, 1, 1);

QDateEdit* dayField(const QString& anyText, const QString& name, QWidget* parent)
{
    auto* edit = new DateEdit(kAnyDay, parent);
    edit->setMinimumDate(kAnyDay);
    edit->setSpecialValueText(anyText);
    edit->setCalendarPopup(true);
    edit->setAccessibleName(name);
    return edit;
}

} // namespace

ActivityPage::ActivityPage(Database* database, QWidget* parent)
    : QWidget(parent)
    , m_model(new ActivityModel(database, this))
    , m_horoscopes(database)
    , m_person(new QLineEdit(this))
    , m_kind(new QComboBox(this))
    , m_sign(new QComboBox(this))
    , m_since(dayField(tr("Any day"), tr("Changed since"), this))
    , m_until(dayField(tr("Any day"), tr("Changed until"), this))
    , m_table(new QTableView(this))
    , m_open(new QPushButton(tr("&Open in Editor"), this))
    , m_restore(new QPushButton(tr("&Restore"), this))
{
    m_person->setPlaceholderText(tr("Anyone"));
    m_person->setAccessibleName(tr("Person"));
    m_person->setClearButtonEnabled(true);
    Accessibility::nameClearButton(m_person);
    m_kind->setAccessibleName(tr("Kind of change"));
    m_kind->addItem(tr("Every kind"), QString());
    // Deleted: the invalidated horoscopes, each of which Restore can put back.
    m_kind->addItem(tr("Deleted (invalidated)"), u"invalidated"_s);
    for (const QString& kind : ActivityLog::kinds()) {
        if (kind != u"invalidated")
            m_kind->addItem(ActivityLog::kindLabel(kind), kind);
    }
    m_sign->setAccessibleName(tr("Sign"));
    m_sign->addItem(tr("Every sign"), QString());
    for (const QString& key : ZodiacSign::keys())
        m_sign->addItem(ZodiacSign::display(key), key);

    auto* filters = new QHBoxLayout;
    const auto labelled = [this, filters](const QString& text, QWidget* field) {
        auto* label = new QLabel(text, this);
        label->setBuddy(field);
        filters->addWidget(label);
        filters->addWidget(field);
    };
    labelled(tr("&Person:"), m_person);
    labelled(tr("&Kind:"), m_kind);
    labelled(tr("S&ign:"), m_sign);
    labelled(tr("Si&nce:"), m_since);
    labelled(tr("&Until:"), m_until);
    filters->addStretch(1);

    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Activity"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ActivityModel::Summary, QHeaderView::Stretch);
    m_table->setColumnWidth(ActivityModel::When, 140);
    m_table->setColumnWidth(ActivityModel::Sign, 120);
    m_table->setColumnWidth(ActivityModel::Day, 100);
    m_table->setColumnWidth(ActivityModel::Who, 220);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_restore);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_person, &QLineEdit::editingFinished, this, &ActivityPage::applyFilter);
    for (QComboBox* box : {m_kind, m_sign})
        connect(box, &QComboBox::currentIndexChanged, this, &ActivityPage::applyFilter);
    for (QDateEdit* edit : {m_since, m_until})
        connect(edit, &QDateEdit::dateChanged, this, &ActivityPage::applyFilter);
    connect(m_table, &QAbstractItemView::activated, this, &ActivityPage::openSelected);
    connect(m_open, &QPushButton::clicked, this, &ActivityPage::openSelected);
    connect(m_restore, &QPushButton::clicked, this, &ActivityPage::restoreSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ActivityPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ActivityPage::updateButtons);
    connect(m_model, &ActivityModel::loaded, this, [this] {
        // The first row is current, so the keyboard starts on the newest entry.
        if (!m_table->currentIndex().isValid() && m_model->rowCount() > 0)
            m_table->setCurrentIndex(m_model->index(0, 0));
        updateButtons();
    });
    connect(m_model, &ActivityModel::failed, this,
            [this](const DbError& error) { emit message(error.message, true); });
    // Read again once the connection is up and what it may read is known.
    connect(database, &Database::serverInfoChanged, this, [this] {
        if (isVisible())
            reload();
    });
    connect(database, &Database::connectionUp, this, [this] {
        if (isVisible())
            reload();
    });
    updateButtons();
}

void ActivityPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    reload(); // what changed since the page was last shown
}

void ActivityPage::reload()
{
    applyFilter();
}

void ActivityPage::applyFilter()
{
    ActivityFilter f;
    f.person = m_person->text().trimmed();
    f.kind = m_kind->currentData().toString();
    f.sign = m_sign->currentData().toString();
    if (m_since->date() != kAnyDay)
        f.since = m_since->date();
    if (m_until->date() != kAnyDay)
        f.until = m_until->date();
    m_model->setFilter(f);
}

const ActivityEntry* ActivityPage::selected() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_model->entry(current.row()) : nullptr;
}

void ActivityPage::updateButtons()
{
    const ActivityEntry* e = selected();
    m_open->setEnabled(e && e->currentId != 0);
    m_open->setToolTip(e && e->currentId == 0
                           ? tr("That horoscope is deleted now; Restore puts it back.")
                           : tr("Open this horoscope in the editor, at this version"));
    const bool deletion = e && ActivityLog::isDeletion(*e) && !m_restoring;
    m_restore->setEnabled(deletion);
    m_restore->setToolTip(deletion ? tr("Put the deleted text back")
                                   : tr("Choose a deletion (kind Deleted) to put it back"));
}

void ActivityPage::openSelected()
{
    const ActivityEntry* e = selected();
    if (!e)
        return;
    if (e->currentId == 0) {
        emit message(tr("The %1 horoscope of %2 is deleted; press Restore to put it back.")
                         .arg(ZodiacSign::localizedName(e->sign),
                              QLocale().toString(e->date, QLocale::ShortFormat)),
                     true);
        return;
    }
    emit openRequested(e->currentId, e->revisionId);
}

void ActivityPage::restoreSelected()
{
    const ActivityEntry* e = selected();
    if (!e || !ActivityLog::isDeletion(*e) || m_restoring)
        return;
    m_restoring = true;
    updateButtons();
    m_model->service().restore(this, e->revisionId, [this](DbResult<ActivityLog::Restored> r) {
        m_restoring = false;
        updateButtons();
        if (!r.ok()) {
            emit message(r.error.message, true);
            return;
        }
        restored(r.value);
    });
}

void ActivityPage::restored(const ActivityLog::Restored& r)
{
    const QString what = tr("The %1 horoscope of %2")
                             .arg(ZodiacSign::localizedName(r.current.sign),
                                  QLocale().toString(r.current.date, QLocale::ShortFormat));
    if (r.outcome == ActivityLog::Restored::Outcome::Restored) {
        emit message(tr("%1 is back.").arg(what), false);
        emit horoscopesChanged();
        reload();
        return;
    }
    if (r.current.content == r.deletedText) {
        emit message(tr("%1 is back already: its text is the deleted one.").arg(what), false);
        return;
    }
    // The bot (or someone) generated a new text for that day meanwhile: both are shown, the
    // deleted one as "yours", and nothing is written until the editor decides.
    // "Your changes" are what restoring would change in the current text.
    ConflictDialog::ask(
        this, r.deletedText, r.current.content, r.current.content, false,
        tr("after the deletion (a new text was generated for that day)"),
        [this, r, what](ConflictDialog::Choice choice, const QString& merged) {
            QString text;
            if (choice == ConflictDialog::Choice::KeepMine)
                text = r.deletedText;
            else if (choice == ConflictDialog::Choice::SaveMerged)
                text = merged;
            if (text.isEmpty() || text == r.current.content) {
                emit message(tr("%1 keeps its current text.").arg(what), false);
                return;
            }
            m_horoscopes.save(
                this, r.current, text, false,
                [this, what](DbResult<HoroscopeService::Saved> saved) {
                    if (!saved.ok()) {
                        emit message(saved.error.message, true);
                    } else if (saved.value.outcome != HoroscopeService::Saved::Outcome::Saved) {
                        emit message(tr("%1 changed again meanwhile; nothing was written. "
                                        "Press Restore again to compare.")
                                         .arg(what),
                                     true);
                    } else {
                        emit message(tr("%1 has the restored text now.").arg(what), false);
                        emit horoscopesChanged();
                    }
                    reload();
                },
                r.revisionId);
        });
}
