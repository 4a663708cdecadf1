#pragma once

#include <QFrame>

class QLabel;
class QHBoxLayout;
class QToolButton;

// An inline bar above the content for results and problems, so only decisions need a modal
// box (after KeePassXC's MessageWidget). Each message may carry action buttons.
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

private:
    QLabel* m_icon;
    QLabel* m_text;
    QHBoxLayout* m_actions;
    Type m_type = Type::Information;
};
