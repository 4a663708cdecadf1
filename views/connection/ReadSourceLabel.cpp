#include "ReadSourceLabel.h"

#include "Database.h"

#include <QLocale>

ReadSourceLabel::ReadSourceLabel(Database* database, QWidget* parent)
    : ElidedLabel(parent)
{
    setObjectName(QStringLiteral("readSource"));
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setVisible(database->hasStandby());
    connect(database, &Database::readStatusChanged, this, &ReadSourceLabel::apply);
    apply(database->readStatus());
}

QString ReadSourceLabel::describeLag(const ReadStatus& s)
{
    if (s.caughtUp)
        return tr("up to date");
    QString text;
    const QLocale locale;
    if (s.lagSeconds >= 0)
        text = tr("%1 s behind").arg(locale.toString(s.lagSeconds, 'f', 1));
    else
        text = tr("behind, nothing replayed yet");
    if (s.bytesBehind > 0)
        text += QStringLiteral(", ") + locale.formattedDataSize(s.bytesBehind);
    if (s.replayPaused)
        text += QStringLiteral(", ") + tr("replay paused");
    return text;
}

QString ReadSourceLabel::describe(const ReadStatus& s)
{
    if (!s.standbyConfigured)
        return {};
    if (!s.known)
        return tr("Reads: checking the standby…");
    if (!s.onStandby) {
        if (!s.standbyError.message.isEmpty())
            return tr("Reads: primary %1 — the standby is unreachable").arg(s.server);
        return tr("Reads: primary %1 — no standby among the hosts").arg(s.server);
    }
    if (s.pinned)
        return tr("Reads: primary until the standby has your last change (standby %1)")
            .arg(describeLag(s));
    return tr("Reads: standby %1, %2").arg(s.server, describeLag(s));
}

void ReadSourceLabel::apply(const ReadStatus& status)
{
    // Elided, not cut off, in a narrow window: the whole text is in the tooltip.
    setFullText(describe(status),
                status.onStandby || status.standbyError.message.isEmpty()
                    ? tr("Browsing, search, trends, coverage, the overview and exports read from "
                         "the standby; saving and the editor use the primary.")
                    : status.standbyError.message);
}
