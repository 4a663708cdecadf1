#include "ElidedLabel.h"

#include <QEvent>

ElidedLabel::ElidedLabel(QWidget* parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString& text, const QString& details)
{
    m_full = text;
    m_details = details;
    setAccessibleName(text);
    updateGeometry();
    elide();
}

QSize ElidedLabel::sizeHint() const
{
    const QMargins m = contentsMargins();
    return {fontMetrics().horizontalAdvance(m_full) + 2 * margin() + m.left() + m.right() + 1,
            QLabel::sizeHint().height()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    // A few letters and the ellipsis: enough to see that there is more.
    return {fontMetrics().horizontalAdvance(QStringLiteral("Wwww…")),
            QLabel::minimumSizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        elide();
}

void ElidedLabel::elide()
{
    const QMargins m = contentsMargins();
    const int room = width() - 2 * margin() - m.left() - m.right();
    const QString shown = fontMetrics().elidedText(m_full, Qt::ElideRight, qMax(0, room));
    if (shown != text())
        setText(shown);
    if (shown == m_full)
        setToolTip(m_details);
    else
        setToolTip(m_details.isEmpty() ? m_full : m_full + u'\n' + m_details);
}
