#include "FakeChatServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

FakeChatServer::FakeChatServer(QObject* parent)
    : QObject(parent)
{
    m_default = completion(QStringLiteral("Звёзды обещают спокойный день."));
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection())
            serve(socket);
    });
}

QString FakeChatServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server.serverPort());
}

FakeChatServer::Answer FakeChatServer::completion(const QString& text)
{
    const QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                              {QStringLiteral("content"), text}};
    const QJsonObject choice{{QStringLiteral("index"), 0}, {QStringLiteral("message"), message}};
    const QJsonObject body{{QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
                           {QStringLiteral("object"), QStringLiteral("chat.completion")},
                           {QStringLiteral("choices"), QJsonArray{choice}}};
    return {200, QJsonDocument(body).toJson(QJsonDocument::Compact), 0, {}};
}

void FakeChatServer::serve(QTcpSocket* socket)
{
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
        *buffer += socket->readAll();
        const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QByteArray headers = buffer->left(headerEnd);
        qsizetype length = 0;
        QByteArray authorization;
        for (const QByteArray& line : headers.split('\n')) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("content-length:"))
                length = l.mid(15).trimmed().toLongLong();
            if (l.toLower().startsWith("authorization:"))
                authorization = l.mid(14).trimmed();
        }
        if (buffer->size() < headerEnd + 4 + length)
            return;
        m_requests << Recorded{authorization, buffer->mid(headerEnd + 4, length)};
        buffer->clear();
        Answer answer = m_default;
        if (!m_queue.empty()) {
            answer = m_queue.front();
            m_queue.pop_front();
        }
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(answer.delayMs, this, [this, guard, answer] {
            ++m_answered;
            if (!guard)
                return;
            QByteArray response = "HTTP/1.1 " + QByteArray::number(answer.status) +
                                  " X\r\n"
                                  "Content-Type: application/json\r\n"
                                  "Content-Length: " +
                                  QByteArray::number(answer.body.size()) +
                                  "\r\nConnection: close\r\n" + answer.extraHeaders + "\r\n" +
                                  answer.body;
            guard->write(response);
            guard->disconnectFromHost();
        });
    });
}
