#include "DictionaryCodec.h"

#include <iconv.h>

namespace {

QByteArray convert(const QByteArray& from, const QByteArray& to, const QByteArray& input, bool* ok)
{
    *ok = false;
    iconv_t cd = iconv_open(to.constData(), from.constData());
    if (cd == reinterpret_cast<iconv_t>(-1))
        return {};
    QByteArray out(input.size() * 4 + 16, Qt::Uninitialized);
    char* in = const_cast<char*>(input.constData());
    size_t inLeft = static_cast<size_t>(input.size());
    char* dst = out.data();
    size_t outLeft = static_cast<size_t>(out.size());
    const size_t done = iconv(cd, &in, &inLeft, &dst, &outLeft);
    iconv_close(cd);
    if (done == static_cast<size_t>(-1) || inLeft != 0)
        return {};
    out.truncate(out.size() - static_cast<qsizetype>(outLeft));
    *ok = true;
    return out;
}

} // namespace

DictionaryCodec::DictionaryCodec(const QString& encoding)
    : m_encoding(encoding.trimmed().toUpper().toLatin1())
{
    // Hunspell's default, when the .aff has no SET line, is ISO 8859-1.
    if (m_encoding.isEmpty())
        m_encoding = "ISO8859-1";
    // Hunspell spells Cyrillic code pages as "microsoft-cp1251"; iconv wants "CP1251".
    if (m_encoding.startsWith("MICROSOFT-"))
        m_encoding = m_encoding.mid(10);
    m_utf8 = m_encoding == "UTF-8" || m_encoding == "UTF8";
    if (m_utf8) {
        m_valid = true;
    } else {
        iconv_t cd = iconv_open("UTF-8", m_encoding.constData());
        m_valid = cd != reinterpret_cast<iconv_t>(-1);
        if (m_valid)
            iconv_close(cd);
    }
}

QByteArray DictionaryCodec::encode(const QString& word) const
{
    if (m_utf8)
        return word.toUtf8();
    bool ok = false;
    const QByteArray out = convert("UTF-8", m_encoding, word.toUtf8(), &ok);
    return ok ? out : QByteArray();
}

QString DictionaryCodec::decode(const QByteArray& bytes) const
{
    if (m_utf8)
        return QString::fromUtf8(bytes);
    bool ok = false;
    const QByteArray out = convert(m_encoding, "UTF-8", bytes, &ok);
    return ok ? QString::fromUtf8(out) : QString();
}
