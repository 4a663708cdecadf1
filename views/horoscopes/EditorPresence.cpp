#include "EditorPresence.h"

#include "EditingPresence.h"
#include "EditorDrafts.h"
#include "HoroscopeEditor.h"
#include "HoroscopeTableModel.h"
#include "MessageBar.h"

#include <QLocale>
#include <QPlainTextEdit>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

EditorPresence::EditorPresence(HoroscopeEditor* editor, Database* database)
    : QObject(editor)
    , m_editor(editor)
    , m_presence(new EditingPresence(database, this))
    , m_bar(new MessageBar(editor))
{
    m_bar->setObjectName(u"presenceBar"_s);
    m_bar->setAccessibleName(tr("Who is editing"));
    connect(editor, &HoroscopeEditor::recordChanged, this, &EditorPresence::onRecordChanged);
    connect(editor, &HoroscopeEditor::stateChanged, this, [this](HoroscopeEditor::State state) {
        if (state != HoroscopeEditor::State::Empty)
            return;
        m_openId = 0;
        m_tookOver = false;
        m_takenOverBy.clear();
        m_editor->setLock({});
        m_presence->close();
        show();
    });
    connect(editor, &HoroscopeEditor::dirtyChanged, m_presence, &EditingPresence::setUnsaved);
    connect(editor, &HoroscopeEditor::lockedKeyPressed, this, [this] {
        if (m_takeOver) { // the keyboard's way to the decision
            m_takeOver->setFocus();
            return;
        }
        m_bar->setFocus();
    });
    connect(m_presence, &EditingPresence::changed, this, &EditorPresence::show);
    connect(m_presence, &EditingPresence::changed, this, &EditorPresence::updateRows);
    connect(m_presence, &EditingPresence::takenOver, this, &EditorPresence::onTakenOver);
}

QString EditorPresence::editingSince(const QString& person, const QDateTime& since)
{
    const QDateTime local = since.toLocalTime();
    const QLocale locale;
    const QString when = local.date() == QDate::currentDate()
                             ? locale.toString(local.time(), QLocale::ShortFormat)
                             : locale.toString(local, QLocale::ShortFormat);
    return tr("%1 is editing this since %2").arg(person, when);
}

void EditorPresence::markRowsIn(HoroscopeTableModel* model)
{
    m_model = model;
    updateRows();
}

void EditorPresence::updateRows()
{
    if (!m_model)
        return;
    QHash<QString, QString> open;
    for (const PresenceService::Editor& e : m_presence->everyone()) {
        QString& line = open[HoroscopeTableModel::presenceKey(e.sign, e.date)];
        const QString about = editingSince(e.person, e.since);
        line = line.isEmpty() ? about : line + u"; "_s + about;
    }
    m_model->setOpenElsewhere(open);
}

void EditorPresence::onRecordChanged()
{
    const HoroscopeRecord& record = m_editor->record();
    if (record.id == m_openId) {
        show();
        return;
    }
    m_openId = record.id;
    m_tookOver = false;
    m_takenOverBy.clear();
    m_editor->setLock({});
    m_presence->open(record.sign, record.date);
    show();
}

void EditorPresence::show()
{
    QString text;
    MessageBar::Type type = MessageBar::Type::Information;
    bool offerTakeOver = false;
    QString lock;
    if (!m_takenOverBy.isEmpty()) {
        text = m_takenOverBy;
        type = MessageBar::Type::Warning;
        lock = m_takenOverBy;
    } else if (m_openId != 0) {
        QStringList lines;
        QString holder;
        for (const PresenceService::Editor& e : m_presence->here()) {
            lines << editingSince(e.person, e.since);
            if (e.unsaved && holder.isEmpty())
                holder = e.person;
        }
        if (!lines.isEmpty())
            text = lines.join(u"; "_s) + u'.';
        if (!holder.isEmpty() && !m_tookOver) {
            type = MessageBar::Type::Warning;
            offerTakeOver = true;
            text += u' ' + tr("%1 has unsaved changes: take over to edit the text (theirs is kept "
                              "as their draft).")
                               .arg(holder);
            // Unsaved text of this window's own is never locked away from its writer.
            if (!m_editor->isDirty())
                lock = tr("%1 is editing this text and has unsaved changes. Take over to edit "
                          "it.")
                           .arg(holder);
        }
    }
    const bool wasHeld = !m_editor->lock().isEmpty() && m_takenOverBy.isEmpty();
    m_editor->setLock(lock);
    if (wasHeld && lock.isEmpty())
        m_editor->refresh(); // they saved, left or expired: what they saved, if anything
    const QString key = text + (offerTakeOver ? u"\n+"_s : QString());
    if (key == m_shown)
        return;
    m_shown = key;
    if (text.isEmpty()) {
        m_bar->clear();
        return;
    }
    m_bar->showMessage(type, text);
    if (offerTakeOver) {
        m_takeOver = m_bar->addAction(tr("Take over"), [this] { takeOver(); });
        m_takeOver->setObjectName(u"takeOverButton"_s);
        m_takeOver->setToolTip(tr("Edit this text yourself; the other window stops editing it "
                                  "and keeps its unsaved text as a draft"));
        m_takeOver->setFocusPolicy(Qt::StrongFocus);
    }
}

void EditorPresence::takeOver()
{
    const int id = m_openId;
    m_presence->takeOver([this, id](bool ok) {
        if (!ok || id != m_openId)
            return;
        m_tookOver = true;
        show(); // no longer held: reads their last saved text, if they saved meanwhile
        m_editor->textEdit()->setFocus();
    });
}

void EditorPresence::onTakenOver(const QString& person, const QDateTime& at)
{
    const QString time = QLocale().toString(at.toLocalTime().time(), QLocale::ShortFormat);
    if (m_editor->isDirty()) {
        m_editor->drafts()->keepForLater();
        m_editor->setText(m_editor->record().content);
        m_takenOverBy = tr("%1 took over at %2. Your unsaved text is kept as a draft: it is "
                           "offered again when you open this horoscope.")
                            .arg(person, time);
    } else {
        m_takenOverBy = tr("%1 took over at %2.").arg(person, time);
    }
    show();
    m_editor->refresh(); // the stored text, read-only
}
