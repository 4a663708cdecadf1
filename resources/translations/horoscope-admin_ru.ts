<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
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
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Use the embedded demo database: a private PostgreSQL server in your data directory, filled with sample horoscopes and view counts.</source>
        <translation>Использовать встроенную демонстрационную базу данных: собственный сервер PostgreSQL в вашем каталоге данных с примерами гороскопов и счётчиков просмотров.</translation>
    </message>
    <message>
        <source>Connect to &lt;url&gt;: postgresql://user:password@host:5432/db, an SQLAlchemy URL (postgresql+asyncpg://…, postgresql+psycopg2://…) or a libpq string (&quot;host=… dbname=…&quot;). Default: $DATABASE_URL; without either, libpq&apos;s PG* variables, service= and ~/.pgpass apply.</source>
        <translation>Подключиться к &lt;url&gt;: postgresql://user:password@host:5432/db, URL SQLAlchemy (postgresql+asyncpg://…, postgresql+psycopg2://…) или строка libpq (&quot;host=… dbname=…&quot;). По умолчанию: $DATABASE_URL; если не задано ни то, ни другое, используются переменные PG* libpq, service= и ~/.pgpass.</translation>
    </message>
    <message>
        <source>Open the saved connection profile &lt;name&gt;.</source>
        <translation>Открыть сохранённый профиль подключения &lt;name&gt;.</translation>
    </message>
    <message>
        <source>Language of the interface: en, ru or system.</source>
        <translation>Язык интерфейса: en, ru или system.</translation>
    </message>
    <message>
        <source>Read migrations from &lt;dir&gt; instead of the ones built into the app.</source>
        <translation>Читать миграции из &lt;dir&gt; вместо встроенных в приложение.</translation>
    </message>
    <message>
        <source>migrate up/down: print the SQL that would run; change nothing.</source>
        <translation>migrate up/down: вывести SQL, который был бы выполнен, ничего не изменяя.</translation>
    </message>
    <message>
        <source>migrate: wait up to &lt;seconds&gt; for another migration runner (default 30).</source>
        <translation>migrate: ждать завершения другого процесса миграций не более &lt;seconds&gt; с (по умолчанию 30).</translation>
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
        <source>--lock-wait needs a number of seconds, such as 30.</source>
        <translation>Для --lock-wait нужно указать число секунд, например 30.</translation>
    </message>
    <message>
        <source>migrate up/down: stop at migration &lt;id&gt; (down --to 0 rolls back all). views export: the last day, as YYYY-MM-DD.</source>
        <translation>migrate up/down: остановиться на миграции &lt;id&gt; (down --to 0 откатывает все). views export: последний день в формате YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>views export: the first day, as YYYY-MM-DD.</source>
        <translation>views export: первый день в формате YYYY-MM-DD.</translation>
    </message>
    <message>
        <source>views export: day, week (ISO, Monday start) or month.</source>
        <translation>views export: day, week (неделя ISO, с понедельника) или month.</translation>
    </message>
    <message>
        <source>views export: csv or json.</source>
        <translation>views export: csv или json.</translation>
    </message>
    <message>
        <source>views export needs --from and --to as dates, such as --from 2026-01-01 --to 2026-01-31.</source>
        <translation>Для views export нужно указать даты в --from и --to, например --from 2026-01-01 --to 2026-01-31.</translation>
    </message>
    <message>
        <source>--from must not be after --to.</source>
        <translation>Дата в --from не может быть позже даты в --to.</translation>
    </message>
    <message>
        <source>--bucket must be day, week or month.</source>
        <translation>--bucket должен быть day, week или month.</translation>
    </message>
    <message>
        <source>--format must be csv or json.</source>
        <translation>--format должен быть csv или json.</translation>
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
        <source>migrate status|up|down|history, or views export</source>
        <translation>migrate status|up|down|history или views export</translation>
    </message>
    <message>
        <source>regenerate: the sign (aries … pisces) or all.</source>
        <translation>regenerate: знак (aries … pisces) или all.</translation>
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
        <source>Horoscope Admin: the desktop tool for the horoscope bot&apos;s PostgreSQL database.

Without a command it opens the window. Commands for scripts:
  migrate status     each migration and its state (applied, pending, drifted, adopted)
  migrate up         apply pending migrations [--to ID] [--dry-run]
  migrate down       roll back the last migration [--to ID] [--dry-run]
  migrate history    applied migrations: when, by whom, how long
  views export       views per sign, aggregated and zero-filled as the chart shows them:
                     --from DATE --to DATE [--bucket day|week|month] [--format csv|json]
  regenerate         new texts from the AI provider, printed for review:
                     --sign SIGN|all --date DATE [--provider NAME] [--yes]

Exit status: 0 on success; 1 when the command failed (the reason is on stderr); 2 for wrong usage.</source>
        <translation>Horoscope Admin: настольное приложение для базы данных PostgreSQL бота гороскопов.

Без команды открывается окно. Команды для скриптов:
  migrate status     все миграции и их состояние (применена, ожидает, изменена после применения, принята)
  migrate up         применить ожидающие миграции [--to ID] [--dry-run]
  migrate down       откатить последнюю миграцию [--to ID] [--dry-run]
  migrate history    применённые миграции: когда, кем и сколько длилось применение
  views export       просмотры по знакам, агрегированные и дополненные нулями, как на графике:
                     --from DATE --to DATE [--bucket day|week|month] [--format csv|json]
  regenerate         новые тексты от поставщика ИИ, выводятся для проверки:
                     --sign SIGN|all --date DATE [--provider NAME] [--yes]

Код завершения: 0 при успехе; 1, если команда не выполнена (причина выводится в stderr); 2 при неверном использовании.</translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Commands: migrate status|up|down|history, views export, regenerate. Run horoscope-admin --help.</source>
        <translation>Неизвестная команда &quot;%1&quot;. Команды: migrate status|up|down|history, views export, regenerate. Справка: horoscope-admin --help.</translation>
    </message>
    <message>
        <source>regenerate needs --sign with a sign key (aries … pisces) or all.</source>
        <translation>Для regenerate нужно указать в --sign ключ знака (aries … pisces) или all.</translation>
    </message>
    <message>
        <source>regenerate needs --date as a date, such as --date 2026-11-28.</source>
        <translation>Для regenerate нужно указать дату в --date, например --date 2026-11-28.</translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <source>Unsaved changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Someone else changed this horoscope</source>
        <translation>Этот гороскоп изменил кто-то другой</translation>
    </message>
    <message>
        <source>While you were editing, this horoscope was deleted (by the bot or another admin). Your text is safe. Put it back with your text, or drop your changes.</source>
        <translation>Пока вы редактировали, этот гороскоп был удалён (ботом или другим администратором). Ваш текст не потерян. Восстановите гороскоп с вашим текстом или отбросьте свои изменения.</translation>
    </message>
    <message>
        <source>While you were editing, this horoscope was changed%1. Nothing has been overwritten. Compare the three versions and choose.</source>
        <translation>Пока вы редактировали, этот гороскоп был изменён%1. Ничего не перезаписано. Сравните три версии и выберите нужную.</translation>
    </message>
    <message>
        <source> by %1</source>
        <translation> пользователем %1</translation>
    </message>
    <message>
        <source>Your text</source>
        <translation>Ваш текст</translation>
    </message>
    <message>
        <source>What you started from</source>
        <translation>Исходный текст</translation>
    </message>
    <message>
        <source>Now: deleted</source>
        <translation>Сейчас: удалён</translation>
    </message>
    <message>
        <source>Their text (now saved)</source>
        <translation>Их текст (сейчас сохранён)</translation>
    </message>
    <message>
        <source>Put it back with my text</source>
        <translation>Восстановить с моим текстом</translation>
    </message>
    <message>
        <source>Save my text over theirs</source>
        <translation>Сохранить мой текст поверх их текста</translation>
    </message>
    <message>
        <source>Drop my changes</source>
        <translation>Отбросить мои изменения</translation>
    </message>
    <message>
        <source>Use their text, drop mine</source>
        <translation>Взять их текст, отбросить мой</translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation>Продолжить правку</translation>
    </message>
    <message>
        <source>Go back to your text; the next save compares with their version.</source>
        <translation>Вернуться к вашему тексту; при следующем сохранении он будет сравниваться с их версией.</translation>
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
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>✓ has a horoscope   ✎ corrected by hand   — missing</source>
        <translation>✓ есть гороскоп   ✎ исправлен вручную   — нет</translation>
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
    <message numerus="yes">
        <source>%n missing horoscope(s) in this range.</source>
        <translation>
            <numerusform>В этом диапазоне отсутствует %n гороскоп.</numerusform>
            <numerusform>В этом диапазоне отсутствуют %n гороскопа.</numerusform>
            <numerusform>В этом диапазоне отсутствуют %n гороскопов.</numerusform>
        </translation>
    </message>
    <message>
        <source>Generate missing…</source>
        <translation>Создать недостающие…</translation>
    </message>
    <message>
        <source>Generate a horoscope for every missing day in this range, for review</source>
        <translation>Создать гороскопы на все недостающие дни в этом диапазоне и открыть их на проверку</translation>
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
        <source>The server does not know the user &quot;%1&quot;. Check the user name.</source>
        <translation>На сервере нет пользователя &quot;%1&quot;. Проверьте имя пользователя.</translation>
    </message>
    <message>
        <source>No answer from %1 within the connect timeout. Check the host name, the port, the VPN or firewall, and that the server is running.</source>
        <translation>Нет ответа от %1 за время ожидания подключения. Проверьте имя хоста, порт, VPN или брандмауэр и убедитесь, что сервер запущен.</translation>
    </message>
    <message>
        <source>Could not reach a PostgreSQL server at %1. Check the host name and port, and that the server is running and accepts connections.</source>
        <translation>Не удалось связаться с сервером PostgreSQL по адресу %1. Проверьте имя хоста и порт и убедитесь, что сервер запущен и принимает подключения.</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection: %2</source>
        <translation>Сервер %1 отклонил подключение: %2</translation>
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
        <source>The query was cancelled.</source>
        <translation>Запрос отменён.</translation>
    </message>
    <message>
        <source>A table is busy (lock timeout). Try again in a moment.</source>
        <translation>Таблица занята (истёк тайм-аут блокировки). Повторите попытку чуть позже.</translation>
    </message>
    <message>
        <source>The database role you are connected as may not do this. Ask an administrator for the privilege, or connect as another role.</source>
        <translation>У роли базы данных, под которой вы подключены, нет прав на это действие. Запросите привилегию у администратора или подключитесь под другой ролью.</translation>
    </message>
    <message>
        <source>The database reported an error: %1</source>
        <translation>База данных сообщила об ошибке: %1</translation>
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
    <message numerus="yes">
        <source>Delete %n horoscope(s) from the cache? The bot generates a fresh one on the next request; the deleted text stays in the history.</source>
        <translation>
            <numerusform>Удалить из кэша %n гороскоп? Бот создаст новый гороскоп при следующем запросе; удалённый текст останется в истории.</numerusform>
            <numerusform>Удалить из кэша %n гороскопа? Бот создаст новый гороскоп при следующем запросе; удалённый текст останется в истории.</numerusform>
            <numerusform>Удалить из кэша %n гороскопов? Бот создаст новый гороскоп при следующем запросе; удалённый текст останется в истории.</numerusform>
        </translation>
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
        <source>Could not write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>Exporting… %1 rows</source>
        <translation>Экспорт… строк: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation>
            <numerusform>Экспортирована %n строка в %1.</numerusform>
            <numerusform>Экспортированы %n строки в %1.</numerusform>
            <numerusform>Экспортировано %n строк в %1.</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n символ</numerusform>
            <numerusform>%n символа</numerusform>
            <numerusform>%n символов</numerusform>
        </translation>
    </message>
    <message>
        <source>unsaved changes</source>
        <translation>несохранённые изменения</translation>
    </message>
    <message>
        <source>&lt;b&gt;No horoscope selected&lt;/b&gt;</source>
        <translation>&lt;b&gt;Гороскоп не выбран&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Generated %1</source>
        <translation>Создан %1</translation>
    </message>
    <message>
        <source>corrected by hand since</source>
        <translation>с тех пор исправлен вручную</translation>
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
        <source>Current text (generated %1)</source>
        <translation>Текущий текст (создан %1)</translation>
    </message>
    <message>
        <source>Before deletion on %1 by %2</source>
        <translation>До удаления %1 пользователем %2</translation>
    </message>
    <message>
        <source>Before regeneration on %1 by %2</source>
        <translation>До перегенерации %1 пользователем %2</translation>
    </message>
    <message>
        <source>Before the edit on %1 by %2</source>
        <translation>До правки %1 пользователем %2</translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation>История (%1)</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;%1 character(s) removed, %2 added.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Удалено символов: %1, добавлено: %2.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Your text is being saved. Wait until it is stored (the connection may have to come back first), then go on.</source>
        <translation>Ваш текст сохраняется. Дождитесь, пока он будет записан (возможно, сначала должно восстановиться подключение), и продолжайте.</translation>
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
        <source>About Horoscope Admin</source>
        <translation>О программе Horoscope Admin</translation>
    </message>
    <message>
        <source>&lt;b&gt;Horoscope Admin&lt;/b&gt; %1&lt;br&gt;Browse, correct and regenerate the horoscope bot&apos;s cached horoscopes, watch view trends and run migrations.</source>
        <translation>&lt;b&gt;Horoscope Admin&lt;/b&gt; %1&lt;br&gt;Просмотр, исправление и повторная генерация кэшированных гороскопов бота, отслеживание динамики просмотров и выполнение миграций.</translation>
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
        <source>A table was busy for longer than lock_timeout (%1). Nothing was changed; run the migration again when the bot is less busy.</source>
        <translation>Таблица была занята дольше, чем lock_timeout (%1). Ничего не изменено; запустите миграцию снова, когда нагрузка на бота снизится.</translation>
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
        <source>another session</source>
        <translation>другой сеанс</translation>
    </message>
    <message>
        <source>process %1 (%2, %3, from %4)</source>
        <translation>процесс %1 (%2, %3, с %4)</translation>
    </message>
    <message numerus="yes">
        <source>Another migration runner, %1, has held the migration lock for %n second(s). Wait for it to finish and try again.</source>
        <translation>
            <numerusform>Другой процесс миграций (%1) удерживает блокировку миграций уже %n секунду. Дождитесь его завершения и повторите попытку.</numerusform>
            <numerusform>Другой процесс миграций (%1) удерживает блокировку миграций уже %n секунды. Дождитесь его завершения и повторите попытку.</numerusform>
            <numerusform>Другой процесс миграций (%1) удерживает блокировку миграций уже %n секунд. Дождитесь его завершения и повторите попытку.</numerusform>
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
        <source>Migration %1 was adopted from tables the bot&apos;s Alembic created. Rolling it back would drop the bot&apos;s tables and their data, so it is refused; use Alembic for that.</source>
        <translation>Миграция %1 была принята на основе таблиц, созданных Alembic бота. Её откат удалил бы таблицы бота вместе с данными, поэтому он запрещён; для этого используйте Alembic.</translation>
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
        <source>Roll back %1 and every migration applied after it? Tables and columns they created are dropped together with their data.</source>
        <translation>Откатить %1 и все миграции, применённые после неё? Созданные ими таблицы и столбцы будут удалены вместе с данными.</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Откатить</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Готово.</translation>
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
    <name>RegenerateCommand</name>
    <message>
        <source>Provider: %1</source>
        <translation>Поставщик: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
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
</context>
<context>
    <name>RegenerateDialog</name>
    <message>
        <source>Cancel generation</source>
        <translation>Отменить генерацию</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Принять</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Отклонить</translation>
    </message>
    <message>
        <source>Accept all ready</source>
        <translation>Принять все готовые</translation>
    </message>
    <message>
        <source>Write accepted</source>
        <translation>Записать принятые</translation>
    </message>
    <message>
        <source>Write over their version</source>
        <translation>Записать поверх их версии</translation>
    </message>
    <message>
        <source>Regenerate horoscopes</source>
        <translation>Перегенерация гороскопов</translation>
    </message>
    <message>
        <source>Provider: %1</source>
        <translation>Поставщик: %1</translation>
    </message>
    <message>
        <source>(offline demo texts, no AI)</source>
        <translation>(демо-тексты офлайн, без ИИ)</translation>
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
        <source>%1 to %2: %3 views. Updated %4.</source>
        <translation>Просмотров с %1 по %2: %3. Обновлено в %4.</translation>
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
