#include "MessageBar.h"

#include <QApplication>
#include <QEvent>
#include <QGraphicsDropShadowEffect>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTabBar>
#include <QToolButton>

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_actions(new QHBoxLayout)
{
    setObjectName(QStringLiteral("messageBar"));
    setFrameShape(QFrame::StyledPanel);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_actions);
    auto* close = new QToolButton(this);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Hide this message"));
    close->setAccessibleName(tr("Hide this message"));
    connect(close, &QToolButton::clicked, this, &MessageBar::clear);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void MessageBar::showMessage(Type type, const QString& text, const QString& detail)
{
    clear();
    m_type = type;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QString colors = QStringLiteral("background:#e8f0fb; border:1px solid #9bb8e0;");
    switch (type) {
    case Type::Information:
        break;
    case Type::Positive:
        colors = QStringLiteral("background:#e6f4ea; border:1px solid #8cc59a;");
        break;
    case Type::Warning:
        icon = QStyle::SP_MessageBoxWarning;
        colors = QStringLiteral("background:#fff4dc; border:1px solid #e0b54f;");
        break;
    case Type::Error:
        icon = QStyle::SP_MessageBoxCritical;
        colors = QStringLiteral("background:#fde8e8; border:1px solid #e08c8c;");
        break;
    }
    setStyleSheet(QStringLiteral("#messageBar { %1 border-radius:4px; } #messageBar QLabel { "
                                 "background:transparent; border:none; color:#1f1f1f; }")
                      .arg(colors));
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
    m_text->setText(text);
    m_text->setToolTip(detail);
    show();
    place();
    raise();
}

QToolButton* MessageBar::addAction(const QString& text, const std::function<void()>& handler)
{
    auto* button = new QToolButton(this);
    button->setText(text);
    connect(button, &QToolButton::clicked, this, handler);
    m_actions->addWidget(button);
    place();
    return button;
}

void MessageBar::clear()
{
    while (QLayoutItem* item = m_actions->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_text->clear();
    hide();
}

QString MessageBar::text() const
{
    return isVisible() || !m_text->text().isEmpty() ? m_text->text() : QString();
}

void MessageBar::floatOver(QWidget* area, QWidget* tabs)
{
    m_area = area;
    m_tabs = tabs;
    setParent(area);
    area->installEventFilter(this);
    tabs->installEventFilter(this);
    auto* shadow = new QGraphicsDropShadowEffect(this);
    shadow->setBlurRadius(12);
    shadow->setOffset(0, 2);
    shadow->setColor(QColor(0, 0, 0, 70));
    setGraphicsEffect(shadow);
    hide();
}

bool MessageBar::eventFilter(QObject* watched, QEvent* event)
{
    if ((watched == m_area || watched == m_tabs) &&
        (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest))
        place();
    return QFrame::eventFilter(watched, event);
}

void MessageBar::place()
{
    if (!m_area || !isVisible())
        return;
    constexpr int margin = 6;
    const int right = m_area->width() - margin;
    // Beside the page tabs, where the row is empty; across the window when that is too narrow.
    int left = margin;
    if (const QTabBar* bar = m_tabs->findChild<QTabBar*>(); bar && bar->count() > 0) {
        const int tabsEnd = bar->mapTo(m_area, bar->tabRect(bar->count() - 1).topRight()).x();
        if (right - (tabsEnd + 16) >= 420)
            left = tabsEnd + 16;
    }
    const int width = right - left;
    const int height = std::max(minimumSizeHint().height(), heightForWidth(width));
    setGeometry(left, margin / 2, width, height);
    raise();
}
