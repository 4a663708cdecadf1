#include "AiProvider.h"

#include "ZodiacSign.h"

#include <QLocale>
#include <QTranslator>

using namespace Qt::Literals::StringLiterals;

QString AiProvider::defaultPromptTemplate()
{
    // The bot's audience reads Russian, whatever language the admin's desktop speaks.
    return u"Напиши гороскоп на {date} ({weekday}) для знака {sign_name}. "
           "3–5 предложений: общий настрой дня, любовь и отношения, работа и деньги, "
           "здоровье, короткий совет. Тёплый, живой тон, без повторов и без эмодзи. "
           "Ответь только текстом гороскопа."_s;
}

QString AiProvider::fillPrompt(const QString& templ, const QString& sign, const QDate& date)
{
    static const QStringList russianNames{u"Овен"_s,    u"Телец"_s,   u"Близнецы"_s, u"Рак"_s,
                                          u"Лев"_s,     u"Дева"_s,    u"Весы"_s,     u"Скорпион"_s,
                                          u"Стрелец"_s, u"Козерог"_s, u"Водолей"_s,  u"Рыбы"_s};
    const qsizetype i = ZodiacSign::keys().indexOf(sign);
    const QLocale russian(QLocale::Russian, QLocale::Russia);
    QString prompt = templ;
    prompt.replace(u"{sign_name}"_s, i >= 0 ? russianNames.at(i) : sign);
    prompt.replace(u"{sign}"_s, sign);
    prompt.replace(u"{date}"_s, russian.toString(date, u"d MMMM yyyy"_s));
    prompt.replace(u"{weekday}"_s, russian.dayName(date.dayOfWeek()));
    return prompt;
}
