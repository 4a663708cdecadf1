#pragma once

#include <QString>
#include <QWidget>

// One rule for every action the connected role may or may not perform: the control is enabled
// only when its own state allows it and the role has the privilege; its tooltip (and the
// accessible description, read out by screen readers) then says what it does, or why not.
namespace ActionGate {

inline void apply(QWidget* control, bool ready, const QString& whyNot, const QString& tip = {})
{
    control->setEnabled(ready && whyNot.isEmpty());
    const QString text = whyNot.isEmpty() ? tip : whyNot;
    control->setToolTip(text);
    control->setAccessibleDescription(text);
}

} // namespace ActionGate
