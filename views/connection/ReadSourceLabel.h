#pragma once

#include "ReadStatus.h"

#include "ElidedLabel.h"

class Database;

// The status bar's word on where reads come from: the standby (and how far behind it is), or
// the primary and why. Hidden when no standby is configured.
class ReadSourceLabel final : public ElidedLabel
{
    Q_OBJECT
public:
    explicit ReadSourceLabel(Database* database, QWidget* parent = nullptr);

    static QString describe(const ReadStatus& status);
    static QString describeLag(const ReadStatus& status);

private:
    void apply(const ReadStatus& status);
};
