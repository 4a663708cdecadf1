#include "ChangeNote.h"

#include "PgQuery.h"

#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

QString ChangeNote::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Edited:
        return u"edited"_s;
    case Kind::Restored:
        return u"restored"_s;
    case Kind::Regenerated:
        return u"regenerated"_s;
    case Kind::Invalidated:
        return u"invalidated"_s;
    case Kind::Generated:
        return u"generated"_s;
    case Kind::Replaced:
        return u"replaced"_s;
    }
    Q_UNREACHABLE();
}

bool ChangeNote::apply(QSqlDatabase& db, QSqlError* error) const
{
    PgQuery q(db);
    q.prepare(u"SELECT set_config('horoscope_admin.person', ?, true), "
              "set_config('horoscope_admin.action', ?, true), "
              "set_config('horoscope_admin.restored_from', ?, true), "
              // Since 0007 a label counts only in the transaction named here: a setting left
              // behind in a session (a pooler's) never labels anyone else's change.
              "set_config('horoscope_admin.xact', pg_current_xact_id()::text, true)"_s);
    q.addBindValue(person);
    q.addBindValue(kindName(kind));
    q.addBindValue(kind == Kind::Restored && restoredFrom > 0 ? QString::number(restoredFrom)
                                                              : QString());
    if (q.exec())
        return true;
    *error = q.lastError();
    return false;
}
