#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <deque>

// A local HTTP server on 127.0.0.1 that speaks just enough of the chat-completions API for
// tests: each request gets the next queued answer (or the default one), after an optional
// delay. Requests are recorded.
class FakeChatServer final : public QObject
{
    Q_OBJECT
public:
    struct Answer
    {
        int status = 200;
        QByteArray body;
        int delayMs = 0;
        QByteArray extraHeaders; // "Retry-After: 1\r\n"
    };
    struct Recorded
    {
        QByteArray authorization;
        QByteArray body;
    };

    explicit FakeChatServer(QObject* parent = nullptr);
    QString baseUrl() const; // http://127.0.0.1:PORT/v1

    static Answer completion(const QString& text);
    void enqueue(const Answer& answer) { m_queue.push_back(answer); }
    void setDefault(const Answer& answer) { m_default = answer; }
    const QList<Recorded>& requests() const { return m_requests; }
    // Requests whose answer was due (sent, or dropped because the client had gone).
    int answered() const { return m_answered; }

private:
    void serve(QTcpSocket* socket);

    QTcpServer m_server;
    std::deque<Answer> m_queue;
    Answer m_default;
    QList<Recorded> m_requests;
    int m_answered = 0;
};
