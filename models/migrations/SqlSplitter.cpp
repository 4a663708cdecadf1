#include "SqlSplitter.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace {

bool hasCode(const QString& statement)
{
    // Strip comments; anything left is code.
    static const QRegularExpression comments(u"--[^\\n]*|/\\*.*?\\*/"_s,
                                             QRegularExpression::DotMatchesEverythingOption);
    QString s = statement;
    s.remove(comments);
    return !s.trimmed().isEmpty();
}

} // namespace

QStringList SqlSplitter::split(const QString& script)
{
    QStringList statements;
    const qsizetype n = script.size();
    qsizetype start = 0;
    qsizetype i = 0;
    auto flush = [&](qsizetype end) {
        const QString s = script.mid(start, end - start).trimmed();
        if (hasCode(s))
            statements << s;
        start = end + 1;
    };
    while (i < n) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();
        if (c == u'-' && next == u'-') {
            const qsizetype eol = script.indexOf(u'\n', i);
            i = eol < 0 ? n : eol + 1;
        } else if (c == u'/' && next == u'*') {
            int depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (script.at(i) == u'/' && i + 1 < n && script.at(i + 1) == u'*') {
                    ++depth;
                    i += 2;
                } else if (script.at(i) == u'*' && i + 1 < n && script.at(i + 1) == u'/') {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
        } else if (c == u'\'' || c == u'"') {
            const bool escapes =
                c == u'\'' && i > 0 && (script.at(i - 1) == u'E' || script.at(i - 1) == u'e');
            ++i;
            while (i < n) {
                if (escapes && script.at(i) == u'\\') {
                    i += 2;
                    continue;
                }
                if (script.at(i) == c) {
                    if (i + 1 < n && script.at(i + 1) == c) { // doubled quote
                        i += 2;
                        continue;
                    }
                    break;
                }
                ++i;
            }
            ++i;
        } else if (c == u'$') {
            static const QRegularExpression tag(u"\\$([A-Za-z_][A-Za-z0-9_]*)?\\$"_s);
            const auto m = tag.match(script, i, QRegularExpression::NormalMatch,
                                     QRegularExpression::AnchorAtOffsetMatchOption);
            const bool partOfIdentifier =
                i > 0 && (script.at(i - 1).isLetterOrNumber() || script.at(i - 1) == u'_');
            if (m.hasMatch() && !partOfIdentifier) {
                const QString delimiter = m.captured(0);
                const qsizetype close = script.indexOf(delimiter, i + delimiter.size());
                i = close < 0 ? n : close + delimiter.size();
            } else {
                ++i;
            }
        } else if (c == u';') {
            flush(i);
            ++i;
        } else {
            ++i;
        }
    }
    if (start < n)
        flush(n);
    return statements;
}
