<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AiProviderFactory</name>
    <message>
        <source>Unknown AI provider &quot;%1&quot;. Use demo or openai.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI provider address &quot;%1&quot; is not an http(s) URL such as https://api.openai.com/v1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AiSettingsDialog</name>
    <message>
        <source>AI provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo texts (offline, not an AI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenAI-compatible service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave empty to keep the saved key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeholders: {sign}, {sign_name}, {date}, {weekday}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address must be an http(s) URL such as https://api.openai.com/v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the key in HOROSCOPE_AI_API_KEY instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>Horoscope Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The migration files are broken: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the demo database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo database could not start:
%1

The server log is in %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandConnection</name>
    <message>
        <source>Could not start the demo database: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Use the embedded demo database: a private PostgreSQL server in your data directory, filled with sample horoscopes and view counts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to &lt;url&gt;: postgresql://user:password@host:5432/db, an SQLAlchemy URL (postgresql+asyncpg://…, postgresql+psycopg2://…) or a libpq string (&quot;host=… dbname=…&quot;). Default: $DATABASE_URL; without either, libpq&apos;s PG* variables, service= and ~/.pgpass apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the saved connection profile &lt;name&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of the interface: en, ru or system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read migrations from &lt;dir&gt; instead of the ones built into the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate up/down: print the SQL that would run; change nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate: wait up to &lt;seconds&gt; for another migration runner (default 30).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run horoscope-admin --help for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use either --demo or --database-url, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lock-wait needs a number of seconds, such as 30.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate up/down: stop at migration &lt;id&gt; (down --to 0 rolls back all). views export: the last day, as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views export: the first day, as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views export: day, week (ISO, Monday start) or month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views export: csv or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views export needs --from and --to as dates, such as --from 2026-01-01 --to 2026-01-31.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--from must not be after --to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--bucket must be day, week or month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format must be csv or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate status|up|down|history, or views export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate: the sign (aries … pisces) or all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate: the day, as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate: demo (offline texts) or openai (any OpenAI-compatible service; the key comes from HOROSCOPE_AI_API_KEY or OPENAI_API_KEY). Default: the one chosen in the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate: the OpenAI-compatible endpoint, up to /v1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate: the model name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate: write the new texts. Without it they are only printed.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Commands: migrate status|up|down|history, views export, regenerate. Run horoscope-admin --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate needs --sign with a sign key (aries … pisces) or all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate needs --date as a date, such as --date 2026-11-28.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Someone else changed this horoscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While you were editing, this horoscope was deleted (by the bot or another admin). Your text is safe. Put it back with your text, or drop your changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While you were editing, this horoscope was changed%1. Nothing has been overwritten. Compare the three versions and choose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What you started from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their text (now saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put it back with my text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save my text over theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop my changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use their text, drop mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to your text; the next save compares with their version.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Save as a profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/db, or host=… dbname=…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>localhost, an address, or a socket directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leave empty to use ~/.pgpass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask every time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use ~/.pgpass or PGPASSWORD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libpq default (prefer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Profile:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste a &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSL mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionSpec</name>
    <message>
        <source>out of memory while parsing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection string is malformed: %1. Check it against the form postgresql://user:password@host:5432/database or &quot;host=... dbname=... user=...&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value of the option &quot;%1&quot; contains &quot;;&quot;, which Qt&apos;s PostgreSQL driver cannot pass on. Put that setting in a service file (~/.pg_service.conf) and use service=NAME instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port &quot;%1&quot; is not a number between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL scheme &quot;%1&quot; is not PostgreSQL. Use a URL that starts with postgresql:// (or postgres://, postgresql+asyncpg://, postgresql+psycopg2://).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ has a horoscope   ✎ corrected by hand   — missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No horoscope for %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the horoscope (double-click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n missing horoscope(s) in this range.</source>
        <translation>
            <numerusform>%n missing horoscope in this range.</numerusform>
            <numerusform>%n missing horoscopes in this range.</numerusform>
        </translation>
    </message>
    <message>
        <source>Generate missing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate a horoscope for every missing day in this range, for review</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CredentialStore</name>
    <message>
        <source>No system keychain is available, so the password is not saved; you will be asked for it on each connect. Install and unlock GNOME Keyring or KWallet, or use ~/.pgpass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password is saved for this profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateRangePicker</name>
    <message>
        <source>Custom range</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DbError</name>
    <message>
        <source>The connection to the database was lost. Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The connection to the database was lost. Retrying in %n second(s).</source>
        <translation>
            <numerusform>The connection to the database was lost. Retrying in %n second.</numerusform>
            <numerusform>The connection to the database was lost. Retrying in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server at %1 rejected the user name or password. Check the user and password in the connection dialog (or in ~/.pgpass) and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is reachable, but the database &quot;%1&quot; does not exist there. Check the database name, or create it with createdb.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not know the user &quot;%1&quot;. Check the user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from %1 within the connect timeout. Check the host name, the port, the VPN or firewall, and that the server is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach a PostgreSQL server at %1. Check the host name and port, and that the server is running and accepts connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 refused the connection: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the database was lost. The app reconnects by itself as soon as the server is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The query was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A table is busy (lock timeout). Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database role you are connected as may not do this. Ask an administrator for the privilege, or connect as another role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoAiProvider</name>
    <message>
        <source>Demo texts (offline, not an AI)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoDatabase</name>
    <message>
        <source>Starting the demo PostgreSQL server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying migrations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filling in demo data…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HoroscopeBrowser</name>
    <message>
        <source>Corrected only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the text (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalidate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected horoscopes so the bot writes fresh ones on the next request (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply migration 0002 to keep the history of horoscopes and see which were corrected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n sign(s)</source>
        <translation>
            <numerusform>%n sign</numerusform>
            <numerusform>%n signs</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 rows loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows loaded of about %2 (an estimate)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows loaded of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalidate horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n horoscope(s) from the cache? The bot generates a fresh one on the next request; the deleted text stays in the history.</source>
        <translation>
            <numerusform>Delete %n horoscope from the cache? The bot generates a fresh one on the next request; the deleted text stays in the history.</numerusform>
            <numerusform>Delete %n horoscopes from the cache? The bot generates fresh ones on the next requests; the deleted texts stay in the history.</numerusform>
        </translation>
    </message>
    <message>
        <source>Invalidate</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n horoscope(s) invalidated.</source>
        <translation>
            <numerusform>%n horoscope invalidated.</numerusform>
            <numerusform>%n horoscopes invalidated.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting… %1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation>
            <numerusform>Exported %n row to %1.</numerusform>
            <numerusform>Exported %n rows to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected horoscopes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All signs of this day…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n changed since the list was loaded and stayed; look at them again before invalidating.</source>
        <translation>
            <numerusform>%n changed since the list was loaded and stayed; look at it again before invalidating.</numerusform>
            <numerusform>%n changed since the list was loaded and stayed; look at them again before invalidating.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HoroscopeEditor</name>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a horoscope on the left to read or correct it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to the saved text (Esc); Ctrl+Z undoes that too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a version to see what that change did, or two versions to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n character(s)</source>
        <translation>
            <numerusform>%n character</numerusform>
            <numerusform>%n characters</numerusform>
        </translation>
    </message>
    <message>
        <source>unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;No horoscope selected&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrected by hand since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverted to the saved text. Ctrl+Z brings your changes back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the database connection to save… Your text is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The horoscope was deleted; your changes were dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their text is shown now; yours was dropped (Ctrl+Z brings it back).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The horoscope was deleted meanwhile. Saving puts it back with your text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text is kept. Saving now replaces the version someone else saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The horoscope %1 has unsaved changes. Save them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current text (generated %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before deletion on %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before regeneration on %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before the edit on %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;%1 character(s) removed, %2 added.&lt;/i&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text is being saved. Wait until it is stored (the connection may have to come back first), then go on.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HoroscopeExporter</name>
    <message>
        <source>Could not write the export file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HoroscopeStore</name>
    <message>
        <source>A horoscope cannot be empty. Write the text, or press Esc to go back to the saved one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This horoscope no longer exists: it was deleted meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The save would have changed %1 rows instead of one, so nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection broke while the save was being committed, so it may or may not be stored. Your text is kept; once the connection is back, reload the horoscope (select it again) to see which text is stored.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HoroscopeTableModel</name>
    <message>
        <source>The text was changed by hand after it was generated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corrected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>READ-ONLY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horoscope Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect to Another Database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Horoscope Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Horoscope Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Horoscope Admin&lt;/b&gt; %1&lt;br&gt;Browse, correct and regenerate the horoscope bot&apos;s cached horoscopes, watch view trends and run migrations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes the next time Horoscope Admin starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horoscope Admin — demo database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnected to the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection lost — reconnecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected as %1 — PostgreSQL %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>demo database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You can look but not change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database has no horoscope tables (horoscope_cache, horoscope_views). Connect to the bot&apos;s database, or create the tables with the migrations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The database is behind: %n migration(s) pending.</source>
        <translation>
            <numerusform>The database is behind: %n migration pending.</numerusform>
            <numerusform>The database is behind: %n migrations pending.</numerusform>
        </translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View trends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;AI Provider…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the horoscopes to regenerate first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A migration is running. Cancel it? A migration that runs in a transaction is rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the migration</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Hide this message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MigrateCommand</name>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APPLIED AT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOOK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adopted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Migration</name>
    <message>
        <source>%1: a migration file name must look like 0001_short_description.sql.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, line %2: &quot;-- +up&quot; must appear once, before &quot;-- +down&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, line %2: &quot;-- +down&quot; must appear once, after &quot;-- +up&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a migration needs a &quot;-- +up&quot; part with SQL and a &quot;-- +down&quot; part (see migrations/README.md).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The migrations directory %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two migration files share the id %1: %2 and %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MigrationRunner</name>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>applied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adopted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drifted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration %1 failed at statement %2: %3
Statement: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A table was busy for longer than lock_timeout (%1). Nothing was changed; run the migration again when the bot is less busy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the migration history: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The migration file %1 was changed after it was applied (its checksum differs from the one recorded in %2). Restore the file as it was applied; to change the schema further, add a new migration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database has migration %1 (&quot;%2&quot;) applied, which this version of Horoscope Admin does not know. Use the version that applied it, or a newer one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration %1 is pending, but the later migration %2 is already applied. Give the new file an id after the last applied one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>process %1 (%2, %3, from %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Another migration runner, %1, has held the migration lock for %n second(s). Wait for it to finish and try again.</source>
        <translation>
            <numerusform>Another migration runner, %1, has held the migration lock for %n second. Wait for it to finish and try again.</numerusform>
            <numerusform>Another migration runner, %1, has held the migration lock for %n seconds. Wait for it to finish and try again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting for another migration runner, %1 (%n second(s) left)…</source>
        <translation>
            <numerusform>Waiting for another migration runner, %1 (%n second left)…</numerusform>
            <numerusform>Waiting for another migration runner, %1 (%n seconds left)…</numerusform>
        </translation>
    </message>
    <message>
        <source>The tables %1 already exist but differ from what %2 creates, so they are not adopted and nothing was changed. Differences:
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-- %1: the existing tables match; it would be recorded as adopted without running.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside a transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This migration runs outside a transaction: the statements before the failed one stay applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not record %1 in the migration history: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no migration with id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applying %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s) applied.</source>
        <translation>
            <numerusform>%n migration applied.</numerusform>
            <numerusform>%n migrations applied.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to roll back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration %1 was adopted from tables the bot&apos;s Alembic created. Rolling it back would drop the bot&apos;s tables and their data, so it is refused; use Alembic for that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling back %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s) rolled back.</source>
        <translation>
            <numerusform>%n migration rolled back.</numerusform>
            <numerusform>%n migrations rolled back.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled before the next migration. The migrations that finished stay applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left the index %2 INVALID (an interrupted CREATE INDEX CONCURRENTLY). Drop it with DROP INDEX CONCURRENTLY %2; and run the migration again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MigrationsModel</name>
    <message>
        <source>The file changed after it was applied. Restore it as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tables already existed (created by the bot&apos;s Alembic) and matched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied by a newer version of Horoscope Admin.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Took</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MigrationsView</name>
    <message>
        <source>Apply pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply up to selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview SQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply every pending migration, in order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the SQL that Apply would run, without changing anything</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database is up to date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s) pending.</source>
        <translation>
            <numerusform>%n migration pending.</numerusform>
            <numerusform>%n migrations pending.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the migration state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-- This migration is not part of this version of the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-- %1
-- Up
%2

-- Down
%3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Apply %n pending migration(s) to this database? Each one runs in its own transaction; the bot keeps running.</source>
        <translation>
            <numerusform>Apply %n pending migration to this database? It runs in its own transaction; the bot keeps running.</numerusform>
            <numerusform>Apply %n pending migrations to this database? Each one runs in its own transaction; the bot keeps running.</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the pending migrations up to and including %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back %1 and every migration applied after it? Tables and columns they created are dropped together with their data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenAiProvider</name>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI service did not answer within %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI service refused the API key (HTTP %1). Set a valid key in HOROSCOPE_AI_API_KEY or in Settings → AI provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI service is rate limiting us (HTTP 429).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI service failed (HTTP %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach the AI service: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI service answered HTTP %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI service sent an answer that is not a chat completion; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI service sent an empty text; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI model refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The AI service stopped the answer early (finish_reason &quot;%1&quot;); nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the overview (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Horoscopes and views by sign&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PgCluster</name>
    <message>
        <source>PostgreSQL server programs (initdb, pg_ctl) were not found. Install them with &quot;sudo apt-get install postgresql&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the directory %1. Check that you may write there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running as root, but there is no &quot;postgres&quot; system user to run the server as. Install the postgresql package, or run as an ordinary user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not hand %1 over to the postgres user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The directory %1 belongs to another user. Remove it or choose another location.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not finish in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not configure the new cluster in %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegenerateCommand</name>
    <message>
        <source>Provider: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: the current text of %1 was corrected by hand; writing replaces it (it stays in the history).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was written. Run again with --yes to write these texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written: %1. Changed meanwhile, not written: %2. Failed: %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegenerateDialog</name>
    <message>
        <source>Cancel generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept all ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write over their version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(offline demo texts, no AI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written: %1. Changed meanwhile: %2. Failed: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Someone changed this horoscope after the review started.&lt;/b&gt; Their text is now:&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Changes from the current text:&lt;/i&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;There is no horoscope for this day yet.&lt;/i&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current text was corrected by hand. Replacing it loses that correction (it stays in the history).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace corrected texts?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These horoscopes were corrected by hand: %1. Accept new texts for them anyway? The corrected texts stay in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept anyway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegenerationBatch</name>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>discarded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed meanwhile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemaSnapshot</name>
    <message>
        <source>missing %1 (expected: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 differs: expected &quot;%2&quot;, found &quot;%3&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerInfo</name>
    <message>
        <source>local socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server is a read-only standby</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the session is read-only (default_transaction_read_only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>role %1 may not change horoscope_cache</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignSummaryModel</name>
    <message>
        <source>&quot;%1&quot; is not one of the twelve signs the bot knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views, 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change vs. previous 7 days</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>week of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2: %3 views</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendTotalsModel</name>
    <message>
        <source>%1 views in the %2 days before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrendsPage</name>
    <message>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 365 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No auto-refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a sign to show it alone in the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bot increments these counters; they are read-only here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2: %3 views. Updated %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first %1 rows; narrow the filter to see the rest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the chart to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the chart to %1. Check that you may write there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the numbers to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the numbers to %1. Check that you may write there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ViewsTableModel</name>
    <message>
        <source>Sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ZodiacSign</name>
    <message>
        <source>Aries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taurus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virgo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Libra</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scorpio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sagittarius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capricorn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aquarius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pisces</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
