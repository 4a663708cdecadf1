#pragma once

#include <QByteArray>
#include <QString>

// Converts words to and from a Hunspell dictionary's own encoding (the SET line of its .aff:
// UTF-8 in Debian 12, but older or hand-made dictionaries are KOI8-R, CP1251 or ISO 8859-x),
// with iconv, which knows them all.
class DictionaryCodec final
{
public:
    explicit DictionaryCodec(const QString& encoding);

    bool isValid() const { return m_valid; }
    // Empty when the word cannot be written in the dictionary's encoding.
    QByteArray encode(const QString& word) const;
    QString decode(const QByteArray& bytes) const;

private:
    QByteArray m_encoding;
    bool m_utf8 = false;
    bool m_valid = false;
};
