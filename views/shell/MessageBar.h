#pragma once

#include <QFrame>

class QLabel;
class QHBoxLayout;
class QToolButton;

// A bar for results and problems, so only decisions need a modal box (after KeePassXC's
// MessageWidget). Each message may carry action buttons. It floats over the top right of the
// window, beside the page tabs, and never moves the page under the pointer: a message that
// appears while someone is about to click must not turn the click into another one.
class MessageBar final : public QFrame
{
    Q_OBJECT
public:
    enum class Type { Information, Positive, Warning, Error };
    Q_ENUM(Type)

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(Type type, const QString& text, const QString& detail = {});
    // Adds a button to the message shown now; it goes away with the message.
    QToolButton* addAction(const QString& text, const std::function<void()>& handler);
    void clear();

    Type type() const { return m_type; }
    QString text() const;

    // Floats over `area` (the window's central widget), to the right of `tabs`' tabs when
    // there is room, else across the whole width; follows their size.
    void floatOver(QWidget* area, QWidget* tabs);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();

    QWidget* m_area = nullptr;
    QWidget* m_tabs = nullptr;
    QLabel* m_icon;
    QLabel* m_text;
    QHBoxLayout* m_actions;
    Type m_type = Type::Information;
};
