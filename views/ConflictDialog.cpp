#include "ConflictDialog.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

std::optional<ConflictDialog::Choice> ConflictDialog::s_next;

void ConflictDialog::setNextChoice(Choice choice)
{
    s_next = choice;
}

void ConflictDialog::ask(QWidget* parent, const QString& mine, const QString& original,
                         const QString& theirs, bool deleted,
                         const std::function<void(Choice)>& decided)
{
    if (s_next) {
        const Choice c = *s_next;
        s_next.reset();
        decided(c);
        return;
    }
    auto* dialog = new ConflictDialog(mine, original, theirs, deleted, {}, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, parent, [dialog, decided] { decided(dialog->choice()); });
    dialog->open();
}

ConflictDialog::ConflictDialog(const QString& mine, const QString& original, const QString& theirs,
                               bool deleted, const QString& theirsAuthor, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Someone else changed this horoscope"));
    auto* intro = new QLabel(
        deleted ? tr("While you were editing, this horoscope was deleted (by the bot or another "
                     "admin). Your text is safe. Put it back with your text, or drop your "
                     "changes.")
                : tr("While you were editing, this horoscope was changed%1. Nothing has been "
                     "overwritten. Compare the three versions and choose.")
                      .arg(theirsAuthor.isEmpty() ? QString() : tr(" by %1").arg(theirsAuthor)),
        this);
    intro->setWordWrap(true);

    auto* grid = new QGridLayout;
    const QString titles[] = {tr("Your text"), tr("What you started from"),
                              deleted ? tr("Now: deleted") : tr("Their text (now saved)")};
    const QString texts[] = {mine, original, theirs};
    for (int i = 0; i < 3; ++i) {
        auto* title = new QLabel(u"<b>"_s + titles[i].toHtmlEscaped() + u"</b>"_s, this);
        auto* text = new QPlainTextEdit(texts[i], this);
        text->setReadOnly(true);
        text->setObjectName(QStringList{u"mine"_s, u"original"_s, u"theirs"_s}.at(i));
        grid->addWidget(title, 0, i);
        grid->addWidget(text, 1, i);
    }

    auto* buttons = new QDialogButtonBox(this);
    QPushButton* keepMine = buttons->addButton(deleted ? tr("Put it back with my text")
                                                       : tr("Save my text over theirs"),
                                               QDialogButtonBox::AcceptRole);
    QPushButton* takeTheirs =
        buttons->addButton(deleted ? tr("Drop my changes") : tr("Use their text, drop mine"),
                           QDialogButtonBox::DestructiveRole);
    QPushButton* keepEditing = buttons->addButton(tr("Keep editing"), QDialogButtonBox::RejectRole);
    keepEditing->setToolTip(tr("Go back to your text; the next save compares with their "
                               "version."));
    keepEditing->setDefault(true);
    connect(keepMine, &QPushButton::clicked, this, [this] {
        m_choice = Choice::KeepMine;
        accept();
    });
    connect(takeTheirs, &QPushButton::clicked, this, [this] {
        m_choice = Choice::TakeTheirs;
        accept();
    });
    connect(keepEditing, &QPushButton::clicked, this, [this] {
        m_choice = Choice::KeepEditing;
        reject();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(grid, 1);
    layout->addWidget(buttons);
    resize(1000, 520);
}
