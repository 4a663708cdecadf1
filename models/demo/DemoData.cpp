#include "DemoData.h"

#include "PgQuery.h"
#include "ZodiacSign.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <array>

using namespace Qt::Literals::StringLiterals;

namespace {

// FNV-1a: stable across runs and platforms, unlike qHash.
quint64 stableHash(const QString& text)
{
    quint64 h = 1469598103934665603ULL;
    for (const char c : text.toUtf8()) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

class Picker
{
public:
    explicit Picker(quint64 seed)
        : m_state(seed | 1)
    {}
    quint64 next()
    {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return m_state;
    }
    template <std::size_t N> QString from(const std::array<const char16_t*, N>& bank)
    {
        return QString::fromUtf16(bank[next() % N]);
    }

private:
    quint64 m_state;
};

constexpr std::array<const char16_t*, 12> kOpenings{
    u"Сегодня звёзды на вашей стороне.",
    u"День начнётся спокойно, но к обеду всё ускорится.",
    u"Луна в гармоничном аспекте обещает ясность мыслей.",
    u"Утро подходит для того, чтобы навести порядок в делах.",
    u"Венера благоволит смелым решениям.",
    u"Этот день лучше провести без суеты.",
    u"Марс добавит энергии, главное — направить её в нужное русло.",
    u"Сегодня интуиция подскажет больше, чем логика.",
    u"Звёзды советуют не торопиться с выводами.",
    u"День обещает приятные неожиданности.",
    u"Меркурий помогает договориться даже с самыми упрямыми.",
    u"Настроение будет переменчивым, как весенняя погода.",
};
constexpr std::array<const char16_t*, 10> kLove{
    u"В личной жизни возможен откровенный разговор, который многое прояснит.",
    u"Близкий человек ждёт от вас внимания — найдите для него время.",
    u"Одиноким представителям знака стоит принять приглашение на встречу.",
    u"Не спорьте из-за мелочей: сегодня важнее мир в доме.",
    u"Романтический вечер сложится удачно, если вы проявите инициативу.",
    u"Старый друг может напомнить о себе неожиданным сообщением.",
    u"Партнёр оценит вашу заботу, даже если не скажет об этом вслух.",
    u"Чувства станут ярче, но не давайте обещаний сгоряча.",
    u"В отношениях наступает время для общих планов.",
    u"Прислушайтесь к словам близких: в них есть подсказка.",
};
constexpr std::array<const char16_t*, 10> kWork{
    u"На работе удастся закрыть давно отложенную задачу.",
    u"Коллеги поддержат вашу идею, если вы изложите её коротко и ясно.",
    u"Финансовые вопросы лучше отложить до конца недели.",
    u"Руководство заметит ваши старания — не скромничайте.",
    u"Хороший день для переговоров и подписания договоров.",
    u"Не берите на себя чужие обязанности, своих хватает.",
    u"Небольшая покупка принесёт больше радости, чем ожидалось.",
    u"Новая информация заставит пересмотреть привычный план.",
    u"Сосредоточьтесь на одном деле, и результат не заставит себя ждать.",
    u"Возможна подработка или выгодное предложение от знакомых.",
};
constexpr std::array<const char16_t*, 8> kHealth{
    u"Прогулка на свежем воздухе вернёт силы.",
    u"Позаботьтесь о режиме сна: организм скажет спасибо.",
    u"Лёгкая зарядка утром задаст тон всему дню.",
    u"Не переедайте на ночь — утро будет бодрее.",
    u"Выпейте больше воды и сделайте паузу от экрана.",
    u"Вечером полезно побыть в тишине.",
    u"Хорошее время для того, чтобы начать новую спортивную привычку.",
    u"Берегите горло и не пренебрегайте шарфом.",
};
constexpr std::array<const char16_t*, 10> kAdvice{
    u"Совет дня: доверяйте первому впечатлению.",
    u"Совет дня: сделайте то, что давно откладывали.",
    u"Совет дня: скажите «нет» тому, что отнимает силы.",
    u"Совет дня: улыбнитесь незнакомцу — это вернётся.",
    u"Совет дня: запишите мысли, пришедшие перед сном.",
    u"Совет дня: не сравнивайте себя с другими.",
    u"Совет дня: порадуйте себя чем-то небольшим.",
    u"Совет дня: перепроверьте важные документы.",
    u"Совет дня: позвоните родителям.",
    u"Совет дня: оставьте вечер свободным.",
};
constexpr std::array<const char16_t*, 8> kLucky{
    u"Счастливый цвет — синий.",
    u"Счастливое число — 7.",
    u"Талисман дня — серебряное украшение.",
    u"Счастливый цвет — изумрудный.",
    u"Счастливое число — 3.",
    u"Удачное время — после 18:00.",
    u"Счастливый цвет — терракотовый.",
    u"Удачное время — раннее утро.",
};

} // namespace

QString DemoData::horoscopeText(const QString& sign, const QDate& date)
{
    Picker pick(stableHash(sign + u'|' + date.toString(Qt::ISODate)));
    QStringList parts;
    parts << pick.from(kOpenings);
    // Two to five middle sentences, in a varying order, so no two days read alike.
    const int middle = 2 + static_cast<int>(pick.next() % 4);
    for (int i = 0; i < middle; ++i) {
        switch (pick.next() % 3) {
        case 0:
            parts << pick.from(kLove);
            break;
        case 1:
            parts << pick.from(kWork);
            break;
        default:
            parts << pick.from(kHealth);
            break;
        }
    }
    parts.removeDuplicates();
    if (pick.next() % 3 != 0)
        parts << pick.from(kAdvice);
    QString text = parts.join(u' ');
    if (pick.next() % 2 == 0)
        text += u"\n\n"_s + pick.from(kLucky);
    return text;
}

bool DemoData::fill(QSqlDatabase& db, const QDate& today, int days, QString* error)
{
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    PgQuery insert(db);
    insert.prepare(u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content, "
                   "generated_at) VALUES (?, ?, ?, ?::date - interval '1 day' + "
                   "make_interval(hours => ?, mins => ?)) "
                   "ON CONFLICT ON CONSTRAINT uq_horoscope_cache_sign_date DO NOTHING"_s);
    for (int d = days - 1; d >= 0; --d) {
        const QDate date = today.addDays(-d);
        for (const QString& sign : ZodiacSign::keys()) {
            const quint64 h = stableHash(sign + date.toString(Qt::ISODate));
            insert.addBindValue(sign);
            insert.addBindValue(date);
            insert.addBindValue(horoscopeText(sign, date));
            insert.addBindValue(date);
            insert.addBindValue(static_cast<int>(21 + h % 3));
            insert.addBindValue(static_cast<int>(h % 60));
            if (!insert.exec()) {
                *error = insert.lastError().text();
                db.rollback();
                return false;
            }
        }
    }
    // Views: popularity per sign, more on weekends, a slow upward trend, noise, and a few
    // days without a row (the bot had no readers of that sign, or was down).
    PgQuery views(db);
    views.prepare(uR"sql(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT s.sign, d::date,
               greatest(0, round(
                   s.base
                   * (CASE extract(isodow FROM d) WHEN 6 THEN 1.35 WHEN 7 THEN 1.45
                                                  WHEN 1 THEN 0.9 ELSE 1.0 END)
                   * (1 + 0.004 * (d::date - (?::date - ?::int)))
                   + (abs(hashtext(s.sign || d::date::text)) % 41) - 20))::int
        FROM (VALUES ('aries', 140), ('taurus', 120), ('gemini', 155), ('cancer', 110),
                     ('leo', 190), ('virgo', 125), ('libra', 135), ('scorpio', 175),
                     ('sagittarius', 105), ('capricorn', 95), ('aquarius', 115),
                     ('pisces', 150)) AS s(sign, base),
             generate_series(?::date - (?::int - 1), ?::date, interval '1 day') AS d
        WHERE abs(hashtext('gap' || s.sign || d::date::text)) % 53 <> 0
        ON CONFLICT ON CONSTRAINT uq_horoscope_views_sign_date DO NOTHING
    )sql"_s);
    views.addBindValue(today);
    views.addBindValue(days);
    views.addBindValue(today);
    views.addBindValue(days);
    views.addBindValue(today);
    if (!views.exec()) {
        *error = views.lastError().text();
        db.rollback();
        return false;
    }
    // A few texts an editor shortened by hand (the lucky line cut), so "corrected" and the
    // history have something to show. Idempotent: a cut text has no lucky line left.
    QSqlQuery corrections(db);
    if (!corrections.exec(uR"sql(
            UPDATE horoscope_cache
            SET content = regexp_replace(content, E'\n\n.*$', '')
            WHERE abs(hashtext('edit' || zodiac_sign || horoscope_date::text)) % 23 = 0
              AND content LIKE E'%\n\n%'
        )sql"_s)) {
        *error = corrections.lastError().text();
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        *error = db.lastError().text();
        return false;
    }
    return true;
}
