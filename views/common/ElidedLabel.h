#pragma once

#include <QLabel>

// One line of plain text that never makes its window wider than the screen: what does not fit
// ends in "…", and the whole text is in the tooltip and the accessible name (a screen reader
// reads all of it). For titles and status bar texts that grow with data and with translations.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    // `details` is added to the tooltip, after the whole text when that does not fit.
    void setFullText(const QString& text, const QString& details = {});
    QString fullText() const { return m_full; }
    bool isElided() const { return text() != m_full; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void elide();

    QString m_full;
    QString m_details;
};
