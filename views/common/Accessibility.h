#pragma once

#include <QCoreApplication>
#include <QLineEdit>
#include <QToolButton>

// Names for what Qt adds to a widget without one: a screen reader (and a journey) reads every
// interactive control by its accessible name.
namespace Accessibility {

// The clear button that QLineEdit::setClearButtonEnabled(true) adds shows only an icon; call
// this after enabling it.
inline void nameClearButton(QLineEdit* edit)
{
    for (QToolButton* button : edit->findChildren<QToolButton*>(Qt::FindDirectChildrenOnly))
        button->setAccessibleName(QCoreApplication::translate("Accessibility", "Clear"));
}

} // namespace Accessibility
