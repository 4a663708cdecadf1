<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Horoscope Admin</source>
        <translation>О программе Horoscope Admin</translation>
    </message>
    <message>
        <source>Browse, correct and regenerate the horoscope bot&apos;s cached horoscopes, watch view trends and run migrations.</source>
        <translation>Просмотр, исправление и повторная генерация кэшированных гороскопов бота, отслеживание динамики просмотров и выполнение миграций.</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Версия:</translation>
    </message>
    <message>
        <source>%1 (Qt %2)</source>
        <translation>%1 (Qt %2)</translation>
    </message>
    <message>
        <source>Licence:</source>
        <translation>Лицензия:</translation>
    </message>
    <message>
        <source>MIT License. Free to use, copy, change and share; no warranty.</source>
        <translation>Лицензия MIT. Можно свободно использовать, копировать, изменять и распространять; без гарантий.</translation>
    </message>
    <message>
        <source>PostgreSQL server:</source>
        <translation>Сервер PostgreSQL:</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>нет подключения</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>Настройки:</translation>
    </message>
    <message>
        <source>Demo database:</source>
        <translation>Демонстрационная база данных:</translation>
    </message>
</context>
<context>
    <name>Accessibility</name>
    <message>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
</context>
<context>
    <name>AiProviderFactory</name>
    <message>
        <source>Unknown AI provider &quot;%1&quot;. Use demo or openai.</source>
        <translation>Неизвестный поставщик ИИ &quot;%1&quot;. Укажите demo или openai.</translation>
    </message>
    <message>
        <source>The AI provider address &quot;%1&quot; is not an http(s) URL such as https://api.openai.com/v1.</source>
        <translation>Адрес поставщика ИИ &quot;%1&quot; не является URL http(s) вида https://api.openai.com/v1.</translation>
    </message>
</context>
<context>
    <name>AiSettingsDialog</name>
    <message>
        <source>AI provider</source>
        <translation>Поставщик ИИ</translation>
    </message>
    <message>
        <source>Demo texts (offline, not an AI)</source>
        <translation>Демо-тексты (офлайн, не ИИ)</translation>
    </message>
    <message>
        <source>OpenAI-compatible service</source>
        <translation>Сервис, совместимый с OpenAI</translation>
    </message>
    <message>
        <source>leave empty to keep the saved key</source>
        <translation>оставьте пустым, чтобы не менять сохранённый ключ</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Placeholders: {sign}, {sign_name}, {date}, {weekday}</source>
        <translation>Подстановки: {sign}, {sign_name}, {date}, {weekday}</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>Поставщик:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Модель:</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API-ключ:</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Температура:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Тайм-аут:</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Промпт:</translation>
    </message>
    <message>
        <source>The address must be an http(s) URL such as https://api.openai.com/v1.</source>
        <translation>Адрес должен быть URL http(s) вида https://api.openai.com/v1.</translation>
    </message>
    <message>
        <source>Set the key in HOROSCOPE_AI_API_KEY instead.</source>
        <translation>Вместо этого задайте ключ в переменной окружения HOROSCOPE_AI_API_KEY.</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>Horoscope Admin</source>
        <translation>Horoscope Admin</translation>
    </message>
    <message>
        <source>The migration files are broken: %1</source>
        <translation>Файлы миграций повреждены: %1</translation>
    </message>
    <message>
        <source>Starting the demo database…</source>
        <translation>Запуск демонстрационной базы данных…</translation>
    </message>
    <message>
        <source>The demo database could not start:
%1

The server log is in %2.</source>
        <translation>Не удалось запустить демонстрационную базу данных:
%1

Журнал сервера: %2.</translation>
    </message>
</context>
<context>
    <name>CommandConnection</name>
    <message>
        <source>Could not start the demo database: %1</source>
        <translation>Не удалось запустить демонстрационную базу данных: %1</translation>
    </message>
    <message>
        <source>The server at %1 stopped answering: no reply for %2 s (the statement timeout plus %3 s; --statement-timeout changes it). Check the network path, any pooler or proxy in between, and the load on the server.</source>
        <translation>Сервер %1 перестал отвечать: нет ответа %2 с (тайм-аут оператора плюс %3 с; тайм-аут задаётся параметром --statement-timeout). Проверьте сеть, пулер соединений или прокси между клиентом и сервером (если они есть) и нагрузку на сервер.</translation>
    </message>
    <message>
        <source>The connection to the database was lost (%1). Run the command again when the server is back.</source>
        <translation>Подключение к базе данных потеряно (%1). Запустите команду снова, когда сервер станет доступен.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>причина не указана</translation>
    </message>
    <message>
        <source>The server at %1 stopped answering while the connection was being set up (no reply within %2 s). Check the network path, any pooler or proxy in between, and the load on the server.</source>
        <translation>Сервер %1 перестал отвечать во время установки подключения (нет ответа в течение %2 с). Проверьте сеть, пулер соединений или прокси между клиентом и сервером (если они есть) и нагрузку на сервер.</translation>
    </message>
    <message>
        <source>The standby is unreachable (%1); reading from the primary.</source>
        <translation>Реплика недоступна (%1); чтение с основного сервера.</translation>
    </message>
    <message>
        <source>The server stopped a statement after %1 s: the statement_timeout set %2 is lower than this command&apos;s %3 s, and it was kept. Narrow the request, or allow more with --statement-timeout.</source>
        <translation>Сервер остановил оператор через %1 с: statement_timeout, заданный %2, меньше, чем %3 с этой команды, и он сохранён. Сузьте запрос или разрешите больше с помощью --statement-timeout.</translation>
    </message>
    <message>
        <source>A statement ran longer than this command&apos;s --statement-timeout of %1 s and was stopped. Narrow the request, or raise --statement-timeout.</source>
        <translation>Оператор выполнялся дольше, чем --statement-timeout этой команды (%1 с), и был остановлен. Сузьте запрос или увеличьте --statement-timeout.</translation>
    </message>
    <message>
        <source>%1 It waited longer than the lock timeout (%2 s) set %3; --lock-timeout waits longer.</source>
        <translation>%1 Ожидание длилось дольше тайм-аута блокировки (%2 с), заданного %3; с --lock-timeout можно ждать дольше.</translation>
    </message>
    <message>
        <source>%1 It waited longer than the lock timeout (%2 s); --lock-timeout waits longer.</source>
        <translation>%1 Ожидание длилось дольше тайм-аута блокировки (%2 с); с --lock-timeout можно ждать дольше.</translation>
    </message>
    <message>
        <source>for your role</source>
        <translation>для вашей роли</translation>
    </message>
    <message>
        <source>for this database</source>
        <translation>для этой базы данных</translation>
    </message>
    <message>
        <source>in the server&apos;s configuration</source>
        <translation>в конфигурации сервера</translation>
    </message>
    <message>
        <source>Interrupted (%1); the server did not answer the cancel within %2 s, so the statement may go on there until its statement timeout. Check the server&apos;s load and the network path.</source>
        <translation>Прервано (%1); сервер не ответил на отмену за %2 с, поэтому запрос может продолжаться там до истечения его statement timeout. Проверьте нагрузку на сервер и сетевой путь до него.</translation>
    </message>
    <message>
        <source>Interrupted (%1); the statement running on the server was cancelled.</source>
        <translation>Прервано (%1); выполнявшийся на сервере запрос отменён.</translation>
    </message>
    <message>
        <source>Warning: a password given with --database-url is visible to every user of this machine (ps). Use --database-url-file, $DATABASE_URL, PGPASSWORD or ~/.pgpass instead.</source>
        <translation>Внимание: пароль, указанный в --database-url, виден всем пользователям этого компьютера (ps). Используйте вместо этого --database-url-file, $DATABASE_URL, PGPASSWORD или ~/.pgpass.</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Use the embedded demo database: a private PostgreSQL server in your data directory, filled with sample horoscopes and view counts.</source>
        <translation>Использовать встроенную демонстрационную базу данных: собственный сервер PostgreSQL в вашем каталоге данных с примерами гороскопов и счётчиков просмотров.</translation>
    </message>
    <message>
        <source>Language of the interface: en, ru or system.</source>
        <translation>Язык интерфейса: en, ru или system.</translation>
    </message>
    <message>
        <source>migrate up/down: print the SQL that would run; change nothing.</source>
        <translation>migrate up/down: вывести SQL, который был бы выполнен, ничего не изменяя.</translation>
    </message>
    <message>
        <source>Run horoscope-admin --help for the options.</source>
        <translation>Список параметров: horoscope-admin --help.</translation>
    </message>
    <message>
        <source>Use either --demo or --database-url, not both.</source>
        <translation>Укажите либо --demo, либо --database-url, но не оба сразу.</translation>
    </message>
    <message>
        <source>--from must not be after --to.</source>
        <translation>Дата в --from не может быть позже даты в --to.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Показать эту справку и выйти.</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>Показать версию и выйти.</translation>
    </message>
    <message>
        <source>regenerate: the day, as YYYY-MM-DD.</source>
        <translation>regenerate: день в формате YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>regenerate: demo (offline texts) or openai (any OpenAI-compatible service; the key comes from HOROSCOPE_AI_API_KEY or OPENAI_API_KEY). Default: the one chosen in the settings.</source>
        <translation>regenerate: demo (офлайн-тексты) или openai (любой сервис, совместимый с OpenAI; ключ берётся из HOROSCOPE_AI_API_KEY или OPENAI_API_KEY). По умолчанию: поставщик, выбранный в настройках.</translation>
    </message>
    <message>
        <source>regenerate: the OpenAI-compatible endpoint, up to /v1.</source>
        <translation>regenerate: адрес API, совместимого с OpenAI, до /v1 включительно.</translation>
    </message>
    <message>
        <source>regenerate: the model name.</source>
        <translation>regenerate: название модели.</translation>
    </message>
    <message>
        <source>regenerate: write the new texts. Without it they are only printed.</source>
        <translation>regenerate: записать новые тексты. Без этого параметра они только выводятся.</translation>
    </message>
    <message>
        <source>regenerate needs --sign with a sign key (aries … pisces) or all.</source>
        <translation>Для regenerate нужно указать в --sign ключ знака (aries … pisces) или all.</translation>
    </message>
    <message>
        <source>the window (no command)</source>
        <translation>окно (без команды)</translation>
    </message>
    <message>
        <source>The window: open the saved connection profile &lt;name&gt;.</source>
        <translation>Окно: открыть сохранённый профиль подключения &lt;name&gt;.</translation>
    </message>
    <message>
        <source>The window and migrate: read migrations from &lt;dir&gt; instead of the ones built into the app.</source>
        <translation>Окно и migrate: читать миграции из &lt;dir&gt; вместо встроенных в приложение.</translation>
    </message>
    <message>
        <source>Commands: give up when a row or table lock is not granted within &lt;seconds&gt; (decimals allowed; default 5). migrate: one attempt at a DDL lock (default 0.05), retried within --lock-wait.</source>
        <translation>Команды: прекратить ожидание, если блокировка строки или таблицы не получена за &lt;seconds&gt; (можно с дробной частью; по умолчанию 5). migrate: одна попытка получить блокировку для DDL (по умолчанию 0.05), повторяется в пределах --lock-wait.</translation>
    </message>
    <message>
        <source>migrate up/down: wait up to &lt;seconds&gt; for another migration runner and for busy tables (default 30, at most 86400).</source>
        <translation>migrate up/down: ждать другой процесс миграций и освобождения занятых таблиц не дольше &lt;seconds&gt; (по умолчанию 30, не больше 86400).</translation>
    </message>
    <message>
        <source>migrate down: roll back even migrations whose tables still hold rows (they are lost).</source>
        <translation>migrate down: откатывать и миграции, в таблицах которых ещё есть строки (они будут потеряны).</translation>
    </message>
    <message>
        <source>migrate up: create the bot&apos;s own tables (horoscope_cache, horoscope_views) when they are missing.</source>
        <translation>migrate up: создать собственные таблицы бота (horoscope_cache, horoscope_views), если их нет.</translation>
    </message>
    <message>
        <source>The option --%1 is given more than once; give it once.</source>
        <translation>Параметр --%1 указан несколько раз; укажите его один раз.</translation>
    </message>
    <message>
        <source>The option --%1 does not apply to %2; it is for %3.</source>
        <translation>Параметр --%1 не относится к вызову «%2»; он предназначен для: %3.</translation>
    </message>
    <message>
        <source>--%1 needs a date as YYYY-MM-DD, such as 2026-11-28; &quot;%2&quot; is not one.</source>
        <translation>Для --%1 нужна дата в формате YYYY-MM-DD, например 2026-11-28, а не «%2».</translation>
    </message>
    <message>
        <source>--%1 needs a number of seconds above 0 and at most %2, such as 5 or 0.5; &quot;%3&quot; is not one.</source>
        <translation>Для --%1 нужно число секунд больше 0 и не больше %2, например 5 или 0.5, а не «%3».</translation>
    </message>
    <message>
        <source>--lock-wait needs a whole number of seconds from 0 to %1, such as 30; &quot;%2&quot; is not one.</source>
        <translation>Для --lock-wait нужно целое число секунд от 0 до %1, например 30, а не «%2».</translation>
    </message>
    <message>
        <source>--to needs a migration id such as 0002 (down --to 0 rolls back all); &quot;%1&quot; is not one.</source>
        <translation>Для --to нужен ID миграции, например 0002 (down --to 0 откатывает все), а не «%1».</translation>
    </message>
    <message>
        <source>migrate up --to needs the id of a migration, such as 0002; to roll back everything use migrate down --to 0.</source>
        <translation>Для migrate up --to нужен ID миграции, например 0002; чтобы откатить все миграции, используйте migrate down --to 0.</translation>
    </message>
    <message>
        <source>regenerate needs --date as YYYY-MM-DD, such as --date 2026-11-28.</source>
        <translation>Для regenerate нужен --date в формате YYYY-MM-DD, например --date 2026-11-28.</translation>
    </message>
    <message>
        <source>--provider must be demo or openai; &quot;%1&quot; is neither.</source>
        <translation>Значение --provider должно быть demo или openai, а не «%1».</translation>
    </message>
    <message>
        <source>--bucket must be day, week or month; &quot;%1&quot; is none of them.</source>
        <translation>Значение --bucket должно быть day, week или month, а не «%1».</translation>
    </message>
    <message>
        <source>--format must be csv or json; &quot;%1&quot; is neither.</source>
        <translation>Значение --format должно быть csv или json, а не «%1».</translation>
    </message>
    <message>
        <source>views export gives at most %1 buckets per sign; %2 to %3 by %4 is %5. Use --bucket week or month, or a shorter range.</source>
        <translation>views export выдаёт не больше %1 интервалов на знак, а с %2 по %3 с шагом %4 их получается %5. Используйте --bucket week или month либо более короткий диапазон.</translation>
    </message>
    <message>
        <source>Commands: the server cancels a statement that runs longer than &lt;seconds&gt; (default 60; migrate up/down: 900, for indexes built on large tables; decimals allowed). A server that leaves a request unanswered 5 seconds longer than that is given up on.</source>
        <translation>Команды: сервер отменяет оператор, который выполняется дольше &lt;seconds&gt; (по умолчанию 60; migrate up/down: 900 — для индексов на больших таблицах; можно с дробной частью). Если сервер не отвечает на запрос ещё 5 секунд сверх этого, команда перестаёт его ждать.</translation>
    </message>
    <message>
        <source>views export, horoscopes list: csv or json.</source>
        <translation>views export, horoscopes list: csv или json.</translation>
    </message>
    <message>
        <source>regenerate: the sign (aries … pisces) or all. horoscopes list: only that sign.</source>
        <translation>regenerate: знак (aries … pisces) или all. horoscopes list: только этот знак.</translation>
    </message>
    <message>
        <source>horoscopes list: only texts that contain &lt;text&gt;, in any case; % _ \ match themselves.</source>
        <translation>horoscopes list: только тексты, содержащие &lt;text&gt;, без учёта регистра; % _ \ означают сами себя.</translation>
    </message>
    <message>
        <source>horoscopes list: date (default), sign, text, length or generated.</source>
        <translation>horoscopes list: date (по умолчанию), sign, text, length или generated.</translation>
    </message>
    <message>
        <source>horoscopes list: ascending order.</source>
        <translation>horoscopes list: по возрастанию.</translation>
    </message>
    <message>
        <source>horoscopes list: descending order (the default).</source>
        <translation>horoscopes list: по убыванию (по умолчанию).</translation>
    </message>
    <message>
        <source>horoscopes list: at most &lt;n&gt; rows (default 100).</source>
        <translation>horoscopes list: не более &lt;n&gt; строк (по умолчанию 100).</translation>
    </message>
    <message>
        <source>migrate up/down: stop at migration &lt;id&gt; (down --to 0 rolls back all). views export and chart, horoscopes list: the last day, as YYYY-MM-DD.</source>
        <translation>migrate up/down: остановиться на миграции &lt;id&gt; (down --to 0 откатывает все). views export и chart, horoscopes list: последний день в формате YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>views export and chart, horoscopes list: the first day, as YYYY-MM-DD.</source>
        <translation>views export и chart, horoscopes list: первый день в формате YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>views export and chart: day, week (ISO, Monday start) or month.</source>
        <translation>views export и chart: day, week (ISO, с понедельника) или month.</translation>
    </message>
    <message>
        <source>views chart: the signs to draw, comma-separated keys such as aries,leo. Default: all.</source>
        <translation>views chart: знаки для графика, ключи через запятую, например aries,leo. По умолчанию все.</translation>
    </message>
    <message>
        <source>views chart: lines, small-multiples (one chart per sign, same scale) or share (each sign&apos;s share of the total).</source>
        <translation>views chart: lines, small-multiples (график на каждый знак, один масштаб) или share (доля каждого знака от общего).</translation>
    </message>
    <message>
        <source>views chart: the PNG file to write.</source>
        <translation>views chart: PNG-файл для записи.</translation>
    </message>
    <message>
        <source>views chart: the picture&apos;s size in pixels, WIDTHxHEIGHT.</source>
        <translation>views chart: размер картинки в пикселях, ШИРИНАxВЫСОТА.</translation>
    </message>
    <message>
        <source>Horoscope Admin: the desktop tool for the horoscope bot&apos;s PostgreSQL database.

Without a command it opens the window. Commands for scripts:
  migrate status     each migration and its state (applied, pending, drifted, adopted)
  migrate up         apply pending migrations [--to ID] [--dry-run] [--create-bot-tables]
  migrate down       roll back the last migration [--to ID] [--dry-run] [--accept-data-loss]
  migrate history    applied migrations: when, by whom, how long
  views export       views per sign, aggregated and zero-filled as the chart shows them:
                     --from DATE --to DATE [--bucket day|week|month] [--format csv|json]
                     (at most 10000 buckets: a longer range needs week or month)
  views chart        the trends chart as a PNG, drawn without a display:
                     --from DATE --to DATE [--bucket day|week|month] [--signs LIST]
                     [--kind lines|small-multiples|share] --out FILE.png [--size WxH]
  regenerate         new texts from the AI provider, printed for review:
                     --sign SIGN|all --date DATE [--provider NAME] [--yes]
  horoscopes list    the browser&apos;s rows, in its order: [--sign SIGN] [--from DATE]
                     [--to DATE] [--search TEXT] [--sort date|sign|text|length|generated]
                     [--asc|--desc] [--limit N] [--format csv|json]
Every command takes --statement-timeout and --lock-timeout; an option that does
not belong to the command is refused. Dates are YYYY-MM-DD.

Exit status: 0 on success; 1 when the command failed (one line on stderr says
why); 2 for wrong usage. Progress lines appear only when stderr is a terminal;
HA_DEBUG=1 also shows them, the server&apos;s notices and Qt&apos;s warnings.</source>
        <translation>Horoscope Admin: настольный инструмент для базы данных PostgreSQL бота гороскопов.

Без команды открывает окно. Команды для скриптов:
  migrate status     каждая миграция и её состояние (применена, ожидает, изменена, принята)
  migrate up         применить ожидающие миграции [--to ID] [--dry-run] [--create-bot-tables]
  migrate down       откатить последнюю миграцию [--to ID] [--dry-run] [--accept-data-loss]
  migrate history    применённые миграции: когда, кем, сколько длилось
  views export       просмотры по знакам, по интервалам и с нулями, как на графике:
                     --from DATE --to DATE [--bucket day|week|month] [--format csv|json]
                     (не больше 10000 интервалов: для длинного диапазона — week или month)
  views chart        график динамики в PNG, рисуется без дисплея:
                     --from DATE --to DATE [--bucket day|week|month] [--signs LIST]
                     [--kind lines|small-multiples|share] --out FILE.png [--size WxH]
  regenerate         новые тексты от поставщика ИИ, выводятся для проверки:
                     --sign SIGN|all --date DATE [--provider NAME] [--yes]
  horoscopes list    строки обозревателя в его порядке: [--sign SIGN] [--from DATE]
                     [--to DATE] [--search TEXT] [--sort date|sign|text|length|generated]
                     [--asc|--desc] [--limit N] [--format csv|json]
Каждая команда принимает --statement-timeout и --lock-timeout; параметр, который
не относится к команде, отклоняется. Даты указываются в формате YYYY-MM-DD.

Код выхода: 0 — успех; 1 — команда не выполнена (причина — одной строкой в stderr);
2 — неверный вызов. Сообщения о ходе работы выводятся, только если stderr — терминал;
HA_DEBUG=1 показывает их, а также уведомления сервера и предупреждения Qt.</translation>
    </message>
    <message>
        <source>migrate status|up|down|history, views export|chart, regenerate, or horoscopes list</source>
        <translation>migrate status|up|down|history, views export|chart, regenerate или horoscopes list</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Commands: migrate status|up|down|history, views export|chart, regenerate, horoscopes list. Run horoscope-admin --help.</source>
        <translation>Неизвестная команда «%1». Команды: migrate status|up|down|history, views export|chart, regenerate, horoscopes list. Справка: horoscope-admin --help.</translation>
    </message>
    <message>
        <source>%1 needs --from and --to as YYYY-MM-DD, such as --from 2026-01-01 --to 2026-01-31.</source>
        <translation>%1 требует --from и --to в формате YYYY-MM-DD, например --from 2026-01-01 --to 2026-01-31.</translation>
    </message>
    <message>
        <source>--signs takes sign keys separated by commas, such as aries,leo; &quot;%1&quot; is not a sign.</source>
        <translation>--signs принимает ключи знаков через запятую, например aries,leo; «%1» — не знак.</translation>
    </message>
    <message>
        <source>--signs needs at least one sign key, such as aries,leo.</source>
        <translation>--signs требует хотя бы один ключ знака, например aries,leo.</translation>
    </message>
    <message>
        <source>--kind must be lines, small-multiples or share; &quot;%1&quot; is none of them.</source>
        <translation>--kind должен быть lines, small-multiples или share; «%1» не подходит.</translation>
    </message>
    <message>
        <source>views chart needs --out with a file name ending in .png, such as --out trends.png.</source>
        <translation>views chart требует --out с именем файла на .png, например --out trends.png.</translation>
    </message>
    <message>
        <source>--size needs WIDTHxHEIGHT in pixels, each from %1 to %2, such as 1600x1000; &quot;%3&quot; is not one.</source>
        <translation>--size требует ШИРИНАxВЫСОТА в пикселях, каждое от %1 до %2, например 1600x1000; «%3» не подходит.</translation>
    </message>
    <message>
        <source>Connect to &lt;url&gt;: postgresql://user:password@host:5432/db, an SQLAlchemy URL (postgresql+asyncpg://…, postgresql+psycopg2://…) or a libpq string (&quot;host=… dbname=…&quot;). Default: $DATABASE_URL; without either, libpq&apos;s PG* variables, service= and ~/.pgpass apply. A password here is visible to every user of the machine (ps): put it in --database-url-file, $DATABASE_URL, PGPASSWORD or ~/.pgpass instead.</source>
        <translation>Подключиться к &lt;url&gt;: postgresql://user:password@host:5432/db, URL SQLAlchemy (postgresql+asyncpg://…, postgresql+psycopg2://…) или строка libpq (&quot;host=… dbname=…&quot;). По умолчанию: $DATABASE_URL; без них действуют переменные PG* libpq, service= и ~/.pgpass. Пароль здесь виден всем пользователям компьютера (ps): укажите его в --database-url-file, $DATABASE_URL, PGPASSWORD или ~/.pgpass.</translation>
    </message>
    <message>
        <source>Read the URL from the first line of &lt;file&gt; (mode 0600), so that its password stays out of the process list.</source>
        <translation>Прочитать URL из первой строки файла &lt;file&gt; (права 0600), чтобы пароль не попадал в список процессов.</translation>
    </message>
    <message>
        <source>Use only one of --demo, --database-url and --database-url-file.</source>
        <translation>Укажите только одно из --demo, --database-url и --database-url-file.</translation>
    </message>
    <message>
        <source>views chart draws at most %1 points per sign; %2 to %3 by %4 is %5. Use --bucket week or month, or a shorter range.</source>
        <translation>views chart рисует не более %1 точек на знак; с %2 по %3 с шагом %4 — это %5. Используйте --bucket week или month либо более короткий диапазон.</translation>
    </message>
    <message>
        <source>Could not read --database-url-file %1: %2.</source>
        <translation>Не удалось прочитать --database-url-file %1: %2.</translation>
    </message>
    <message>
        <source>The file %1 (--database-url-file) has no URL on its first line.</source>
        <translation>В первой строке файла %1 (--database-url-file) нет URL.</translation>
    </message>
</context>
<context>
    <name>CommandOutput</name>
    <message>
        <source>Could not write the output: %1. The result is incomplete; check the free space where it goes, or the program it is piped to, and run the command again.</source>
        <translation>Не удалось записать вывод: %1. Результат неполон; проверьте свободное место там, куда он пишется, или программу, которой он передаётся, и запустите команду снова.</translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message>
        <source>Type the database name, %1, to confirm:</source>
        <translation>Для подтверждения введите имя базы данных (%1):</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Someone else changed this horoscope</source>
        <translation>Этот гороскоп изменил кто-то другой</translation>
    </message>
    <message>
        <source>Go back to your text; the next save compares with their version.</source>
        <translation>Вернуться к вашему тексту; при следующем сохранении он будет сравниваться с их версией.</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>(ничего)</translation>
    </message>
    <message>
        <source>(space)</source>
        <translation>(пробел)</translation>
    </message>
    <message>
        <source>While you were editing, this horoscope was deleted%1. Your text is safe: put it back with your text, or drop your changes.</source>
        <translation>Пока вы редактировали, этот гороскоп был удалён%1. Ваш текст цел: верните гороскоп с вашим текстом или отбросьте свои изменения.</translation>
    </message>
    <message>
        <source>While you were editing, this horoscope was changed%1. Nothing has been overwritten.</source>
        <translation>Пока вы редактировали, этот гороскоп был изменён%1. Ничего не перезаписано.</translation>
    </message>
    <message>
        <source>Your changes and theirs touch different words: the merged text below has both.</source>
        <translation>Ваши и чужие изменения касаются разных слов: в объединённом тексте ниже есть и те, и другие.</translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) were changed by both of you: choose whose words to keep for each, or edit the merged text.</source>
        <translation>
            <numerusform>%n место изменили вы оба: выберите, чьи слова оставить в каждом, или поправьте объединённый текст.</numerusform>
            <numerusform>%n места изменили вы оба: выберите, чьи слова оставить в каждом, или поправьте объединённый текст.</numerusform>
            <numerusform>%n мест изменили вы оба: выберите, чьи слова оставить в каждом, или поправьте объединённый текст.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) in all.</source>
        <translation>
            <numerusform>Всего %n различие.</numerusform>
            <numerusform>Всего %n различия.</numerusform>
            <numerusform>Всего %n различий.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your changes</source>
        <translation>Ваши изменения</translation>
    </message>
    <message>
        <source>Their changes</source>
        <translation>Чужие изменения</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Было</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Ваше</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>Чужое</translation>
    </message>
    <message>
        <source>In the merge</source>
        <translation>В объединении</translation>
    </message>
    <message>
        <source>Use &amp;Yours</source>
        <translation>&amp;Взять ваше</translation>
    </message>
    <message>
        <source>Use &amp;Theirs</source>
        <translation>Взять &amp;чужое</translation>
    </message>
    <message>
        <source>Take your words for the selected differences</source>
        <translation>Взять ваши слова для выбранных различий</translation>
    </message>
    <message>
        <source>Take their words for the selected differences</source>
        <translation>Взять чужие слова для выбранных различий</translation>
    </message>
    <message>
        <source>&amp;Differences</source>
        <translation>&amp;Различия</translation>
    </message>
    <message>
        <source>&amp;Merged text (you may edit it)</source>
        <translation>&amp;Объединённый текст (его можно править)</translation>
    </message>
    <message>
        <source>&amp;Save Merged Text</source>
        <translation>&amp;Сохранить объединённый текст</translation>
    </message>
    <message>
        <source>Put It Back with My Text</source>
        <translation>Вернуть с моим текстом</translation>
    </message>
    <message>
        <source>Save Only My Text, over Theirs</source>
        <translation>Сохранить только мой текст поверх чужого</translation>
    </message>
    <message>
        <source>Drop My Changes</source>
        <translation>Отбросить мои изменения</translation>
    </message>
    <message>
        <source>Use Their Text, Drop Mine</source>
        <translation>Взять чужой текст, отбросить мой</translation>
    </message>
    <message>
        <source>Keep Editing</source>
        <translation>Продолжить правку</translation>
    </message>
    <message>
        <source>Both of you changed these words</source>
        <translation>Эти слова изменили вы оба</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>ваше</translation>
    </message>
    <message>
        <source>theirs</source>
        <translation>чужое</translation>
    </message>
    <message>
        <source>You edited the merged text: it is saved as you see it. Undo (Ctrl+Z) your edits to choose per difference again.</source>
        <translation>Вы изменили объединённый текст: он сохранится так, как показан. Отмените правки (Ctrl+Z), чтобы снова выбирать для каждого различия.</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Save as a profile</source>
        <translation>Сохранить как профиль</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Удалить профиль</translation>
    </message>
    <message>
        <source>Connect to a database</source>
        <translation>Подключение к базе данных</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Имя профиля</translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/db, or host=… dbname=…</source>
        <translation>postgresql://user@host:5432/db или host=… dbname=…</translation>
    </message>
    <message>
        <source>localhost, an address, or a socket directory</source>
        <translation>localhost, адрес или каталог сокета</translation>
    </message>
    <message>
        <source>leave empty to use ~/.pgpass</source>
        <translation>оставьте пустым, чтобы использовать ~/.pgpass</translation>
    </message>
    <message>
        <source>Save in the system keychain</source>
        <translation>Сохранить в системном хранилище паролей</translation>
    </message>
    <message>
        <source>Ask every time</source>
        <translation>Спрашивать каждый раз</translation>
    </message>
    <message>
        <source>Use ~/.pgpass or PGPASSWORD</source>
        <translation>Брать из ~/.pgpass или PGPASSWORD</translation>
    </message>
    <message>
        <source>libpq default (prefer)</source>
        <translation>По умолчанию libpq (prefer)</translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation>&amp;Профиль:</translation>
    </message>
    <message>
        <source>Paste a &amp;URL:</source>
        <translation>&amp;Вставить URL:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Хост:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>П&amp;орт:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;База данных:</translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation>По&amp;льзователь:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Па&amp;роль:</translation>
    </message>
    <message>
        <source>Remember password:</source>
        <translation>Сохранение пароля:</translation>
    </message>
    <message>
        <source>SSL mode:</source>
        <translation>Режим SSL:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Подключиться</translation>
    </message>
    <message>
        <source>optional: postgresql://standby.internal:5432/db</source>
        <translation>необязательно: postgresql://standby.internal:5432/db</translation>
    </message>
    <message>
        <source>A hot standby for browsing, search, trends, coverage and exports. Saving always goes to the primary; when the standby is unreachable, reads go to the primary too.</source>
        <translation>Горячая реплика для просмотра, поиска, трендов, покрытия и экспорта. Сохранение всегда идёт на основной сервер; если реплика недоступна, чтение тоже идёт туда.</translation>
    </message>
    <message>
        <source>&amp;Read from (standby):</source>
        <translation>&amp;Читать с реплики:</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Профиль</translation>
    </message>
</context>
<context>
    <name>ConnectionSpec</name>
    <message>
        <source>out of memory while parsing</source>
        <translation>недостаточно памяти при разборе</translation>
    </message>
    <message>
        <source>The connection string is malformed: %1. Check it against the form postgresql://user:password@host:5432/database or &quot;host=... dbname=... user=...&quot;.</source>
        <translation>Строка подключения некорректна: %1. Сверьте её с форматом postgresql://user:password@host:5432/database или &quot;host=... dbname=... user=...&quot;.</translation>
    </message>
    <message>
        <source>The value of the option &quot;%1&quot; contains &quot;;&quot;, which Qt&apos;s PostgreSQL driver cannot pass on. Put that setting in a service file (~/.pg_service.conf) and use service=NAME instead.</source>
        <translation>Значение параметра &quot;%1&quot; содержит &quot;;&quot;, а драйвер PostgreSQL в Qt не может передать такой символ. Вынесите этот параметр в файл служб (~/.pg_service.conf) и используйте service=NAME.</translation>
    </message>
    <message>
        <source>The port &quot;%1&quot; is not a number between 1 and 65535.</source>
        <translation>Порт &quot;%1&quot; не является числом от 1 до 65535.</translation>
    </message>
    <message>
        <source>local socket</source>
        <translation>локальный сокет</translation>
    </message>
    <message>
        <source>The URL scheme &quot;%1&quot; is not PostgreSQL. Use a URL that starts with postgresql:// (or postgres://, postgresql+asyncpg://, postgresql+psycopg2://).</source>
        <translation>Схема URL &quot;%1&quot; не относится к PostgreSQL. Используйте URL, начинающийся с postgresql:// (или postgres://, postgresql+asyncpg://, postgresql+psycopg2://).</translation>
    </message>
    <message>
        <source>The connection URL is malformed: it starts with &quot;%1:&quot; but not with &quot;%1://&quot;. Write it as %1://user:password@host:5432/database.</source>
        <translation>Адрес подключения записан неверно: он начинается с «%1:», но не с «%1://». Запишите его в виде %1://user:password@host:5432/database.</translation>
    </message>
    <message>
        <source>The standby&apos;s address (read from): %1</source>
        <translation>Адрес реплики (чтение): %1</translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>No horoscope for %1 on %2</source>
        <translation>Нет гороскопа для знака %1 на %2</translation>
    </message>
    <message>
        <source>Open the horoscope (double-click)</source>
        <translation>Открыть гороскоп (двойной щелчок)</translation>
    </message>
    <message>
        <source>Generate missing…</source>
        <translation>Создать недостающие…</translation>
    </message>
    <message>
        <source>Generate a horoscope for every missing day in this range, for review</source>
        <translation>Создать гороскопы на все недостающие дни в этом диапазоне и открыть их на проверку</translation>
    </message>
    <message>
        <source>Next gap</source>
        <translation>Следующий пропуск</translation>
    </message>
    <message>
        <source>Go to the next missing horoscope (F8)</source>
        <translation>Перейти к следующему отсутствующему гороскопу (F8)</translation>
    </message>
    <message>
        <source>✓ has a horoscope   ✎ corrected by hand   — missing   · not due yet</source>
        <translation>✓ гороскоп есть   ✎ исправлен вручную   — отсутствует   · срок ещё не наступил</translation>
    </message>
    <message>
        <source>Generate missing horoscopes</source>
        <translation>Сгенерировать отсутствующие гороскопы</translation>
    </message>
    <message numerus="yes">
        <source>Generate %n missing horoscope(s) from %1 to %2? Each one is a request to the AI provider (which may be paid). You review every text; nothing is written until you accept it.</source>
        <translation>
            <numerusform>Сгенерировать %n отсутствующий гороскоп с %1 по %2? Каждый — это запрос к поставщику ИИ (возможно, платный). Вы проверите каждый текст; ничего не записывается, пока вы его не примете.</numerusform>
            <numerusform>Сгенерировать %n отсутствующих гороскопа с %1 по %2? Каждый — это запрос к поставщику ИИ (возможно, платный). Вы проверите каждый текст; ничего не записывается, пока вы его не примете.</numerusform>
            <numerusform>Сгенерировать %n отсутствующих гороскопов с %1 по %2? Каждый — это запрос к поставщику ИИ (возможно, платный). Вы проверите каждый текст; ничего не записывается, пока вы его не примете.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generate %n</source>
        <translation>
            <numerusform>Сгенерировать %n</numerusform>
            <numerusform>Сгенерировать %n</numerusform>
            <numerusform>Сгенерировать %n</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 on %2: not due yet; the bot writes it on the day</source>
        <translation>%1 на %2: срок ещё не наступил; бот напишет его в этот день</translation>
    </message>
    <message numerus="yes">
        <source>%n missing horoscope(s) in this range</source>
        <translation>
            <numerusform>%n гороскоп отсутствует в этом диапазоне</numerusform>
            <numerusform>%n гороскопа отсутствуют в этом диапазоне</numerusform>
            <numerusform>%n гороскопов отсутствуют в этом диапазоне</numerusform>
        </translation>
    </message>
    <message>
        <source>No horoscope is missing in this range</source>
        <translation>В этом диапазоне пропусков нет</translation>
    </message>
    <message>
        <source>Coverage by sign and day</source>
        <translation>Покрытие по знакам и дням</translation>
    </message>
</context>
<context>
    <name>CredentialStore</name>
    <message>
        <source>No system keychain is available, so the password is not saved; you will be asked for it on each connect. Install and unlock GNOME Keyring or KWallet, or use ~/.pgpass.</source>
        <translation>Системное хранилище паролей недоступно, поэтому пароль не сохранён: он будет запрашиваться при каждом подключении. Установите и разблокируйте GNOME Keyring или KWallet либо используйте ~/.pgpass.</translation>
    </message>
    <message>
        <source>No password is saved for this profile.</source>
        <translation>Для этого профиля пароль не сохранён.</translation>
    </message>
    <message>
        <source>The system keychain refused: %1</source>
        <translation>Системное хранилище паролей отклонило запрос: %1</translation>
    </message>
</context>
<context>
    <name>DateRangePicker</name>
    <message>
        <source>Custom range</source>
        <translation>Произвольный диапазон</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Даты</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Дата начала</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Дата окончания</translation>
    </message>
</context>
<context>
    <name>DbError</name>
    <message>
        <source>The connection to the database was lost. Reconnecting…</source>
        <translation>Подключение к базе данных потеряно. Переподключение…</translation>
    </message>
    <message numerus="yes">
        <source>The connection to the database was lost. Retrying in %n second(s).</source>
        <translation>
            <numerusform>Подключение к базе данных потеряно. Повторная попытка через %n секунду.</numerusform>
            <numerusform>Подключение к базе данных потеряно. Повторная попытка через %n секунды.</numerusform>
            <numerusform>Подключение к базе данных потеряно. Повторная попытка через %n секунд.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server at %1 rejected the user name or password. Check the user and password in the connection dialog (or in ~/.pgpass) and try again.</source>
        <translation>Сервер %1 отклонил имя пользователя или пароль. Проверьте пользователя и пароль в окне подключения (или в ~/.pgpass) и повторите попытку.</translation>
    </message>
    <message>
        <source>The server is reachable, but the database &quot;%1&quot; does not exist there. Check the database name, or create it with createdb.</source>
        <translation>Сервер доступен, но базы данных &quot;%1&quot; на нём нет. Проверьте имя базы данных или создайте её командой createdb.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>причина не указана</translation>
    </message>
    <message>
        <source>The connection to the database was lost. The app reconnects by itself as soon as the server is back.</source>
        <translation>Подключение к базе данных потеряно. Приложение переподключится автоматически, как только сервер снова станет доступен.</translation>
    </message>
    <message>
        <source>The database reported an error: %1</source>
        <translation>База данных сообщила об ошибке: %1</translation>
    </message>
    <message>
        <source>The connection was closed before the database answered.</source>
        <translation>Подключение было закрыто до того, как база данных ответила.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
    <message>
        <source>for your role</source>
        <translation>для вашей роли</translation>
    </message>
    <message>
        <source>for this database</source>
        <translation>для этой базы данных</translation>
    </message>
    <message>
        <source>for this session</source>
        <translation>для этого сеанса</translation>
    </message>
    <message>
        <source>in the server&apos;s configuration</source>
        <translation>в конфигурации сервера</translation>
    </message>
    <message>
        <source>The server stopped the query after %1 s: statement_timeout is set %2. Narrow the filter or choose another sort, or ask the DBA to raise statement_timeout.</source>
        <translation>Сервер остановил запрос через %1 с: statement_timeout задан %2. Сузьте фильтр или выберите другую сортировку либо попросите администратора базы данных увеличить statement_timeout.</translation>
    </message>
    <message>
        <source>The server at %1 does not let user &quot;%2&quot; log in (no such role, or pg_hba.conf does not allow it). Check the user name, or ask the DBA.</source>
        <translation>Сервер %1 не разрешает вход пользователю «%2» (такой роли нет, или вход запрещён в pg_hba.conf). Проверьте имя пользователя или обратитесь к администратору базы данных.</translation>
    </message>
    <message>
        <source>The server at %1 refused another connection: the CONNECTION LIMIT of role &quot;%2&quot; or the server&apos;s max_connections is reached. Close other sessions of this role (other windows, scripts), or ask the DBA to raise the limit.</source>
        <translation>Сервер %1 отклонил ещё одно подключение: достигнут CONNECTION LIMIT роли «%2» или max_connections сервера. Закройте другие сеансы этой роли (другие окна, скрипты) или попросите администратора базы данных увеличить лимит.</translation>
    </message>
    <message>
        <source>The server at %1 is not accepting connections right now (it is starting, stopping or recovering). Try again in a moment.</source>
        <translation>Сервер %1 сейчас не принимает подключения (он запускается, останавливается или восстанавливается). Повторите попытку чуть позже.</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection (SQLSTATE %2): %3</source>
        <translation>Сервер %1 отклонил подключение (SQLSTATE %2): %3</translation>
    </message>
    <message>
        <source>The connection to %1 failed once and then worked. Try again.</source>
        <translation>Подключение к %1 сначала не удалось, но повторная попытка прошла успешно. Попробуйте ещё раз.</translation>
    </message>
    <message numerus="yes">
        <source>No answer from %1 within the connect timeout (%n second(s)). Check the host name, the port, the VPN or firewall, and that the server is running.</source>
        <translation>
            <numerusform>Нет ответа от %1 в пределах тайм-аута подключения (%n секунда). Проверьте имя хоста, порт, VPN или брандмауэр и убедитесь, что сервер запущен.</numerusform>
            <numerusform>Нет ответа от %1 в пределах тайм-аута подключения (%n секунды). Проверьте имя хоста, порт, VPN или брандмауэр и убедитесь, что сервер запущен.</numerusform>
            <numerusform>Нет ответа от %1 в пределах тайм-аута подключения (%n секунд). Проверьте имя хоста, порт, VPN или брандмауэр и убедитесь, что сервер запущен.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server stopped the query after the statement_timeout of this role, database or server. Narrow the filter, or ask the DBA to raise statement_timeout for your role.</source>
        <translation>Сервер остановил запрос по истечении statement_timeout, заданного для этой роли, базы данных или сервера. Сузьте фильтр или попросите администратора базы данных увеличить statement_timeout для вашей роли.</translation>
    </message>
    <message>
        <source>The server refused to write: the session is read-only (%1). Connect to the primary server, or as a role whose sessions may write.</source>
        <translation>Сервер отказал в записи: сеанс только для чтения (%1). Подключитесь к основному серверу или под ролью, сеансам которой разрешена запись.</translation>
    </message>
    <message>
        <source>The server refused this: %1. Ask the database administrator for the privilege, or connect as a role that has it.</source>
        <translation>Сервер отказал: %1. Попросите у администратора базы данных эту привилегию или подключитесь под ролью, у которой она есть.</translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation>Запрос не выполнен.</translation>
    </message>
    <message>
        <source>libpq gave no reason</source>
        <translation>libpq не указала причину</translation>
    </message>
    <message>
        <source>SQLSTATE %1, with no message</source>
        <translation>SQLSTATE %1, без сообщения</translation>
    </message>
    <message>
        <source>no reason given by the server or libpq</source>
        <translation>сервер и libpq не указали причину</translation>
    </message>
    <message>
        <source>The server at %1 was reached, but the secure connection (sslmode=%2) failed: %3. Check sslrootcert (the authority that signed the server&apos;s certificate), the host name in the certificate, and sslmode.</source>
        <translation>Сервер %1 доступен, но защищённое соединение (sslmode=%2) не установлено: %3. Проверьте sslrootcert (центр сертификации, подписавший сертификат сервера), имя хоста в сертификате и sslmode.</translation>
    </message>
    <message>
        <source>Could not reach a PostgreSQL server at %1 (%2). Check the host name and port, and that the server is running and accepts connections.</source>
        <translation>Не удалось связаться с сервером PostgreSQL %1 (%2). Проверьте имя хоста и порт, а также что сервер запущен и принимает подключения.</translation>
    </message>
    <message>
        <source>Another session is changing a row this needs, or holds a lock on its table (lock timeout). Try again in a moment.</source>
        <translation>Другой сеанс изменяет нужную строку или держит блокировку её таблицы (тайм-аут блокировки). Повторите попытку чуть позже.</translation>
    </message>
</context>
<context>
    <name>DemoAiProvider</name>
    <message>
        <source>Demo texts (offline, not an AI)</source>
        <translation>Демо-тексты (офлайн, не ИИ)</translation>
    </message>
</context>
<context>
    <name>DemoDatabase</name>
    <message>
        <source>Starting the demo PostgreSQL server…</source>
        <translation>Запуск демонстрационного сервера PostgreSQL…</translation>
    </message>
    <message>
        <source>Applying migrations…</source>
        <translation>Применение миграций…</translation>
    </message>
    <message>
        <source>Filling in demo data…</source>
        <translation>Заполнение демонстрационными данными…</translation>
    </message>
</context>
<context>
    <name>DraftStore</name>
    <message>
        <source>the text is larger than %1</source>
        <translation>текст больше %1</translation>
    </message>
</context>
<context>
    <name>EditorDrafts</name>
    <message>
        <source>Recovered text</source>
        <translation>Восстановленный текст</translation>
    </message>
    <message>
        <source>Unsaved text from %1 was recovered.</source>
        <translation>Восстановлен несохранённый текст от %1.</translation>
    </message>
    <message>
        <source>The horoscope was changed in the database since then: restoring your text and saving shows both versions to decide.</source>
        <translation>С тех пор гороскоп изменён в базе данных: если восстановить текст и сохранить, будут показаны обе версии для выбора.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Восстановить</translation>
    </message>
    <message>
        <source>Put the recovered text into the editor (Ctrl+Z undoes it)</source>
        <translation>Вставить восстановленный текст в редактор (Ctrl+Z отменяет)</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Отбросить</translation>
    </message>
    <message>
        <source>Delete the recovered text</source>
        <translation>Удалить восстановленный текст</translation>
    </message>
    <message>
        <source>Text not kept on disk</source>
        <translation>Текст не сохранён на диске</translation>
    </message>
    <message>
        <source>Your text cannot be kept on disk (%1): save it or copy it before closing.</source>
        <translation>Ваш текст не удаётся сохранить на диске (%1): сохраните или скопируйте его, прежде чем закрывать.</translation>
    </message>
    <message>
        <source>1 unsaved text was recovered: open it to restore or discard it.</source>
        <translation>Восстановлен 1 несохранённый текст: откройте его, чтобы вернуть или удалить.</translation>
    </message>
    <message>
        <source>%1 unsaved texts were recovered: open each to restore or discard it.</source>
        <translation>Восстановлено несохранённых текстов: %1. Откройте каждый, чтобы вернуть или удалить.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open the next horoscope with a recovered text</source>
        <translation>Открыть следующий гороскоп с восстановленным текстом</translation>
    </message>
</context>
<context>
    <name>ExportService</name>
    <message>
        <source>The export was cancelled.</source>
        <translation>Экспорт отменён.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
</context>
<context>
    <name>HistoryWording</name>
    <message>
        <source>role %1</source>
        <translation>роль %1</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Создан</translation>
    </message>
    <message>
        <source>Generated again after %1 invalidated it</source>
        <translation>Создан заново после того, как %1 сбросил(а) его</translation>
    </message>
    <message>
        <source>Generated again after a deletion outside Horoscope Admin (%1)</source>
        <translation>Создан заново после удаления вне Horoscope Admin (%1)</translation>
    </message>
    <message>
        <source>deleted %1</source>
        <translation>удалён %1</translation>
    </message>
    <message>
        <source>Edited by %1</source>
        <translation>Исправил(а) %1</translation>
    </message>
    <message>
        <source>Restored by %1</source>
        <translation>Восстановил(а) %1</translation>
    </message>
    <message>
        <source>Restored by %1 from the version of %2</source>
        <translation>Восстановил(а) %1 из версии от %2</translation>
    </message>
    <message>
        <source>Regenerated by %1</source>
        <translation>Пересоздал(а) %1</translation>
    </message>
    <message>
        <source>Regenerated by the bot</source>
        <translation>Пересоздан ботом</translation>
    </message>
    <message>
        <source>Changed outside Horoscope Admin by %1</source>
        <translation>Изменён вне Horoscope Admin: %1</translation>
    </message>
    <message>
        <source>Current text: %1</source>
        <translation>Текущий текст: %1</translation>
    </message>
    <message>
        <source>by %1 at %2</source>
        <translation>— %1, %2</translation>
    </message>
    <message>
        <source>Generated by %1</source>
        <translation>Создан: %1</translation>
    </message>
    <message>
        <source>Generated by %1 after %2 invalidated it</source>
        <translation>Создан: %1, после того как %2 сбросил(а) его</translation>
    </message>
    <message>
        <source>Generated by %1 after a deletion outside Horoscope Admin (%2)</source>
        <translation>Создан: %1, после удаления вне Horoscope Admin (%2)</translation>
    </message>
</context>
<context>
    <name>HoroscopeBrowser</name>
    <message>
        <source>Corrected only</source>
        <translation>Только исправленные</translation>
    </message>
    <message>
        <source>All signs</source>
        <translation>Все знаки</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>Все даты</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Завтра</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Эта неделя</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>Search the text (Ctrl+F)</source>
        <translation>Поиск по тексту (Ctrl+F)</translation>
    </message>
    <message>
        <source>Go to date</source>
        <translation>Перейти к дате</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>As CSV…</source>
        <translation>В CSV…</translation>
    </message>
    <message>
        <source>As JSON…</source>
        <translation>В JSON…</translation>
    </message>
    <message>
        <source>Invalidate…</source>
        <translation>Сбросить…</translation>
    </message>
    <message>
        <source>Delete the selected horoscopes so the bot writes fresh ones on the next request (Delete)</source>
        <translation>Удалить выбранные гороскопы, чтобы бот создал новые при следующем запросе (Delete)</translation>
    </message>
    <message>
        <source>Apply migration 0002 to keep the history of horoscopes and see which were corrected.</source>
        <translation>Примените миграцию 0002, чтобы сохранять историю гороскопов и видеть, какие из них исправлены.</translation>
    </message>
    <message numerus="yes">
        <source>%n sign(s)</source>
        <translation>
            <numerusform>%n знак</numerusform>
            <numerusform>%n знака</numerusform>
            <numerusform>%n знаков</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 rows loaded</source>
        <translation>Загружено строк: %1</translation>
    </message>
    <message>
        <source>%1 rows loaded of about %2 (an estimate)</source>
        <translation>Загружено строк: %1 из примерно %2 (оценка)</translation>
    </message>
    <message>
        <source>%1 rows loaded of %2</source>
        <translation>Загружено строк: %1 из %2</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>загрузка…</translation>
    </message>
    <message>
        <source>Invalidate horoscopes</source>
        <translation>Сброс гороскопов</translation>
    </message>
    <message>
        <source>Invalidate</source>
        <translation>Сбросить</translation>
    </message>
    <message numerus="yes">
        <source>%n horoscope(s) invalidated.</source>
        <translation>
            <numerusform>Сброшен %n гороскоп.</numerusform>
            <numerusform>Сброшены %n гороскопа.</numerusform>
            <numerusform>Сброшено %n гороскопов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export horoscopes</source>
        <translation>Экспорт гороскопов</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Файлы JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Exporting… %1 rows</source>
        <translation>Экспорт… строк: %1</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Перегенерировать</translation>
    </message>
    <message>
        <source>Selected horoscopes…</source>
        <translation>Выбранные гороскопы…</translation>
    </message>
    <message>
        <source>All signs of this day…</source>
        <translation>Все знаки за этот день…</translation>
    </message>
    <message numerus="yes">
        <source>%n changed since the list was loaded and stayed; look at them again before invalidating.</source>
        <translation>
            <numerusform>%n гороскоп изменился после загрузки списка и остался; проверьте его ещё раз перед сбросом.</numerusform>
            <numerusform>%n гороскопа изменились после загрузки списка и остались; проверьте их ещё раз перед сбросом.</numerusform>
            <numerusform>%n гороскопов изменились после загрузки списка и остались; проверьте их ещё раз перед сбросом.</numerusform>
        </translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Прошлый месяц</translation>
    </message>
    <message>
        <source>As CSV for Excel (UTF-8 with BOM)…</source>
        <translation>В CSV для Excel (UTF-8 с BOM)…</translation>
    </message>
    <message>
        <source>The rows the list shows, in its order; generated_at in UTC (ISO 8601)</source>
        <translation>Строки, показанные в списке, в его порядке; generated_at в UTC (ISO 8601)</translation>
    </message>
    <message>
        <source>&amp;Copy rows</source>
        <translation>&amp;Копировать строки</translation>
    </message>
    <message>
        <source>&amp;Open in the editor</source>
        <translation>&amp;Открыть в редакторе</translation>
    </message>
    <message>
        <source>&amp;Regenerate…</source>
        <translation>&amp;Сгенерировать заново…</translation>
    </message>
    <message>
        <source>&amp;Invalidate…</source>
        <translation>&amp;Аннулировать…</translation>
    </message>
    <message>
        <source>%1 rows loaded of at least %2</source>
        <translation>Загружено строк: %1 из не менее чем %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1 (times in UTC).</source>
        <translation>
            <numerusform>Экспортирована %n строка в %1 (время в UTC).</numerusform>
            <numerusform>Экспортированы %n строки в %1 (время в UTC).</numerusform>
            <numerusform>Экспортировано %n строк в %1 (время в UTC).</numerusform>
        </translation>
    </message>
    <message>
        <source>Regenerate a whole day</source>
        <translation>Сгенерировать заново целый день</translation>
    </message>
    <message>
        <source>Generate new texts for all 12 signs of %1 (the day of the current row)? Each one is a request to the AI provider; you review every text before anything is written.</source>
        <translation>Сгенерировать новые тексты для всех 12 знаков на %1 (день текущей строки)? Каждый — это запрос к поставщику ИИ; вы проверите каждый текст, прежде чем что-либо будет записано.</translation>
    </message>
    <message>
        <source>Generate 12</source>
        <translation>Сгенерировать 12</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>ещё %n</numerusform>
            <numerusform>ещё %n</numerusform>
            <numerusform>ещё %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n horoscope(s) from the cache (%1)? The bot generates a fresh one on the next request; the deleted text stays in the history.</source>
        <translation>
            <numerusform>Удалить %n гороскоп из кэша (%1)? Бот создаст новый при следующем запросе; удалённый текст останется в истории.</numerusform>
            <numerusform>Удалить %n гороскопа из кэша (%1)? Бот создаст новые при следующем запросе; удалённые тексты останутся в истории.</numerusform>
            <numerusform>Удалить %n гороскопов из кэша (%1)? Бот создаст новые при следующем запросе; удалённые тексты останутся в истории.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finds texts that contain these characters, in any case. Up to %1 characters: a longer term is cut to its first %1.</source>
        <translation>Находит тексты, содержащие эти символы, без учёта регистра. Не более %1 символов: более длинный запрос обрезается до первых %1.</translation>
    </message>
    <message>
        <source>Search the text</source>
        <translation>Поиск по тексту</translation>
    </message>
    <message>
        <source>Date to go to</source>
        <translation>Дата для перехода</translation>
    </message>
    <message>
        <source>Horoscopes</source>
        <translation>Гороскопы</translation>
    </message>
</context>
<context>
    <name>HoroscopeEditor</name>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation>Восстановить эту версию</translation>
    </message>
    <message>
        <source>Select a horoscope on the left to read or correct it.</source>
        <translation>Выберите гороскоп слева, чтобы просмотреть или исправить его.</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>Сохранить (Ctrl+S)</translation>
    </message>
    <message>
        <source>Go back to the saved text (Esc); Ctrl+Z undoes that too</source>
        <translation>Вернуться к сохранённому тексту (Esc); это тоже можно отменить с помощью Ctrl+Z</translation>
    </message>
    <message>
        <source>Select a version to see what that change did, or two versions to compare them.</source>
        <translation>Выберите версию, чтобы увидеть, что изменила эта правка, или две версии, чтобы сравнить их.</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
    <message>
        <source>unsaved changes</source>
        <translation>несохранённые изменения</translation>
    </message>
    <message>
        <source>Generated %1</source>
        <translation>Создан %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Reverted to the saved text. Ctrl+Z brings your changes back.</source>
        <translation>Восстановлен сохранённый текст. Ctrl+Z вернёт ваши изменения.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Waiting for the database connection to save… Your text is kept.</source>
        <translation>Ожидание подключения к базе данных для сохранения… Ваш текст не потерян.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Сохранено.</translation>
    </message>
    <message>
        <source>The horoscope was deleted; your changes were dropped.</source>
        <translation>Гороскоп удалён; ваши изменения отброшены.</translation>
    </message>
    <message>
        <source>Their text is shown now; yours was dropped (Ctrl+Z brings it back).</source>
        <translation>Теперь показан их текст; ваш отброшен (Ctrl+Z вернёт его).</translation>
    </message>
    <message>
        <source>The horoscope was deleted meanwhile. Saving puts it back with your text.</source>
        <translation>Тем временем гороскоп был удалён. При сохранении он будет восстановлен с вашим текстом.</translation>
    </message>
    <message>
        <source>Your text is kept. Saving now replaces the version someone else saved.</source>
        <translation>Ваш текст не потерян. При сохранении он заменит версию, сохранённую кем-то другим.</translation>
    </message>
    <message>
        <source>Your text is kept.</source>
        <translation>Ваш текст не потерян.</translation>
    </message>
    <message>
        <source>The horoscope %1 has unsaved changes. Save them?</source>
        <translation>В гороскопе %1 есть несохранённые изменения. Сохранить их?</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>История (%1)</translation>
    </message>
    <message>
        <source>Your text is being saved. Wait until it is stored (the connection may have to come back first), then go on.</source>
        <translation>Ваш текст сохраняется. Дождитесь, пока он будет записан (возможно, сначала должно восстановиться подключение), и продолжайте.</translation>
    </message>
    <message>
        <source>Make this version the current text and save it</source>
        <translation>Сделать эту версию текущим текстом и сохранить</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>только чтение</translation>
    </message>
    <message>
        <source>Another horoscope was not opened: this text has unsaved changes. Save or revert it first.</source>
        <translation>Другой гороскоп не открыт: в этом тексте есть несохранённые изменения. Сначала сохраните или отмените их.</translation>
    </message>
    <message>
        <source>Someone changed this horoscope meanwhile. Your text is kept; saving shows both versions to decide.</source>
        <translation>Тем временем кто-то изменил этот гороскоп. Ваш текст сохранён в редакторе; при сохранении будут показаны обе версии для выбора.</translation>
    </message>
    <message>
        <source>Restore and save</source>
        <translation>Восстановить и сохранить</translation>
    </message>
    <message numerus="yes">
        <source>%n over Telegram&apos;s limit of %1</source>
        <translation>
            <numerusform>на %n больше лимита Telegram (%1)</numerusform>
            <numerusform>на %n больше лимита Telegram (%1)</numerusform>
            <numerusform>на %n больше лимита Telegram (%1)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A Telegram message holds at most %1 characters: the bot may cut this horoscope or fail to send it. Shorten the text by %n character(s).</source>
        <translation>
            <numerusform>Сообщение Telegram вмещает не более %1 символов: бот может обрезать этот гороскоп или не отправить его. Сократите текст на %n символ.</numerusform>
            <numerusform>Сообщение Telegram вмещает не более %1 символов: бот может обрезать этот гороскоп или не отправить его. Сократите текст на %n символа.</numerusform>
            <numerusform>Сообщение Telegram вмещает не более %1 символов: бот может обрезать этот гороскоп или не отправить его. Сократите текст на %n символов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your recovered text started from an older version. Saving shows both versions to decide.</source>
        <translation>Восстановленный текст основан на более старой версии. При сохранении будут показаны обе версии для выбора.</translation>
    </message>
    <message>
        <source>Replace the current text with the version of %1 and save it? The bot serves it from its next request; the current text stays in the history.</source>
        <translation>Заменить текущий текст версией от %1 и сохранить? Бот начнёт выдавать её со следующего запроса; текущий текст останется в истории.</translation>
    </message>
    <message>
        <source>corrected by hand</source>
        <translation>исправлен вручную</translation>
    </message>
    <message>
        <source>last change: %1, %2</source>
        <translation>последнее изменение: %1, %2</translation>
    </message>
    <message>
        <source>The text as it was generated.</source>
        <translation>Текст в том виде, в каком он был создан.</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s) removed</source>
        <translation>
            <numerusform>удалён %n символ</numerusform>
            <numerusform>удалено %n символа</numerusform>
            <numerusform>удалено %n символов</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>добавлен %n</numerusform>
            <numerusform>добавлено %n</numerusform>
            <numerusform>добавлено %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Horoscope text</source>
        <translation>Текст гороскопа</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Версии</translation>
    </message>
    <message>
        <source>Changes in the selected version</source>
        <translation>Изменения в выбранной версии</translation>
    </message>
    <message>
        <source>This text is read-only: %1 Ask the database owner for: %2</source>
        <translation>Этот текст только для чтения: %1 Попросите владельца базы данных: %2</translation>
    </message>
    <message>
        <source>No horoscope selected</source>
        <translation>Гороскоп не выбран</translation>
    </message>
    <message>
        <source>Saved. What you typed since is not saved yet.</source>
        <translation>Сохранено. Набранное после этого ещё не сохранено.</translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n символ</numerusform>
            <numerusform>%n символа</numerusform>
            <numerusform>%n символов</numerusform>
        </translation>
    </message>
    <message>
        <source>Save Waiting</source>
        <translation>Сохранение ожидает</translation>
    </message>
    <message>
        <source>Your save is waiting for the database connection. Keep your text as a draft (offered again the next time you open this database) or keep waiting?</source>
        <translation>Сохранение ожидает подключения к базе данных. Оставить текст черновиком (он будет предложен снова, когда вы в следующий раз откроете эту базу данных) или продолжить ждать?</translation>
    </message>
    <message>
        <source>Keep as draft and close</source>
        <translation>Оставить черновиком и закрыть</translation>
    </message>
    <message>
        <source>Keep as draft and go on</source>
        <translation>Оставить черновиком и продолжить</translation>
    </message>
    <message>
        <source>Keep waiting</source>
        <translation>Продолжить ждать</translation>
    </message>
    <message>
        <source>Waiting for the database connection to save… The window closes once your text is saved.</source>
        <translation>Ожидание подключения к базе данных для сохранения… Окно закроется, как только текст будет сохранён.</translation>
    </message>
    <message>
        <source>Waiting for the database connection to save… The other database opens once your text is saved.</source>
        <translation>Ожидание подключения к базе данных для сохранения… Другая база данных откроется, как только текст будет сохранён.</translation>
    </message>
    <message>
        <source>Not saved: your text is kept as a draft.</source>
        <translation>Не сохранено: текст оставлен черновиком.</translation>
    </message>
</context>
<context>
    <name>HoroscopeExporter</name>
    <message>
        <source>Could not write the export file: %1</source>
        <translation>Не удалось записать файл экспорта: %1</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>Экспорт отменён.</translation>
    </message>
</context>
<context>
    <name>HoroscopeStore</name>
    <message>
        <source>A horoscope cannot be empty. Write the text, or press Esc to go back to the saved one.</source>
        <translation>Гороскоп не может быть пустым. Введите текст или нажмите Esc, чтобы вернуться к сохранённому.</translation>
    </message>
    <message>
        <source>This horoscope no longer exists: it was deleted meanwhile.</source>
        <translation>Этого гороскопа больше нет: тем временем он был удалён.</translation>
    </message>
    <message>
        <source>The save would have changed %1 rows instead of one, so nothing was saved.</source>
        <translation>При сохранении было бы изменено строк: %1 (вместо одной), поэтому ничего не сохранено.</translation>
    </message>
    <message>
        <source>The connection broke while the save was being committed, so it may or may not be stored. Your text is kept; once the connection is back, reload the horoscope (select it again) to see which text is stored.</source>
        <translation>Подключение оборвалось во время фиксации сохранения, поэтому неизвестно, записан ли текст. Ваш текст не потерян; когда подключение восстановится, откройте гороскоп заново (выберите его ещё раз), чтобы увидеть, какой текст записан.</translation>
    </message>
</context>
<context>
    <name>HoroscopeTableModel</name>
    <message>
        <source>The text was changed by hand after it was generated.</source>
        <translation>Текст исправлен вручную после создания.</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>исправлен</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Знак</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Длина</translation>
    </message>
    <message>
        <source>Generated at</source>
        <translation>Создан</translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation>Исправлен</translation>
    </message>
    <message>
        <source>The search was stopped after %1 s without filling a page: no index narrows this term. Narrow it with the sign or date filters or a longer term, or scroll down to search further.</source>
        <translation>Поиск остановлен через %1 с, страница не заполнена: ни один индекс не сужает этот запрос. Сузьте его фильтрами по знаку или дате либо более длинным запросом или прокрутите список вниз, чтобы искать дальше.</translation>
    </message>
</context>
<context>
    <name>HoroscopesCommand</name>
    <message>
        <source>--sign needs a sign key (aries … pisces); &quot;%1&quot; is not one.</source>
        <translation>Для --sign нужен ключ знака (aries … pisces); «%1» им не является.</translation>
    </message>
    <message>
        <source>--%1 needs a date as YYYY-MM-DD, such as 2026-11-28; &quot;%2&quot; is not one.</source>
        <translation>Для --%1 нужна дата в формате YYYY-MM-DD, например 2026-11-28; «%2» ею не является.</translation>
    </message>
    <message>
        <source>--from must not be after --to.</source>
        <translation>--from не должна быть позже --to.</translation>
    </message>
    <message>
        <source>--sort must be date, sign, text, length or generated; &quot;%1&quot; is none of them.</source>
        <translation>--sort должен быть date, sign, text, length или generated; «%1» не подходит.</translation>
    </message>
    <message>
        <source>Use either --asc or --desc, not both.</source>
        <translation>Укажите либо --asc, либо --desc, но не оба.</translation>
    </message>
    <message>
        <source>--limit needs a whole number of rows from 1 to %1, such as 100; &quot;%2&quot; is not one.</source>
        <translation>Для --limit нужно целое число строк от 1 до %1, например 100; «%2» им не является.</translation>
    </message>
    <message>
        <source>--format must be csv or json; &quot;%1&quot; is neither.</source>
        <translation>--format должен быть csv или json; «%1» не подходит.</translation>
    </message>
    <message>
        <source>--search takes at most %1 characters; this one has %2. Search for a shorter, distinctive part of the text.</source>
        <translation>--search принимает не более %1 символов, а здесь их %2. Ищите более короткий характерный фрагмент текста.</translation>
    </message>
    <message>
        <source>The search was stopped after %1 s: no index narrows this term, and reading the texts one by one took longer. Narrow it with --sign, --from and --to or a longer term, or raise --statement-timeout.</source>
        <translation>Поиск остановлен через %1 с: ни один индекс не сужает этот запрос, а чтение текстов по одному заняло больше времени. Сузьте его с помощью --sign, --from и --to или более длинного запроса либо увеличьте --statement-timeout.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>READ-ONLY</source>
        <translation>ТОЛЬКО ЧТЕНИЕ</translation>
    </message>
    <message>
        <source>Horoscope Admin</source>
        <translation>Horoscope Admin</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Обзор</translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation>Миграции</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Connect to Another Database…</source>
        <translation>&amp;Подключиться к другой базе данных…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Настройки</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About Horoscope Admin</source>
        <translation>&amp;О программе Horoscope Admin</translation>
    </message>
    <message>
        <source>The language changes the next time Horoscope Admin starts.</source>
        <translation>Язык изменится при следующем запуске Horoscope Admin.</translation>
    </message>
    <message>
        <source>Horoscope Admin — demo database</source>
        <translation>Horoscope Admin — демонстрационная база данных</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Подключение к %1…</translation>
    </message>
    <message>
        <source>Reconnected to the database.</source>
        <translation>Подключение к базе данных восстановлено.</translation>
    </message>
    <message>
        <source>Connection lost — reconnecting to %1…</source>
        <translation>Подключение потеряно — переподключение к %1…</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Нет подключения</translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation>Подключиться…</translation>
    </message>
    <message>
        <source>Connected as %1 — PostgreSQL %2</source>
        <translation>Подключено как %1 — PostgreSQL %2</translation>
    </message>
    <message>
        <source>demo database</source>
        <translation>демонстрационная база данных</translation>
    </message>
    <message>
        <source>You can look but not change: %1</source>
        <translation>Доступен только просмотр, изменения невозможны: %1</translation>
    </message>
    <message>
        <source>This database has no horoscope tables (horoscope_cache, horoscope_views). Connect to the bot&apos;s database, or create the tables with the migrations.</source>
        <translation>В этой базе данных нет таблиц гороскопов (horoscope_cache, horoscope_views). Подключитесь к базе данных бота или создайте таблицы с помощью миграций.</translation>
    </message>
    <message>
        <source>Open Migrations</source>
        <translation>Открыть миграции</translation>
    </message>
    <message numerus="yes">
        <source>The database is behind: %n migration(s) pending.</source>
        <translation>
            <numerusform>База данных отстаёт: ожидает применения %n миграция.</numerusform>
            <numerusform>База данных отстаёт: ожидают применения %n миграции.</numerusform>
            <numerusform>База данных отстаёт: ожидают применения %n миграций.</numerusform>
        </translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Просмотреть</translation>
    </message>
    <message>
        <source>Migration running</source>
        <translation>Выполняется миграция</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>Horoscopes</source>
        <translation>Гороскопы</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Покрытие</translation>
    </message>
    <message>
        <source>View trends</source>
        <translation>Динамика просмотров</translation>
    </message>
    <message>
        <source>&amp;AI Provider…</source>
        <translation>&amp;Поставщик ИИ…</translation>
    </message>
    <message>
        <source>Select the horoscopes to regenerate first.</source>
        <translation>Сначала выберите гороскопы для перегенерации.</translation>
    </message>
    <message>
        <source>A migration is running. Cancel it? A migration that runs in a transaction is rolled back.</source>
        <translation>Выполняется миграция. Отменить её? Миграция, выполняемая в транзакции, будет откачена.</translation>
    </message>
    <message>
        <source>Cancel the migration</source>
        <translation>Отменить миграцию</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Переход</translation>
    </message>
    <message>
        <source>Horoscope &amp;List</source>
        <translation>&amp;Список гороскопов</translation>
    </message>
    <message>
        <source>Horoscope &amp;Text</source>
        <translation>&amp;Текст гороскопа</translation>
    </message>
    <message>
        <source>Your &amp;Name in the History…</source>
        <translation>Ваше &amp;имя в истории…</translation>
    </message>
    <message>
        <source>Your Name in the History</source>
        <translation>Ваше имя в истории</translation>
    </message>
    <message>
        <source>The history of each horoscope names who changed it. Your colleagues may share one database login, so give your name (empty: your login name, %1).</source>
        <translation>История каждого гороскопа называет того, кто его менял. Коллеги могут работать под одной учётной записью базы, поэтому укажите своё имя (пусто — ваше имя входа, %1).</translation>
    </message>
    <message>
        <source>Your changes are recorded as made by %1.</source>
        <translation>Ваши изменения записываются от имени %1.</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Переподключиться сейчас</translation>
    </message>
    <message>
        <source>Server date: %1 (yours: %2)</source>
        <translation>Дата сервера: %1 (у вас: %2)</translation>
    </message>
    <message>
        <source>&quot;Today&quot; in the list, the coverage and the trends is the server&apos;s date, as the bot counts days.</source>
        <translation>«Сегодня» в списке, покрытии и трендах — это дата сервера: по ней бот считает дни.</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Hide this message</source>
        <translation>Скрыть это сообщение</translation>
    </message>
</context>
<context>
    <name>MigrateCommand</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>СОСТОЯНИЕ</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>ФАЙЛ</translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation>ОПИСАНИЕ</translation>
    </message>
    <message>
        <source>APPLIED AT</source>
        <translation>ДАТА ПРИМЕНЕНИЯ</translation>
    </message>
    <message>
        <source>BY</source>
        <translation>КЕМ ПРИМЕНЕНА</translation>
    </message>
    <message>
        <source>TOOK</source>
        <translation>ДЛИТЕЛЬНОСТЬ</translation>
    </message>
    <message>
        <source>adopted</source>
        <translation>принята</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>There is no migration %1; the migrations are %2.</source>
        <translation>Миграции %1 нет; есть миграции: %2.</translation>
    </message>
</context>
<context>
    <name>Migration</name>
    <message>
        <source>%1: a migration file name must look like 0001_short_description.sql.</source>
        <translation>%1: имя файла миграции должно иметь вид 0001_short_description.sql.</translation>
    </message>
    <message>
        <source>%1, line %2: &quot;-- +up&quot; must appear once, before &quot;-- +down&quot;.</source>
        <translation>%1, строка %2: метка &quot;-- +up&quot; должна встречаться ровно один раз и стоять перед &quot;-- +down&quot;.</translation>
    </message>
    <message>
        <source>%1, line %2: &quot;-- +down&quot; must appear once, after &quot;-- +up&quot;.</source>
        <translation>%1, строка %2: метка &quot;-- +down&quot; должна встречаться ровно один раз и стоять после &quot;-- +up&quot;.</translation>
    </message>
    <message>
        <source>%1: a migration needs a &quot;-- +up&quot; part with SQL and a &quot;-- +down&quot; part (see migrations/README.md).</source>
        <translation>%1: миграция должна содержать раздел &quot;-- +up&quot; с SQL и раздел &quot;-- +down&quot; (см. migrations/README.md).</translation>
    </message>
    <message>
        <source>The migrations directory %1 does not exist.</source>
        <translation>Каталог миграций %1 не существует.</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>Не удалось прочитать %1: %2</translation>
    </message>
    <message>
        <source>Two migration files share the id %1: %2 and %3.</source>
        <translation>У двух файлов миграций одинаковый ID %1: %2 и %3.</translation>
    </message>
    <message>
        <source>%1, line %2: &quot;-- Destroys:&quot; names &quot;table T&quot;, &quot;column T.C&quot; or &quot;nothing&quot;.</source>
        <translation>%1, строка %2: в «-- Destroys:» указывается «table T», «column T.C» или «nothing».</translation>
    </message>
</context>
<context>
    <name>MigrationDescription</name>
    <message>
        <source>Horoscope cache and view counters (the bot&apos;s Alembic revision h8c9d0e1f2g3)</source>
        <translation>Кэш гороскопов и счётчики просмотров (ревизия Alembic бота h8c9d0e1f2g3)</translation>
    </message>
    <message>
        <source>Keep every previous text of a horoscope: a revisions table filled by a trigger</source>
        <translation>Хранить все прежние тексты гороскопа: таблица ревизий, которую заполняет триггер</translation>
    </message>
    <message>
        <source>Trigram index for case-insensitive text search of horoscopes</source>
        <translation>Триграммный индекс для поиска по тексту гороскопов без учёта регистра</translation>
    </message>
    <message>
        <source>History trigger: fixed trusted search_path, qualified names, owned by a role that may only write history</source>
        <translation>Триггер истории: постоянный доверенный search_path, полные имена, владелец — роль, которая может только записывать историю</translation>
    </message>
    <message>
        <source>Indexes for the browser&apos;s text, length and generation-time orders</source>
        <translation>Индексы для сортировки списка по тексту, длине и времени создания</translation>
    </message>
    <message>
        <source>History names the person: who made each change and what it was (edited, restored, regenerated, invalidated)</source>
        <translation>История называет человека: кто сделал каждое изменение и какое (правка, восстановление, новая генерация, сброс)</translation>
    </message>
    <message>
        <source>History trigger secured where it really is; history labels only from the transaction that made the change</source>
        <translation>Триггер истории защищён там, где он действительно находится; метки истории — только из транзакции, сделавшей изменение</translation>
    </message>
</context>
<context>
    <name>MigrationGuards</name>
    <message>
        <source>The database reported an error: %1</source>
        <translation>База данных сообщила об ошибке: %1</translation>
    </message>
    <message>
        <source>more than %1 rows</source>
        <translation>больше %1 строк</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln строка</numerusform>
            <numerusform>%Ln строки</numerusform>
            <numerusform>%Ln строк</numerusform>
        </translation>
    </message>
    <message>
        <source>The tables %1 belong to the bot, whose Alembic manages this database (revision %2), but they do not exist yet, so nothing was changed. Run the bot&apos;s &quot;alembic upgrade head&quot; first, then migrate again: the tables are then adopted.</source>
        <translation>Таблицы %1 принадлежат боту, и этой базой данных управляет Alembic бота (ревизия %2), но таблиц пока нет, поэтому ничего не изменено. Сначала выполните «alembic upgrade head» бота, затем снова запустите миграции: тогда таблицы будут приняты.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>не задана</translation>
    </message>
    <message>
        <source>The tables %1 belong to the bot and do not exist yet, so nothing was changed. Deploy the bot first (its &quot;alembic upgrade head&quot; creates them), then migrate again to adopt them. Only on a database the bot will never migrate, create them here with --create-bot-tables.</source>
        <translation>Таблицы %1 принадлежат боту, а их пока нет, поэтому ничего не изменено. Сначала разверните бота (его «alembic upgrade head» создаёт их), затем снова запустите миграции, чтобы принять таблицы. Создавайте их здесь с помощью --create-bot-tables, только если бот никогда не будет применять свои миграции к этой базе данных.</translation>
    </message>
    <message>
        <source>Migration %1 was adopted from tables the bot&apos;s Alembic created. Rolling it back would drop the bot&apos;s tables and their data, so it is refused and nothing was changed; use Alembic for that.</source>
        <translation>Миграция %1 принята по таблицам, которые создал Alembic бота. Её откат удалил бы таблицы бота вместе с данными, поэтому он отклонён и ничего не изменено; для этого используйте Alembic.</translation>
    </message>
    <message>
        <source>Migration %1 created the tables %2, but the bot&apos;s Alembic now manages this database (revision %3). Rolling it back would drop the bot&apos;s tables, so it is refused and nothing was changed.</source>
        <translation>Миграция %1 создала таблицы %2, но теперь этой базой данных управляет Alembic бота (ревизия %3). Её откат удалил бы таблицы бота, поэтому он отклонён и ничего не изменено.</translation>
    </message>
    <message>
        <source>more than %1 values</source>
        <translation>более %1 значений</translation>
    </message>
    <message numerus="yes">
        <source>%Ln value(s)</source>
        <translation>
            <numerusform>%Ln значение</numerusform>
            <numerusform>%Ln значения</numerusform>
            <numerusform>%Ln значений</numerusform>
        </translation>
    </message>
    <message>
        <source>the column %1.%2 (%3)</source>
        <translation>столбец %1.%2 (%3)</translation>
    </message>
    <message>
        <source>every row of %1 (%2)</source>
        <translation>все строки %1 (%2)</translation>
    </message>
</context>
<context>
    <name>MigrationLock</name>
    <message>
        <source>The database reported an error: %1</source>
        <translation>База данных сообщила об ошибке: %1</translation>
    </message>
    <message>
        <source>another session</source>
        <translation>другой сеанс</translation>
    </message>
    <message>
        <source>process %1 (%2, %3, from %4, connected since %5)</source>
        <translation>процесс %1 (%2, %3, адрес %4, подключён с %5)</translation>
    </message>
    <message numerus="yes">
        <source>Gave up after waiting %n second(s) for the migration lock, which another migration runner holds: %1. Wait for it to finish and try again, or allow a longer wait with --lock-wait.</source>
        <translation>
            <numerusform>Ожидание блокировки миграций прекращено через %n секунду; её удерживает другой процесс миграций — %1. Дождитесь его завершения и повторите попытку или разрешите ждать дольше с помощью --lock-wait.</numerusform>
            <numerusform>Ожидание блокировки миграций прекращено через %n секунды; её удерживает другой процесс миграций — %1. Дождитесь его завершения и повторите попытку или разрешите ждать дольше с помощью --lock-wait.</numerusform>
            <numerusform>Ожидание блокировки миграций прекращено через %n секунд; её удерживает другой процесс миграций — %1. Дождитесь его завершения и повторите попытку или разрешите ждать дольше с помощью --lock-wait.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting for another migration runner, %1 (%n second(s) left)…</source>
        <translation>
            <numerusform>Ожидание другого процесса миграций, %1 (осталась %n секунда)…</numerusform>
            <numerusform>Ожидание другого процесса миграций, %1 (осталось %n секунды)…</numerusform>
            <numerusform>Ожидание другого процесса миграций, %1 (осталось %n секунд)…</numerusform>
        </translation>
    </message>
    <message>
        <source>This connection goes through a connection pooler (such as PgBouncer), and migrations need one server session of their own: run them over a direct connection to PostgreSQL (the server&apos;s own host and port, not the pooler&apos;s).</source>
        <translation>Это подключение идёт через пул соединений (например, PgBouncer), а миграциям нужен собственный серверный сеанс: запустите их через прямое подключение к PostgreSQL (собственные хост и порт сервера, а не пула).</translation>
    </message>
</context>
<context>
    <name>MigrationRunner</name>
    <message>
        <source>pending</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>применена</translation>
    </message>
    <message>
        <source>adopted</source>
        <translation>принята</translation>
    </message>
    <message>
        <source>drifted</source>
        <translation>изменена после применения</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестна</translation>
    </message>
    <message>
        <source>Migration %1 failed at statement %2: %3
Statement: %4</source>
        <translation>Ошибка миграции %1 в операторе №%2: %3
Оператор: %4</translation>
    </message>
    <message>
        <source>The database reported an error: %1</source>
        <translation>База данных сообщила об ошибке: %1</translation>
    </message>
    <message>
        <source>Could not read the migration history: %1</source>
        <translation>Не удалось прочитать историю миграций: %1</translation>
    </message>
    <message>
        <source>The migration file %1 was changed after it was applied (its checksum differs from the one recorded in %2). Restore the file as it was applied; to change the schema further, add a new migration.</source>
        <translation>Файл миграции %1 был изменён после применения (его контрольная сумма отличается от записанной в %2). Верните файл в том виде, в котором он был применён; для дальнейших изменений схемы добавьте новую миграцию.</translation>
    </message>
    <message>
        <source>The database has migration %1 (&quot;%2&quot;) applied, which this version of Horoscope Admin does not know. Use the version that applied it, or a newer one.</source>
        <translation>В базе данных применена миграция %1 (&quot;%2&quot;), неизвестная этой версии Horoscope Admin. Используйте версию, которая её применила, или более новую.</translation>
    </message>
    <message>
        <source>Migration %1 is pending, but the later migration %2 is already applied. Give the new file an id after the last applied one.</source>
        <translation>Миграция %1 ожидает применения, но более поздняя миграция %2 уже применена. Присвойте новому файлу ID, следующий за последним применённым.</translation>
    </message>
    <message>
        <source>The tables %1 already exist but differ from what %2 creates, so they are not adopted and nothing was changed. Differences:
%3</source>
        <translation>Таблицы %1 уже существуют, но отличаются от создаваемых в %2, поэтому они не приняты и ничего не изменено. Различия:
%3</translation>
    </message>
    <message>
        <source>-- %1: the existing tables match; it would be recorded as adopted without running.
</source>
        <translation>-- %1: существующие таблицы совпадают; миграция была бы записана как принятая без выполнения.
</translation>
    </message>
    <message>
        <source>outside a transaction</source>
        <translation>вне транзакции</translation>
    </message>
    <message>
        <source>This migration runs outside a transaction: the statements before the failed one stay applied.</source>
        <translation>Эта миграция выполняется вне транзакции: операторы, выполненные до ошибочного, остаются применёнными.</translation>
    </message>
    <message>
        <source>Could not record %1 in the migration history: %2</source>
        <translation>Не удалось записать %1 в историю миграций: %2</translation>
    </message>
    <message>
        <source>There is no migration with id %1.</source>
        <translation>Миграции с ID %1 нет.</translation>
    </message>
    <message>
        <source>The database is up to date.</source>
        <translation>База данных в актуальном состоянии.</translation>
    </message>
    <message>
        <source>Applying %1…</source>
        <translation>Применение %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s) applied.</source>
        <translation>
            <numerusform>Применена %n миграция.</numerusform>
            <numerusform>Применены %n миграции.</numerusform>
            <numerusform>Применено %n миграций.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to roll back.</source>
        <translation>Нечего откатывать.</translation>
    </message>
    <message>
        <source>Rolling back %1…</source>
        <translation>Откат %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s) rolled back.</source>
        <translation>
            <numerusform>Откачена %n миграция.</numerusform>
            <numerusform>Откачены %n миграции.</numerusform>
            <numerusform>Откачено %n миграций.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled before the next migration. The migrations that finished stay applied.</source>
        <translation>Отменено перед следующей миграцией. Завершённые миграции остаются применёнными.</translation>
    </message>
    <message>
        <source>%1 left the index %2 INVALID (an interrupted CREATE INDEX CONCURRENTLY). Drop it with DROP INDEX CONCURRENTLY %2; and run the migration again.</source>
        <translation>%1 оставила индекс %2 в состоянии INVALID (прерванный CREATE INDEX CONCURRENTLY). Удалите его командой DROP INDEX CONCURRENTLY %2; и запустите миграцию снова.</translation>
    </message>
    <message>
        <source>Migration %1 gave up after %2 attempts in %3 s: a table it changes stayed busy (the bot or another session held a lock on it). Each attempt waited at most %4 ms, so the bot&apos;s writes never queued behind it. Nothing was changed; run it again when the database is quieter, or allow a longer wait with --lock-wait.</source>
        <translation>Миграция %1 не выполнена: попыток за %3 с — %2, и всё это время изменяемая ею таблица была занята (бот или другой сеанс удерживал на ней блокировку). Каждая попытка ждала не больше %4 мс, поэтому записи бота не вставали в очередь за миграцией. Ничего не изменено; запустите её снова, когда нагрузка на базу данных снизится, или разрешите ждать дольше с помощью --lock-wait.</translation>
    </message>
    <message numerus="yes">
        <source>%1: waiting for %n transaction(s) that hold a table it needs; the bot&apos;s work goes on meanwhile (attempt %2 follows, at most %3 s more).</source>
        <translation>
            <numerusform>%1: ожидание завершения %n транзакции, которая удерживает нужную миграции таблицу; бот тем временем продолжает работать (далее попытка %2, ждать ещё не больше %3 с).</numerusform>
            <numerusform>%1: ожидание завершения %n транзакций, которые удерживают нужную миграции таблицу; бот тем временем продолжает работать (далее попытка %2, ждать ещё не больше %3 с).</numerusform>
            <numerusform>%1: ожидание завершения %n транзакций, которые удерживают нужную миграции таблицу; бот тем временем продолжает работать (далее попытка %2, ждать ещё не больше %3 с).</numerusform>
        </translation>
    </message>
    <message>
        <source>Would apply %1.</source>
        <translation>Была бы применена миграция %1.</translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n migration(s) would be applied; nothing was changed.</source>
        <translation>
            <numerusform>Пробный запуск: была бы применена %n миграция; ничего не изменено.</numerusform>
            <numerusform>Пробный запуск: были бы применены %n миграции; ничего не изменено.</numerusform>
            <numerusform>Пробный запуск: было бы применено %n миграций; ничего не изменено.</numerusform>
        </translation>
    </message>
    <message>
        <source>Would roll back %1.</source>
        <translation>Была бы откачена миграция %1.</translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n migration(s) would be rolled back; nothing was changed.</source>
        <translation>
            <numerusform>Пробный запуск: была бы откачена %n миграция; ничего не изменено.</numerusform>
            <numerusform>Пробный запуск: были бы откачены %n миграции; ничего не изменено.</numerusform>
            <numerusform>Пробный запуск: было бы откачено %n миграций; ничего не изменено.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was changed: %1 Connect as the role that owns the tables, or ask the database administrator for: %2</source>
        <translation>Ничего не изменено: %1 Подключитесь под ролью-владельцем таблиц или попросите администратора базы данных выполнить: %2</translation>
    </message>
    <message>
        <source>-- %1: the tables %2 exist. A real run compares them with what it creates and records it as adopted when they match; this dry run could not compare them, because that needs TEMPORARY on the database.
</source>
        <translation>-- %1: таблицы %2 существуют. Настоящий запуск сравнивает их с тем, что создаёт миграция, и при совпадении отмечает её как принятую; пробный запуск не смог их сравнить, так как для этого нужно право TEMPORARY на базу данных.
</translation>
    </message>
    <message>
        <source>Could not pin the search path to schema %1: %2</source>
        <translation>Не удалось закрепить путь поиска за схемой %1: %2</translation>
    </message>
    <message>
        <source>-- This rollback deletes %1; it runs only when the loss is accepted (--accept-data-loss).
</source>
        <translation>-- Этот откат удаляет %1; он выполняется, только если потеря данных подтверждена (--accept-data-loss).
</translation>
    </message>
    <message>
        <source>Rolling back would delete %1 in database %2, so nothing was changed. If that is really wanted, back the data up first and accept the loss (on the command line: --accept-data-loss).</source>
        <translation>Откат удалил бы %1 в базе данных %2, поэтому ничего не изменено. Если это действительно нужно, сначала сделайте резервную копию и подтвердите потерю данных (в командной строке: --accept-data-loss).</translation>
    </message>
</context>
<context>
    <name>MigrationsModel</name>
    <message>
        <source>The file changed after it was applied. Restore it as it was.</source>
        <translation>Файл изменён после применения. Верните его в прежний вид.</translation>
    </message>
    <message>
        <source>The tables already existed (created by the bot&apos;s Alembic) and matched.</source>
        <translation>Таблицы уже существовали (созданы Alembic бота) и совпали.</translation>
    </message>
    <message>
        <source>Applied by a newer version of Horoscope Admin.</source>
        <translation>Применена более новой версией Horoscope Admin.</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Applied at</source>
        <translation>Дата применения</translation>
    </message>
    <message>
        <source>Applied by</source>
        <translation>Кем применена</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>Длительность</translation>
    </message>
</context>
<context>
    <name>MigrationsView</name>
    <message>
        <source>Apply pending</source>
        <translation>Применить ожидающие</translation>
    </message>
    <message>
        <source>Apply up to selected</source>
        <translation>Применить до выбранной</translation>
    </message>
    <message>
        <source>Roll back selected…</source>
        <translation>Откатить выбранную…</translation>
    </message>
    <message>
        <source>Preview SQL</source>
        <translation>Просмотр SQL</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>SQL</source>
        <translation>SQL</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Журнал</translation>
    </message>
    <message>
        <source>Apply every pending migration, in order</source>
        <translation>Применить все ожидающие миграции по порядку</translation>
    </message>
    <message>
        <source>Show the SQL that Apply would run, without changing anything</source>
        <translation>Показать SQL, который будет выполнен при применении, ничего не изменяя</translation>
    </message>
    <message>
        <source>The database is up to date.</source>
        <translation>База данных в актуальном состоянии.</translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s) pending.</source>
        <translation>
            <numerusform>Ожидает %n миграция.</numerusform>
            <numerusform>Ожидают %n миграции.</numerusform>
            <numerusform>Ожидают %n миграций.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the migration state: %1</source>
        <translation>Не удалось прочитать состояние миграций: %1</translation>
    </message>
    <message>
        <source>-- This migration is not part of this version of the app.</source>
        <translation>-- Эта миграция не входит в данную версию приложения.</translation>
    </message>
    <message>
        <source>-- %1
-- Up
%2

-- Down
%3
</source>
        <translation>-- %1
-- Применение (up)
%2

-- Откат (down)
%3
</translation>
    </message>
    <message>
        <source>Apply migrations</source>
        <translation>Применение миграций</translation>
    </message>
    <message numerus="yes">
        <source>Apply %n pending migration(s) to this database? Each one runs in its own transaction; the bot keeps running.</source>
        <translation>
            <numerusform>Применить к этой базе данных %n ожидающую миграцию? Каждая миграция выполняется в отдельной транзакции; бот продолжает работать.</numerusform>
            <numerusform>Применить к этой базе данных %n ожидающие миграции? Каждая миграция выполняется в отдельной транзакции; бот продолжает работать.</numerusform>
            <numerusform>Применить к этой базе данных %n ожидающих миграций? Каждая миграция выполняется в отдельной транзакции; бот продолжает работать.</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Применить</translation>
    </message>
    <message>
        <source>Apply the pending migrations up to and including %1?</source>
        <translation>Применить ожидающие миграции до %1 включительно?</translation>
    </message>
    <message>
        <source>Roll back migrations</source>
        <translation>Откат миграций</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Откатить</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Готово.</translation>
    </message>
    <message>
        <source>Roll back migrations and delete data</source>
        <translation>Откат миграций с удалением данных</translation>
    </message>
    <message>
        <source>Delete and roll back</source>
        <translation>Удалить и откатить</translation>
    </message>
    <message>
        <source>Create the bot&apos;s tables?</source>
        <translation>Создать таблицы бота?</translation>
    </message>
    <message>
        <source>horoscope_cache and horoscope_views belong to the bot and do not exist in this database. Create them here only if the bot will never migrate this database: its own deploy (alembic upgrade) would then fail on them. If the bot will use it, deploy the bot first and apply again: its tables are then adopted.</source>
        <translation>Таблицы horoscope_cache и horoscope_views принадлежат боту, и в этой базе данных их нет. Создавайте их здесь, только если бот никогда не будет применять свои миграции к этой базе данных: иначе его собственное развёртывание (alembic upgrade) завершится ошибкой на этих таблицах. Если бот будет работать с этой базой, сначала разверните бота, а затем снова примените миграции: тогда его таблицы будут приняты.</translation>
    </message>
    <message>
        <source>Create the tables</source>
        <translation>Создать таблицы</translation>
    </message>
    <message>
        <source>Roll back %1 and every migration applied after it? What they drop holds no data now.</source>
        <translation>Откатить %1 и все миграции, применённые после неё? В том, что они удаляют, сейчас нет данных.</translation>
    </message>
    <message>
        <source>Rolling back %1 and every migration applied after it deletes %2 in database %3. This cannot be undone from this app; back the data up first.</source>
        <translation>Откат %1 и всех миграций, применённых после неё, удалит %2 в базе данных %3. В этом приложении это нельзя отменить; сначала сделайте резервную копию.</translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation>Миграции</translation>
    </message>
    <message>
        <source>SQL of the selected migration</source>
        <translation>SQL выбранной миграции</translation>
    </message>
    <message>
        <source>Migration log</source>
        <translation>Журнал миграций</translation>
    </message>
    <message>
        <source>Your role %1 may not read the migration state: ask the database owner for: GRANT SELECT ON horoscope_admin_schema_history TO %1;</source>
        <translation>Ваша роль %1 не может читать состояние миграций: попросите владельца базы данных выполнить: GRANT SELECT ON horoscope_admin_schema_history TO %1;</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(неизвестна)</translation>
    </message>
    <message>
        <source>apply migrations</source>
        <translation>применять миграции</translation>
    </message>
    <message>
        <source>roll back migrations</source>
        <translation>откатывать миграции</translation>
    </message>
    <message>
        <source>apply or roll back migrations</source>
        <translation>применять и откатывать миграции</translation>
    </message>
    <message>
        <source>%1 Your role %2 may not %3 here: ask the database owner to run them, or for the tables&apos; owner role.</source>
        <translation>%1 Ваша роль %2 не может %3 здесь: попросите владельца базы данных выполнить их или выдать вам роль владельца таблиц.</translation>
    </message>
</context>
<context>
    <name>OpenAiProvider</name>
    <message>
        <source>%1 at %2</source>
        <translation>%1 на %2</translation>
    </message>
    <message>
        <source>The AI service did not answer within %1 s.</source>
        <translation>Сервис ИИ не ответил за %1 с.</translation>
    </message>
    <message>
        <source>The AI service refused the API key (HTTP %1). Set a valid key in HOROSCOPE_AI_API_KEY or in Settings → AI provider.</source>
        <translation>Сервис ИИ отклонил API-ключ (HTTP %1). Укажите действительный ключ в HOROSCOPE_AI_API_KEY или в меню Настройки → Поставщик ИИ.</translation>
    </message>
    <message>
        <source>The AI service is rate limiting us (HTTP 429).</source>
        <translation>Сервис ИИ ограничивает частоту запросов (HTTP 429).</translation>
    </message>
    <message>
        <source>The AI service failed (HTTP %1).</source>
        <translation>Ошибка сервиса ИИ (HTTP %1).</translation>
    </message>
    <message>
        <source>Could not reach the AI service: %1</source>
        <translation>Не удалось связаться с сервисом ИИ: %1</translation>
    </message>
    <message>
        <source>The AI service answered HTTP %1.</source>
        <translation>Сервис ИИ ответил HTTP %1.</translation>
    </message>
    <message>
        <source>The AI service sent an answer that is not a chat completion; nothing was written.</source>
        <translation>Сервис ИИ прислал ответ, не похожий на chat completion; ничего не записано.</translation>
    </message>
    <message>
        <source>The AI service sent an empty text; nothing was written.</source>
        <translation>Сервис ИИ прислал пустой текст; ничего не записано.</translation>
    </message>
    <message>
        <source>The AI model refused: %1</source>
        <translation>Модель ИИ отказалась: %1</translation>
    </message>
    <message>
        <source>The AI service stopped the answer early (finish_reason &quot;%1&quot;); nothing was written.</source>
        <translation>Сервис ИИ оборвал ответ (finish_reason &quot;%1&quot;); ничего не записано.</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Reload the overview (F5)</source>
        <translation>Обновить обзор (F5)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Horoscopes and views by sign&lt;/b&gt;</source>
        <translation>&lt;b&gt;Гороскопы и просмотры по знакам&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation>Не загружено</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Обновлено в %1</translation>
    </message>
    <message>
        <source>Horoscopes and views by sign</source>
        <translation>Гороскопы и просмотры по знакам</translation>
    </message>
</context>
<context>
    <name>PgCluster</name>
    <message>
        <source>PostgreSQL server programs (initdb, pg_ctl) were not found. Install them with &quot;sudo apt-get install postgresql&quot;.</source>
        <translation>Серверные программы PostgreSQL (initdb, pg_ctl) не найдены. Установите их командой &quot;sudo apt-get install postgresql&quot;.</translation>
    </message>
    <message>
        <source>Could not create the directory %1. Check that you may write there.</source>
        <translation>Не удалось создать каталог %1. Проверьте, есть ли у вас права на запись в это расположение.</translation>
    </message>
    <message>
        <source>Running as root, but there is no &quot;postgres&quot; system user to run the server as. Install the postgresql package, or run as an ordinary user.</source>
        <translation>Программа запущена от root, но системного пользователя &quot;postgres&quot;, от имени которого можно запустить сервер, нет. Установите пакет postgresql или запустите программу от имени обычного пользователя.</translation>
    </message>
    <message>
        <source>Could not hand %1 over to the postgres user.</source>
        <translation>Не удалось передать %1 во владение пользователю postgres.</translation>
    </message>
    <message>
        <source>The directory %1 belongs to another user. Remove it or choose another location.</source>
        <translation>Каталог %1 принадлежит другому пользователю. Удалите его или выберите другое расположение.</translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation>Не удалось запустить %1: %2</translation>
    </message>
    <message>
        <source>%1 did not finish in time.</source>
        <translation>%1 не завершил работу вовремя.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>Ошибка %1: %2</translation>
    </message>
    <message>
        <source>Could not configure the new cluster in %1.</source>
        <translation>Не удалось настроить новый кластер в %1.</translation>
    </message>
</context>
<context>
    <name>PgQuery</name>
    <message>
        <source>no connection to the server</source>
        <translation>нет соединения с сервером</translation>
    </message>
    <message>
        <source>Unable to run the statement</source>
        <translation>Не удалось выполнить оператор</translation>
    </message>
    <message>
        <source>Unable to get result</source>
        <translation>Не удалось получить результат</translation>
    </message>
    <message>
        <source>The rows were dropped by a later statement.</source>
        <translation>Строки отброшены следующим оператором.</translation>
    </message>
</context>
<context>
    <name>PgSession</name>
    <message>
        <source>Not connected to the database.</source>
        <translation>Нет подключения к базе данных.</translation>
    </message>
    <message>
        <source>The schema %1 does not exist in this database. Set HOROSCOPE_SCHEMA to the schema that holds the bot&apos;s tables.</source>
        <translation>В этой базе данных нет схемы %1. Укажите в HOROSCOPE_SCHEMA схему, в которой лежат таблицы бота.</translation>
    </message>
    <message>
        <source>Anyone may create objects in schema %1 (CREATE is granted to PUBLIC), so a name there could be someone else&apos;s table or function. Ask the database owner to run: REVOKE CREATE ON SCHEMA %1 FROM PUBLIC;</source>
        <translation>В схеме %1 кто угодно может создавать объекты (право CREATE выдано PUBLIC), поэтому любое имя в ней может оказаться чужой таблицей или функцией. Попросите владельца базы данных выполнить: REVOKE CREATE ON SCHEMA %1 FROM PUBLIC;</translation>
    </message>
    <message>
        <source>The tables %1 in schema %2 belong to roles that may not create objects there, so they may be someone else&apos;s copies of the bot&apos;s tables. Nothing was read; ask the database owner to check who created them.</source>
        <translation>Таблицы %1 в схеме %2 принадлежат ролям, которые не могут создавать в ней объекты, — это могут быть чужие копии таблиц бота. Ничего не прочитано; попросите владельца базы данных проверить, кто их создал.</translation>
    </message>
</context>
<context>
    <name>Privileges</name>
    <message>
        <source>The server is a read-only standby.</source>
        <translation>Сервер — резервный (standby), доступный только для чтения.</translation>
    </message>
    <message>
        <source>The session is read-only (default_transaction_read_only).</source>
        <translation>Сеанс только для чтения (default_transaction_read_only).</translation>
    </message>
    <message>
        <source>Your role %1 may not %2.</source>
        <translation>Вашей роли %1 нельзя выполнять %2.</translation>
    </message>
    <message>
        <source>This database has no table horoscope_cache.</source>
        <translation>В этой базе данных нет таблицы horoscope_cache.</translation>
    </message>
    <message>
        <source>Your role %1 may not %2 (a regeneration inserts the row or updates it).</source>
        <translation>Вашей роли %1 нельзя выполнять %2 (перегенерация вставляет строку или обновляет её).</translation>
    </message>
    <message>
        <source>This database has no table horoscope_cache_revisions (apply migration 0002 to keep the history).</source>
        <translation>В этой базе данных нет таблицы horoscope_cache_revisions (примените миграцию 0002, чтобы хранить историю).</translation>
    </message>
    <message>
        <source>This database has no table horoscope_views.</source>
        <translation>В этой базе данных нет таблицы horoscope_views.</translation>
    </message>
    <message>
        <source>Your role %1 may not CREATE in schema %2.</source>
        <translation>Вашей роли %1 нельзя выполнять CREATE в схеме %2.</translation>
    </message>
    <message>
        <source>Your role %1 does not own %2: only a table&apos;s owner may add indexes and triggers to it.</source>
        <translation>Ваша роль %1 не владеет %2: добавлять индексы и триггеры к таблице может только её владелец.</translation>
    </message>
    <message>
        <source>Your role %1 may not CREATE in database %2 (migration 0003 creates the extension pg_trgm).</source>
        <translation>Вашей роли %1 нельзя выполнять CREATE в базе данных %2 (миграция 0003 создаёт расширение pg_trgm).</translation>
    </message>
    <message>
        <source>Your role %1 does not own %2: only a table&apos;s owner may drop it or its indexes and triggers.</source>
        <translation>Ваша роль %1 не владеет %2: удалить таблицу, её индексы и триггеры может только её владелец.</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>доступ запрещён</translation>
    </message>
    <message>
        <source>saving the text</source>
        <translation>сохранение текста</translation>
    </message>
    <message>
        <source>deleting the horoscopes</source>
        <translation>удаление гороскопов</translation>
    </message>
    <message>
        <source>writing the new text</source>
        <translation>запись нового текста</translation>
    </message>
    <message>
        <source>this change</source>
        <translation>это изменение</translation>
    </message>
    <message>
        <source>the privilege</source>
        <translation>соответствующая привилегия</translation>
    </message>
    <message>
        <source>The server refused %1 (%2): your role %3 needs %4. Ask the database administrator for: %5</source>
        <translation>Сервер отклонил %1 (%2): роли %3 требуется %4. Попросите администратора базы данных выполнить: %5</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(неизвестна)</translation>
    </message>
</context>
<context>
    <name>ReadSourceLabel</name>
    <message>
        <source>up to date</source>
        <translation>без отставания</translation>
    </message>
    <message>
        <source>%1 s behind</source>
        <translation>отстаёт на %1 с</translation>
    </message>
    <message>
        <source>behind, nothing replayed yet</source>
        <translation>отстаёт, ещё ничего не воспроизведено</translation>
    </message>
    <message>
        <source>replay paused</source>
        <translation>воспроизведение приостановлено</translation>
    </message>
    <message>
        <source>Reads: checking the standby…</source>
        <translation>Чтение: проверка реплики…</translation>
    </message>
    <message>
        <source>Reads: primary %1 — the standby is unreachable</source>
        <translation>Чтение: основной сервер %1 — реплика недоступна</translation>
    </message>
    <message>
        <source>Reads: primary %1 — no standby among the hosts</source>
        <translation>Чтение: основной сервер %1 — среди хостов нет реплики</translation>
    </message>
    <message>
        <source>Reads: primary until the standby has your last change (standby %1)</source>
        <translation>Чтение: основной сервер, пока реплика не получит ваше последнее изменение (реплика: %1)</translation>
    </message>
    <message>
        <source>Reads: standby %1, %2</source>
        <translation>Чтение: реплика %1, %2</translation>
    </message>
    <message>
        <source>Browsing, search, trends, coverage, the overview and exports read from the standby; saving and the editor use the primary.</source>
        <translation>Просмотр, поиск, тренды, покрытие, обзор и экспорт читают с реплики; сохранение и редактор работают с основным сервером.</translation>
    </message>
</context>
<context>
    <name>RegenerateCommand</name>
    <message>
        <source>Provider: %1</source>
        <translation>Поставщик: %1</translation>
    </message>
    <message>
        <source>Warning: the current text of %1 was corrected by hand; writing replaces it (it stays in the history).</source>
        <translation>Внимание: текущий текст гороскопа (%1) исправлен вручную; запись заменит его (он останется в истории).</translation>
    </message>
    <message>
        <source>Nothing was written. Run again with --yes to write these texts.</source>
        <translation>Ничего не записано. Чтобы записать эти тексты, запустите команду повторно с --yes.</translation>
    </message>
    <message>
        <source>Written: %1. Changed meanwhile, not written: %2. Failed: %3.</source>
        <translation>Записано: %1. Изменено за это время, не записано: %2. Ошибок: %3.</translation>
    </message>
    <message>
        <source>Nothing was generated or written: %1 Ask the database administrator for: %2 Without --yes the new texts are only printed.</source>
        <translation>Ничего не сгенерировано и не записано: %1 Попросите администратора базы данных выполнить: %2 Без --yes новые тексты только выводятся.</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) could not be generated, nothing was written: %1</source>
        <translation>
            <numerusform>Не удалось сгенерировать %n текст, ничего не записано: %1</numerusform>
            <numerusform>Не удалось сгенерировать %n текста, ничего не записано: %1</numerusform>
            <numerusform>Не удалось сгенерировать %n текстов, ничего не записано: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegenerateDialog</name>
    <message>
        <source>Regenerate horoscopes</source>
        <translation>Перегенерация гороскопов</translation>
    </message>
    <message>
        <source>Provider: %1</source>
        <translation>Поставщик: %1</translation>
    </message>
    <message>
        <source>Written: %1. Changed meanwhile: %2. Failed: %3.</source>
        <translation>Записано: %1. Изменено за это время: %2. Ошибок: %3.</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Someone changed this horoscope after the review started.&lt;/b&gt; Their text is now:&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Кто-то изменил этот гороскоп после начала проверки.&lt;/b&gt; Их текст сейчас:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Changes from the current text:&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Изменения относительно текущего текста:&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;There is no horoscope for this day yet.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;На этот день гороскопа ещё нет.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The current text was corrected by hand. Replacing it loses that correction (it stays in the history).</source>
        <translation>Текущий текст был исправлен вручную. При замене это исправление будет потеряно (оно останется в истории).</translation>
    </message>
    <message>
        <source>Replace corrected texts?</source>
        <translation>Заменить исправленные тексты?</translation>
    </message>
    <message>
        <source>These horoscopes were corrected by hand: %1. Accept new texts for them anyway? The corrected texts stay in the history.</source>
        <translation>Эти гороскопы были исправлены вручную: %1. Всё равно принять для них новые тексты? Исправленные тексты останутся в истории.</translation>
    </message>
    <message>
        <source>Accept anyway</source>
        <translation>Всё равно принять</translation>
    </message>
    <message>
        <source>&amp;Edit text…</source>
        <translation>&amp;Изменить текст…</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Write %n accepted</source>
        <translation>
            <numerusform>&amp;Записать %n принятый</numerusform>
            <numerusform>&amp;Записать %n принятых</numerusform>
            <numerusform>&amp;Записать %n принятых</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Write accepted</source>
        <translation>&amp;Записать принятые</translation>
    </message>
    <message>
        <source>Edit the new text</source>
        <translation>Изменить новый текст</translation>
    </message>
    <message>
        <source>%1, %2:</source>
        <translation>%1, %2:</translation>
    </message>
    <message numerus="yes">
        <source>%n accepted text(s) are not written yet.</source>
        <translation>
            <numerusform>%n принятый текст ещё не записан.</numerusform>
            <numerusform>%n принятых текста ещё не записаны.</numerusform>
            <numerusform>%n принятых текстов ещё не записаны.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n generated text(s) are not reviewed.</source>
        <translation>
            <numerusform>%n сгенерированный текст не проверен.</numerusform>
            <numerusform>%n сгенерированных текста не проверены.</numerusform>
            <numerusform>%n сгенерированных текстов не проверены.</numerusform>
        </translation>
    </message>
    <message>
        <source>Write the accepted ones now?</source>
        <translation>Записать принятые сейчас?</translation>
    </message>
    <message>
        <source>Discard generated texts?</source>
        <translation>Отбросить сгенерированные тексты?</translation>
    </message>
    <message numerus="yes">
        <source>%n generated text(s) are not reviewed yet. Close and drop them? Generating them again asks the AI provider again.</source>
        <translation>
            <numerusform>%n сгенерированный текст ещё не проверен. Закрыть и отбросить его? Повторная генерация снова обратится к поставщику ИИ.</numerusform>
            <numerusform>%n сгенерированных текста ещё не проверены. Закрыть и отбросить их? Повторная генерация снова обратится к поставщику ИИ.</numerusform>
            <numerusform>%n сгенерированных текстов ещё не проверены. Закрыть и отбросить их? Повторная генерация снова обратится к поставщику ИИ.</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation>Отбросить и закрыть</translation>
    </message>
    <message>
        <source>Still writing; close again once it is done.</source>
        <translation>Запись ещё идёт; закройте окно снова, когда она завершится.</translation>
    </message>
    <message>
        <source>Cancel &amp;generation</source>
        <translation>Отменить &amp;генерацию</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>П&amp;ринять</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Отклонить</translation>
    </message>
    <message>
        <source>Accept a&amp;ll ready</source>
        <translation>Принять &amp;все готовые</translation>
    </message>
    <message>
        <source>Write &amp;over their version</source>
        <translation>Записать поверх их в&amp;ерсии</translation>
    </message>
    <message>
        <source>New text:</source>
        <translation>Новый текст:</translation>
    </message>
    <message>
        <source>New text</source>
        <translation>Новый текст</translation>
    </message>
    <message>
        <source>Horoscopes to review</source>
        <translation>Гороскопы на проверку</translation>
    </message>
</context>
<context>
    <name>RegenerationBatch</name>
    <message>
        <source>waiting</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>generating…</source>
        <translation>генерируется…</translation>
    </message>
    <message>
        <source>ready for review</source>
        <translation>готов к проверке</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменён</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>принят</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>отклонён</translation>
    </message>
    <message>
        <source>written</source>
        <translation>записан</translation>
    </message>
    <message>
        <source>changed meanwhile</source>
        <translation>изменён за это время</translation>
    </message>
    <message>
        <source>the connection to the database was lost</source>
        <translation>подключение к базе данных потеряно</translation>
    </message>
    <message>
        <source>the connection to the database was lost while writing (%1), so this one may or may not be stored</source>
        <translation>подключение к базе данных потеряно во время записи (%1), поэтому неизвестно, сохранён ли этот текст</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>причина не указана</translation>
    </message>
    <message>
        <source>%1 (your role %2 may not INSERT/UPDATE horoscope_cache)</source>
        <translation>%1 (вашей роли %2 нельзя выполнять INSERT/UPDATE в horoscope_cache)</translation>
    </message>
    <message>
        <source>not tried: %1</source>
        <translation>не выполнялось: %1</translation>
    </message>
    <message>
        <source>Another session is changing this row, so it was not written. Try again when that session has finished.</source>
        <translation>Другой сеанс изменяет эту строку, поэтому она не записана. Повторите, когда тот сеанс завершится.</translation>
    </message>
</context>
<context>
    <name>SchemaSnapshot</name>
    <message>
        <source>missing %1 (expected: %2)</source>
        <translation>отсутствует %1 (ожидалось: %2)</translation>
    </message>
    <message>
        <source>%1 differs: expected &quot;%2&quot;, found &quot;%3&quot;</source>
        <translation>%1 отличается: ожидалось &quot;%2&quot;, найдено &quot;%3&quot;</translation>
    </message>
    <message>
        <source>unexpected %1 (%2)</source>
        <translation>лишний объект %1 (%2)</translation>
    </message>
</context>
<context>
    <name>ServerInfo</name>
    <message>
        <source>local socket</source>
        <translation>локальный сокет</translation>
    </message>
    <message>
        <source>the server is a read-only standby</source>
        <translation>сервер является резервным (standby) и доступен только для чтения</translation>
    </message>
    <message>
        <source>the session is read-only (default_transaction_read_only)</source>
        <translation>сеанс в режиме только для чтения (default_transaction_read_only)</translation>
    </message>
    <message>
        <source>role %1 may not change horoscope_cache</source>
        <translation>у роли %1 нет прав на изменение horoscope_cache</translation>
    </message>
</context>
<context>
    <name>SignSummaryModel</name>
    <message>
        <source>&quot;%1&quot; is not one of the twelve signs the bot knows.</source>
        <translation>&quot;%1&quot; не входит в число двенадцати знаков, известных боту.</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>готов</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Знак</translation>
    </message>
    <message>
        <source>Horoscopes</source>
        <translation>Гороскопы</translation>
    </message>
    <message>
        <source>Latest date</source>
        <translation>Последняя дата</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <source>Views, 7 days</source>
        <translation>Просмотры за 7 дней</translation>
    </message>
    <message>
        <source>Change vs. previous 7 days</source>
        <translation>Изменение к предыдущим 7 дням</translation>
    </message>
</context>
<context>
    <name>SpellCheck</name>
    <message>
        <source>Spell checking is unavailable (install hunspell-ru and hunspell-en-us)</source>
        <translation>Проверка орфографии недоступна (установите hunspell-ru и hunspell-en-us)</translation>
    </message>
    <message>
        <source>Spell checking is starting…</source>
        <translation>Проверка орфографии запускается…</translation>
    </message>
    <message>
        <source>No suggestions for “%1”</source>
        <translation>Нет вариантов для «%1»</translation>
    </message>
    <message>
        <source>Add “%1” to the dictionary</source>
        <translation>Добавить «%1» в словарь</translation>
    </message>
    <message>
        <source>Ignore “%1”</source>
        <translation>Пропускать «%1»</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>Views</source>
        <translation>Просмотры</translation>
    </message>
    <message>
        <source>week of %1</source>
        <translation>неделя с %1</translation>
    </message>
    <message>
        <source>%1 — %2: %3 views</source>
        <translation>%1 — %2. Просмотров: %3</translation>
    </message>
    <message>
        <source>Signs</source>
        <translation>Знаки</translation>
    </message>
    <message>
        <source>Texts changed</source>
        <translation>Тексты изменены</translation>
    </message>
    <message>
        <source>Show all signs</source>
        <translation>Показать все знаки</translation>
    </message>
    <message>
        <source>Share of views, %</source>
        <translation>Доля просмотров, %</translation>
    </message>
    <message>
        <source>by day</source>
        <translation>по дням</translation>
    </message>
    <message>
        <source>by week (from Monday)</source>
        <translation>по неделям (с понедельника)</translation>
    </message>
    <message>
        <source>by month</source>
        <translation>по месяцам</translation>
    </message>
    <message>
        <source>Share of views per sign</source>
        <translation>Доля просмотров по знакам</translation>
    </message>
    <message>
        <source>Views per sign</source>
        <translation>Просмотры по знакам</translation>
    </message>
    <message>
        <source>%1, %2 – %3, %4</source>
        <translation>%1, %2 – %3, %4</translation>
    </message>
    <message>
        <source>%1: no data yet (the first recorded view is on %2)</source>
        <translation>%1: данных ещё нет (первый учтённый просмотр — %2)</translation>
    </message>
    <message>
        <source>%1 (unfinished)</source>
        <translation>%1 (не завершён)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation>Всего: %1</translation>
    </message>
    <message>
        <source>Texts changed: %1 regenerated, %2 corrected, %3 deleted</source>
        <translation>Тексты изменены: перегенерировано %1, исправлено %2, удалено %3</translation>
    </message>
    <message>
        <source>Chart of views per sign</source>
        <translation>График просмотров по знакам</translation>
    </message>
    <message>
        <source>+ and - zoom, the arrow keys move, 0 resets, A shows all signs</source>
        <translation>+ и - меняют масштаб, стрелки сдвигают график, 0 сбрасывает, A показывает все знаки</translation>
    </message>
</context>
<context>
    <name>TrendTotalsModel</name>
    <message>
        <source>%1 views in the %2 days before</source>
        <translation>Просмотров за предыдущий период (%2 дн.): %1</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Знак</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Просмотры</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Доля</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Изменение</translation>
    </message>
</context>
<context>
    <name>TrendsPage</name>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Последние 90 дней</translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation>Последние 365 дней</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>За всё время</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>По дням</translation>
    </message>
    <message>
        <source>By week</source>
        <translation>По неделям</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>По месяцам</translation>
    </message>
    <message>
        <source>No auto-refresh</source>
        <translation>Без автообновления</translation>
    </message>
    <message>
        <source>Every %1 s</source>
        <translation>Каждые %1 с</translation>
    </message>
    <message>
        <source>Every %1 min</source>
        <translation>Каждые %1 мин</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Сбросить масштаб</translation>
    </message>
    <message>
        <source>Show all signs</source>
        <translation>Показать все знаки</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>Сохранить PNG…</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>Сохранить CSV…</translation>
    </message>
    <message>
        <source>Double-click a sign to show it alone in the chart</source>
        <translation>Дважды щёлкните знак, чтобы оставить на графике только его</translation>
    </message>
    <message>
        <source>All signs</source>
        <translation>Все знаки</translation>
    </message>
    <message>
        <source>The bot increments these counters; they are read-only here.</source>
        <translation>Эти счётчики увеличивает бот; здесь они доступны только для чтения.</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>График</translation>
    </message>
    <message>
        <source>Raw counts</source>
        <translation>Исходные счётчики</translation>
    </message>
    <message>
        <source>The first %1 rows; narrow the filter to see the rest.</source>
        <translation>Показаны первые %1 строк; чтобы увидеть остальные, сузьте фильтр.</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>Строк: %1</translation>
    </message>
    <message>
        <source>Save the chart</source>
        <translation>Сохранение графика</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Изображения PNG (*.png)</translation>
    </message>
    <message>
        <source>Saved the chart to %1.</source>
        <translation>График сохранён в %1.</translation>
    </message>
    <message>
        <source>Could not save the chart to %1. Check that you may write there.</source>
        <translation>Не удалось сохранить график в %1. Проверьте, есть ли у вас права на запись в это расположение.</translation>
    </message>
    <message>
        <source>Save the numbers</source>
        <translation>Сохранение данных</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved the numbers to %1.</source>
        <translation>Данные сохранены в %1.</translation>
    </message>
    <message>
        <source>Could not save the numbers to %1. Check that you may write there.</source>
        <translation>Не удалось сохранить данные в %1. Проверьте, есть ли у вас права на запись в это расположение.</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Линии</translation>
    </message>
    <message>
        <source>Small multiples</source>
        <translation>Малые графики</translation>
    </message>
    <message>
        <source>Share of total</source>
        <translation>Доля от общего</translation>
    </message>
    <message>
        <source>One line per sign, one small chart per sign on a shared scale, or each sign&apos;s share of all views</source>
        <translation>Линия на каждый знак, маленький график на каждый знак в общем масштабе или доля каждого знака во всех просмотрах</translation>
    </message>
    <message>
        <source>In the chart: + and - zoom, the arrow keys move, 0 resets</source>
        <translation>На графике: + и - меняют масштаб, стрелки сдвигают, 0 сбрасывает</translation>
    </message>
    <message>
        <source>&amp;Signs</source>
        <translation>&amp;Знаки</translation>
    </message>
    <message>
        <source>Show or hide signs (A in the chart shows all)</source>
        <translation>Показать или скрыть знаки (A на графике показывает все)</translation>
    </message>
    <message>
        <source>%1 to %2: %3 views, %4 of %5 signs shown. Updated %6.</source>
        <translation>С %1 по %2: %3 просмотров, показано знаков: %4 из %5. Обновлено в %6.</translation>
    </message>
    <message>
        <source>Views per sign</source>
        <translation>Просмотры по знакам</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Дата начала</translation>
    </message>
    <message>
        <source>To date</source>
        <translation>Дата окончания</translation>
    </message>
</context>
<context>
    <name>ViewsCommand</name>
    <message>
        <source>Could not write the chart to %1: %2. Check that the folder exists and that you may write there.</source>
        <translation>Не удалось записать график в %1: %2. Проверьте, что папка существует и у вас есть право записи в неё.</translation>
    </message>
</context>
<context>
    <name>ViewsTableModel</name>
    <message>
        <source>Sign</source>
        <translation>Знак</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Просмотры</translation>
    </message>
</context>
<context>
    <name>ZodiacSign</name>
    <message>
        <source>Aries</source>
        <translation>Овен</translation>
    </message>
    <message>
        <source>Taurus</source>
        <translation>Телец</translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation>Близнецы</translation>
    </message>
    <message>
        <source>Cancer</source>
        <translation>Рак</translation>
    </message>
    <message>
        <source>Leo</source>
        <translation>Лев</translation>
    </message>
    <message>
        <source>Virgo</source>
        <translation>Дева</translation>
    </message>
    <message>
        <source>Libra</source>
        <translation>Весы</translation>
    </message>
    <message>
        <source>Scorpio</source>
        <translation>Скорпион</translation>
    </message>
    <message>
        <source>Sagittarius</source>
        <translation>Стрелец</translation>
    </message>
    <message>
        <source>Capricorn</source>
        <translation>Козерог</translation>
    </message>
    <message>
        <source>Aquarius</source>
        <translation>Водолей</translation>
    </message>
    <message>
        <source>Pisces</source>
        <translation>Рыбы</translation>
    </message>
</context>
</TS>
