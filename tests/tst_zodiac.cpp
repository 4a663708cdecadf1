#include "ZodiacSign.h"

#include <QCoreApplication>
#include <QTest>
#include <QTranslator>

using namespace Qt::Literals::StringLiterals;

class TestZodiac : public QObject
{
    Q_OBJECT
private slots:
    void twelveSignsInOrder();
    void displaysGlyphAndName();
    void unknownValueShownAsIs();
    void russianNames();
};

void TestZodiac::twelveSignsInOrder()
{
    QCOMPARE(ZodiacSign::keys().size(), 12);
    QCOMPARE(ZodiacSign::keys().first(), u"aries"_s);
    QCOMPARE(ZodiacSign::keys().last(), u"pisces"_s);
}

void TestZodiac::displaysGlyphAndName()
{
    QVERIFY(ZodiacSign::display(u"aries"_s).startsWith(QChar(0x2648)));
    QVERIFY(ZodiacSign::display(u"aries"_s).endsWith(u"Aries"));
    QCOMPARE(ZodiacSign::localizedName(u"scorpio"_s), u"Scorpio"_s);
}

void TestZodiac::unknownValueShownAsIs()
{
    QVERIFY(!ZodiacSign::isKnown(u"ophiuchus"_s));
    QCOMPARE(ZodiacSign::display(u"ophiuchus"_s), u"ophiuchus"_s);
    QCOMPARE(ZodiacSign::display(u"Aries "_s), u"Aries "_s);
    QCOMPARE(ZodiacSign::display(QString()), QString());
    QCOMPARE(ZodiacSign::glyph(u"ophiuchus"_s), QString());
}

void TestZodiac::russianNames()
{
    QTranslator ru;
    QVERIFY(ru.load(u":/i18n/horoscope-admin_ru.qm"_s));
    QCoreApplication::installTranslator(&ru);
    QCOMPARE(ZodiacSign::localizedName(u"aries"_s), u"Овен"_s);
    QVERIFY(ZodiacSign::display(u"pisces"_s).endsWith(u"Рыбы"));
    QCoreApplication::removeTranslator(&ru);
}

QTEST_GUILESS_MAIN(TestZodiac)
#include "tst_zodiac.moc"
