#include "RegenerationBatch.h"

#include "ChangeNote.h"
#include "HoroscopeQuery.h"
#include "PgQuery.h"
#include "PgSession.h"

#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

namespace {

struct WriteOutcome
{
    int index = 0;
    int id = 0;
    bool written = false;
    bool conflict = false;
    QString theirText;
    QString theirXmin;
    QString error;
    DbError::Kind errorKind = DbError::Kind::None;
    QString errorSqlState;
};

// Why one upsert failed, in words that suit the window and the command line alike. `lost`
// is set when the connection went away, `role` is read once on the first refusal.
QString writeFailure(QSqlDatabase& db, const DbError& e, QString* role, QString* lost)
{
    if (e.kind == DbError::Kind::ConnectionLost || !db.isOpen()) {
        *lost = RegenerationBatch::tr("the connection to the database was lost");
        return RegenerationBatch::tr("the connection to the database was lost while writing "
                                     "(%1), so this one may or may not be stored")
            .arg(e.detail.isEmpty() ? RegenerationBatch::tr("no reason given") : e.primary());
    }
    if (e.sqlState == u"55P03") // an upsert waits for row locks
        return RegenerationBatch::tr("Another session is changing this row, so it was not "
                                     "written. Try again when that session has finished.");
    if (e.kind == DbError::Kind::PermissionDenied && e.sqlState == u"42501") {
        if (role->isEmpty()) {
            PgQuery q(db);
            *role = q.exec(u"SELECT current_user"_s) && q.next() ? q.value(0).toString() : u"?"_s;
        }
        return RegenerationBatch::tr("%1 (your role %2 may not INSERT/UPDATE horoscope_cache)")
            .arg(e.primary(), *role);
    }
    return e.message;
}

} // namespace

RegenerationBatch::RegenerationBatch(Database* database, AiProvider* provider,
                                     QString promptTemplate, QObject* parent)
    : QObject(parent)
    , Service(database)
    , m_provider(provider)
    , m_template(std::move(promptTemplate))
{}

QString RegenerationBatch::stateName(State state)
{
    switch (state) {
    case State::Waiting:
        return tr("waiting");
    case State::Generating:
        return tr("generating…");
    case State::Ready:
        return tr("ready for review");
    case State::Failed:
        return tr("failed");
    case State::Cancelled:
        return tr("cancelled");
    case State::Accepted:
        return tr("accepted");
    case State::Discarded:
        return tr("discarded");
    case State::Written:
        return tr("written");
    case State::Conflict:
        return tr("changed meanwhile");
    }
    return {};
}

int RegenerationBatch::count(State state) const
{
    return static_cast<int>(std::count_if(m_items.cbegin(), m_items.cend(),
                                          [state](const Item& i) { return i.state == state; }));
}

void RegenerationBatch::start(const QList<std::pair<QString, QDate>>& targets)
{
    request<QList<Item>>(
        this,
        [targets, spec = spec()](QSqlDatabase& db, QList<Item>* out, DbError* error) {
            const bool revisions = HoroscopeQuery::hasRevisionsTable(db);
            PgQuery q(db);
            q.prepare(u"SELECT c.content, c.xmin::text, "_s +
                      HoroscopeQuery::correctedExpression(revisions) +
                      u" FROM horoscope_cache c WHERE c.zodiac_sign = ? "
                      "AND c.horoscope_date = ?::date"_s);
            for (const auto& [sign, date] : targets) {
                Item item;
                item.sign = sign;
                item.date = date;
                q.addBindValue(sign);
                q.addBindValue(date.toString(Qt::ISODate));
                if (!q.exec()) {
                    *error = DbError::fromQuery(q.lastError(), spec);
                    return false;
                }
                if (q.next()) {
                    item.existed = true;
                    item.currentText = q.value(0).toString();
                    item.currentXmin = q.value(1).toString();
                    item.corrected = q.value(2).toBool();
                }
                *out << item;
            }
            return true;
        },
        [this](DbResult<QList<Item>> r) {
            if (!r.ok()) {
                m_loadError = r.error;
                emit failed(r.error.message);
                return;
            }
            m_items = r.value;
            m_next = 0;
            m_generating = true;
            emit loaded();
            generateNext();
        });
}

void RegenerationBatch::generateNext()
{
    if (!m_generating)
        return;
    if (m_next >= m_items.size()) {
        m_generating = false;
        emit generationFinished();
        return;
    }
    generate(m_next, [this] {
        ++m_next;
        emit progress(m_next, static_cast<int>(m_items.size()));
        generateNext();
    });
}

void RegenerationBatch::generate(int index, std::function<void()> then)
{
    Item& item = m_items[index];
    item.state = State::Generating;
    item.error.clear();
    item.errorKind = DbError::Kind::None;
    item.errorSqlState.clear();
    emit itemChanged(index);
    AiProvider::Request request;
    request.sign = item.sign;
    request.date = item.date;
    request.prompt = AiProvider::fillPrompt(m_template, item.sign, item.date);
    m_provider->generate(request, [this, index, then](const AiProvider::Result& result) {
        if (!m_generating || index >= m_items.size())
            return;
        Item& done = m_items[index];
        if (result.ok) {
            done.state = State::Ready;
            done.newText = result.text;
        } else {
            done.state = State::Failed;
            done.error = result.error;
        }
        emit itemChanged(index);
        then();
    });
}

bool RegenerationBatch::mayRetry(int index) const
{
    if (m_generating || m_writing || index < 0 || index >= m_items.size())
        return false;
    const State s = m_items.at(index).state;
    return s == State::Failed || s == State::Cancelled || s == State::Ready ||
           s == State::Discarded;
}

void RegenerationBatch::retry(int index)
{
    if (!mayRetry(index))
        return;
    m_generating = true;
    generate(index, [this] {
        m_generating = false;
        emit generationFinished();
    });
}

void RegenerationBatch::setNewText(int index, const QString& text)
{
    if (index < 0 || index >= m_items.size())
        return;
    Item& item = m_items[index];
    if (item.state != State::Ready && item.state != State::Accepted &&
        item.state != State::Conflict)
        return;
    item.newText = text;
    emit itemChanged(index);
}

void RegenerationBatch::cancel()
{
    if (!m_generating)
        return;
    m_generating = false;
    m_provider->cancel();
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items[i].state == State::Waiting || m_items[i].state == State::Generating) {
            m_items[i].state = State::Cancelled;
            emit itemChanged(i);
        }
    }
    emit generationFinished();
}

void RegenerationBatch::accept(int index)
{
    if (index >= 0 && index < m_items.size() && m_items[index].state == State::Ready) {
        m_items[index].state = State::Accepted;
        emit itemChanged(index);
    }
}

void RegenerationBatch::discard(int index)
{
    if (index < 0 || index >= m_items.size())
        return;
    const State s = m_items[index].state;
    if (s == State::Ready || s == State::Accepted || s == State::Conflict) {
        m_items[index].state = State::Discarded;
        emit itemChanged(index);
    }
}

int RegenerationBatch::acceptAllReady()
{
    int accepted = 0;
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items[i].state == State::Ready) {
            accept(i);
            ++accepted;
        }
    }
    return accepted;
}

void RegenerationBatch::writeAccepted()
{
    QList<int> indexes;
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items[i].state == State::Accepted)
            indexes << i;
    }
    write(indexes);
}

void RegenerationBatch::overwrite(int index)
{
    if (index >= 0 && index < m_items.size() && m_items[index].state == State::Conflict)
        write({index});
}

void RegenerationBatch::write(const QList<int>& indexes)
{
    if (indexes.isEmpty() || m_writing) {
        if (indexes.isEmpty())
            emit writeFinished(0, 0, 0);
        return;
    }
    m_writing = true;
    QList<Item> items;
    for (int i : indexes)
        items << m_items.at(i);
    requestWrite<QList<WriteOutcome>>(
        this,
        [indexes, items, spec = spec()](QSqlDatabase& db, QList<WriteOutcome>* result, DbError*) {
            QList<WriteOutcome>& outcomes = *result;
            PgQuery upsert(db);
            upsert.prepare(uR"sql(
                INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content, generated_at)
                VALUES (?, ?::date, ?, now())
                ON CONFLICT ON CONSTRAINT uq_horoscope_cache_sign_date
                DO UPDATE SET content = EXCLUDED.content, generated_at = EXCLUDED.generated_at
                WHERE horoscope_cache.xmin = ?::xid
                RETURNING id
            )sql"_s);
            PgQuery current(db);
            current.prepare(u"SELECT content, xmin::text FROM horoscope_cache "
                            "WHERE zodiac_sign = ? AND horoscope_date = ?::date"_s);
            PgQuery tx(db);
            QString lost; // once the connection is gone the rest are not tried
            QString role;
            for (qsizetype k = 0; k < items.size(); ++k) {
                const Item& item = items.at(k);
                WriteOutcome o;
                o.index = indexes.at(k);
                if (!lost.isEmpty()) {
                    o.error = tr("not tried: %1").arg(lost);
                    outcomes << o;
                    continue;
                }
                // The version the admin reviewed, or, after a conflict, the one they saw then.
                const QString& expected = item.currentXmin;
                upsert.addBindValue(item.sign);
                upsert.addBindValue(item.date.toString(Qt::ISODate));
                upsert.addBindValue(item.newText);
                upsert.addBindValue(expected.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                                                       : QVariant(expected));
                // One transaction per horoscope, so the history names who regenerated it, or
                // (no row when reviewed: the write can only insert) who generated it.
                const ChangeNote note{expected.isEmpty() ? ChangeNote::Kind::Generated
                                                         : ChangeNote::Kind::Regenerated,
                                      spec.person, 0};
                QSqlError failure;
                bool ok = PgSession::begin(db, &failure);
                if (ok)
                    ok = note.apply(db, &failure);
                if (ok && !upsert.exec()) {
                    ok = false;
                    failure = upsert.lastError();
                }
                const bool written = ok && upsert.next();
                if (written)
                    o.id = upsert.value(0).toInt();
                if (ok && !tx.exec(u"COMMIT"_s)) {
                    ok = false;
                    failure = tx.lastError();
                }
                if (!ok) {
                    tx.exec(u"ROLLBACK"_s);
                    const DbError e = DbError::fromQuery(failure, spec);
                    o.error = writeFailure(db, e, &role, &lost);
                    o.errorKind = e.kind;
                    o.errorSqlState = e.sqlState;
                } else if (written) {
                    o.written = true;
                } else {
                    o.conflict = true;
                    current.addBindValue(item.sign);
                    current.addBindValue(item.date.toString(Qt::ISODate));
                    if (current.exec() && current.next()) {
                        o.theirText = current.value(0).toString();
                        o.theirXmin = current.value(1).toString();
                    }
                }
                outcomes << o;
            }
            return true;
        },
        [this, indexes](DbResult<QList<WriteOutcome>> result) {
            m_writing = false;
            QList<WriteOutcome> outcomes = result.value;
            if (result.error) { // nothing could be written at all
                for (int index : indexes) {
                    WriteOutcome o;
                    o.index = index;
                    o.error = result.error.message;
                    outcomes << o;
                }
            }
            int written = 0;
            int conflicts = 0;
            int failures = 0;
            QList<int> ids;
            for (const WriteOutcome& o : outcomes) {
                if (o.index >= m_items.size())
                    continue;
                Item& item = m_items[o.index];
                if (o.written) {
                    item.state = State::Written;
                    ids << o.id;
                    ++written;
                } else if (o.conflict) {
                    item.state = State::Conflict;
                    item.theirText = o.theirText;
                    item.currentXmin = o.theirXmin; // an overwrite now replaces what was seen
                    ++conflicts;
                } else {
                    item.error = o.error;
                    item.errorKind = o.errorKind;
                    item.errorSqlState = o.errorSqlState;
                    ++failures;
                }
                emit itemChanged(o.index);
            }
            if (!ids.isEmpty())
                emit rowsWritten(ids);
            emit writeFinished(written, conflicts, failures);
        });
}
