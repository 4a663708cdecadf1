#pragma once

#include "AiProvider.h"
#include "DbError.h"
#include "Service.h"

#include <QDate>
#include <QObject>

// A reviewed regeneration: new texts for some (sign, date) pairs are generated one at a time,
// shown beside the current ones, and written only once accepted. Writing is one upsert per
// horoscope that sets a fresh generated_at and applies only if the row is still as reviewed,
// so a row the bot inserted or changed meanwhile is neither duplicated nor overwritten: it
// becomes a conflict for the admin to decide. The replaced text stays in the history.
class RegenerationBatch final : public QObject, private Service
{
    Q_OBJECT
public:
    enum class State {
        Waiting,
        Generating,
        Ready,
        Failed,
        Cancelled,
        Accepted,
        Discarded,
        Written,
        Conflict
    };
    Q_ENUM(State)

    struct Item
    {
        QString sign;
        QDate date;
        bool existed = false;   // a row was there when the review started
        QString currentText;    // as reviewed (empty when missing)
        QString currentXmin;    // its row version
        bool corrected = false; // changed by hand since generated: warn before replacing
        QString newText;
        QString theirText; // Conflict: what is in the database now
        QString error;
        DbError::Kind errorKind = DbError::Kind::None; // a database error: which kind
        QString errorSqlState;                         // and its SQLSTATE
        State state = State::Waiting;
    };

    using Targets = QList<std::pair<QString, QDate>>; // (sign, date) pairs

    RegenerationBatch(Database* database, AiProvider* provider, QString promptTemplate,
                      QObject* parent = nullptr);

    // Loads the current rows, then generates for each pair in order.
    void start(const QList<std::pair<QString, QDate>>& targets);
    void cancel(); // what finished stays; nothing is written

    void accept(int index);
    void discard(int index);
    int acceptAllReady();
    void writeAccepted();
    void overwrite(int index); // a Conflict the admin resolved in favour of the new text
    // The admin's own wording of a generated text, before it is written.
    void setNewText(int index, const QString& text);
    bool mayRetry(int index) const;
    void retry(int index); // generates that one again (failed, cancelled or not liked)

    const QList<Item>& items() const { return m_items; }
    bool isGenerating() const { return m_generating; }
    bool isWriting() const { return m_writing; }
    int count(State state) const;
    // Why the rows could not be loaded (the error behind failed()), classified.
    const DbError& loadError() const { return m_loadError; }

    static QString stateName(State state);

signals:
    void loaded();
    void itemChanged(int index);
    void progress(int done, int total);
    void generationFinished();
    void writeFinished(int written, int conflicts, int failed);
    // The ids of the rows stored (an upsert may have created one), before writeFinished.
    void rowsWritten(const QList<int>& ids);
    void failed(const QString& message);

private:
    void generateNext();
    void generate(int index, std::function<void()> then);
    void write(const QList<int>& indexes);

    AiProvider* m_provider;
    QString m_template;
    QList<Item> m_items;
    int m_next = 0;
    bool m_generating = false;
    bool m_writing = false;
    DbError m_loadError;
};
