<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Horoscope Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse, correct and regenerate the horoscope bot&apos;s cached horoscopes, watch view trends and run migrations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (Qt %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MIT License. Free to use, copy, change and share; no warranty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostgreSQL server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo database:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Accessibility</name>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <message>
        <source>The server at %1 stopped answering: no reply for %2 s (the statement timeout plus %3 s; --statement-timeout changes it). Check the network path, any pooler or proxy in between, and the load on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the database was lost (%1). Run the command again when the server is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 stopped answering while the connection was being set up (no reply within %2 s). Check the network path, any pooler or proxy in between, and the load on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The standby is unreachable (%1); reading from the primary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server stopped a statement after %1 s: the statement_timeout set %2 is lower than this command&apos;s %3 s, and it was kept. Narrow the request, or allow more with --statement-timeout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A statement ran longer than this command&apos;s --statement-timeout of %1 s and was stopped. Narrow the request, or raise --statement-timeout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 It waited longer than the lock timeout (%2 s) set %3; --lock-timeout waits longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 It waited longer than the lock timeout (%2 s); --lock-timeout waits longer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for your role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for this database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the server&apos;s configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted (%1); the server did not answer the cancel within %2 s, so the statement may go on there until its statement timeout. Check the server&apos;s load and the network path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted (%1); the statement running on the server was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: a password given with --database-url is visible to every user of this machine (ps). Use --database-url-file, $DATABASE_URL, PGPASSWORD or ~/.pgpass instead.</source>
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
        <source>Language of the interface: en, ru or system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate up/down: print the SQL that would run; change nothing.</source>
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
        <source>--from must not be after --to.</source>
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
        <source>regenerate needs --sign with a sign key (aries … pisces) or all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the window (no command)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window: open the saved connection profile &lt;name&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window and migrate: read migrations from &lt;dir&gt; instead of the ones built into the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands: give up when a row or table lock is not granted within &lt;seconds&gt; (decimals allowed; default 5). migrate: one attempt at a DDL lock (default 0.05), retried within --lock-wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate up/down: wait up to &lt;seconds&gt; for another migration runner and for busy tables (default 30, at most 86400).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate down: roll back even migrations whose tables still hold rows (they are lost).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate up: create the bot&apos;s own tables (horoscope_cache, horoscope_views) when they are missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 is given more than once; give it once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option --%1 does not apply to %2; it is for %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 needs a date as YYYY-MM-DD, such as 2026-11-28; &quot;%2&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 needs a number of seconds above 0 and at most %2, such as 5 or 0.5; &quot;%3&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lock-wait needs a whole number of seconds from 0 to %1, such as 30; &quot;%2&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--to needs a migration id such as 0002 (down --to 0 rolls back all); &quot;%1&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate up --to needs the id of a migration, such as 0002; to roll back everything use migrate down --to 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate needs --date as YYYY-MM-DD, such as --date 2026-11-28.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--provider must be demo or openai; &quot;%1&quot; is neither.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--bucket must be day, week or month; &quot;%1&quot; is none of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format must be csv or json; &quot;%1&quot; is neither.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views export gives at most %1 buckets per sign; %2 to %3 by %4 is %5. Use --bucket week or month, or a shorter range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands: the server cancels a statement that runs longer than &lt;seconds&gt; (default 60; migrate up/down: 900, for indexes built on large tables; decimals allowed). A server that leaves a request unanswered 5 seconds longer than that is given up on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views export, horoscopes list: csv or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>regenerate: the sign (aries … pisces) or all. horoscopes list: only that sign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>horoscopes list: only texts that contain &lt;text&gt;, in any case; % _ \ match themselves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>horoscopes list: date (default), sign, text, length or generated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>horoscopes list: ascending order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>horoscopes list: descending order (the default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>horoscopes list: at most &lt;n&gt; rows (default 100).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate up/down: stop at migration &lt;id&gt; (down --to 0 rolls back all). views export and chart, horoscopes list: the last day, as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views export and chart, horoscopes list: the first day, as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views export and chart: day, week (ISO, Monday start) or month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views chart: the signs to draw, comma-separated keys such as aries,leo. Default: all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views chart: lines, small-multiples (one chart per sign, same scale) or share (each sign&apos;s share of the total).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views chart: the PNG file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views chart: the picture&apos;s size in pixels, WIDTHxHEIGHT.</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>migrate status|up|down|history, views export|chart, regenerate, or horoscopes list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown command &quot;%1&quot;. Commands: migrate status|up|down|history, views export|chart, regenerate, horoscopes list. Run horoscope-admin --help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs --from and --to as YYYY-MM-DD, such as --from 2026-01-01 --to 2026-01-31.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--signs takes sign keys separated by commas, such as aries,leo; &quot;%1&quot; is not a sign.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--signs needs at least one sign key, such as aries,leo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--kind must be lines, small-multiples or share; &quot;%1&quot; is none of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views chart needs --out with a file name ending in .png, such as --out trends.png.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--size needs WIDTHxHEIGHT in pixels, each from %1 to %2, such as 1600x1000; &quot;%3&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to &lt;url&gt;: postgresql://user:password@host:5432/db, an SQLAlchemy URL (postgresql+asyncpg://…, postgresql+psycopg2://…) or a libpq string (&quot;host=… dbname=…&quot;). Default: $DATABASE_URL; without either, libpq&apos;s PG* variables, service= and ~/.pgpass apply. A password here is visible to every user of the machine (ps): put it in --database-url-file, $DATABASE_URL, PGPASSWORD or ~/.pgpass instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the URL from the first line of &lt;file&gt; (mode 0600), so that its password stays out of the process list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use only one of --demo, --database-url and --database-url-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>views chart draws at most %1 points per sign; %2 to %3 by %4 is %5. Use --bucket week or month, or a shorter range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read --database-url-file %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file %1 (--database-url-file) has no URL on its first line.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandOutput</name>
    <message>
        <source>Could not write the output: %1. The result is incomplete; check the free space where it goes, or the program it is piped to, and run the command again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the database name, %1, to confirm:</source>
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
        <source>Go back to your text; the next save compares with their version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While you were editing, this horoscope was deleted%1. Your text is safe: put it back with your text, or drop your changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While you were editing, this horoscope was changed%1. Nothing has been overwritten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes and theirs touch different words: the merged text below has both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n place(s) were changed by both of you: choose whose words to keep for each, or edit the merged text.</source>
        <translation>
            <numerusform>%n place was changed by both of you: choose whose words to keep, or edit the merged text.</numerusform>
            <numerusform>%n places were changed by both of you: choose whose words to keep for each, or edit the merged text.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s) in all.</source>
        <translation>
            <numerusform>%n difference in all.</numerusform>
            <numerusform>%n differences in all.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Their changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &amp;Yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &amp;Theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take your words for the selected differences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take their words for the selected differences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Differences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Merged text (you may edit it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Merged Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put It Back with My Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Only My Text, over Theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop My Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Their Text, Drop Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep Editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both of you changed these words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You edited the merged text: it is saved as you see it. Undo (Ctrl+Z) your edits to choose per difference again.</source>
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
    <message>
        <source>optional: postgresql://standby.internal:5432/db</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A hot standby for browsing, search, trends, coverage and exports. Saving always goes to the primary; when the standby is unreachable, reads go to the primary too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Read from (standby):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
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
    <message>
        <source>The connection URL is malformed: it starts with &quot;%1:&quot; but not with &quot;%1://&quot;. Write it as %1://user:password@host:5432/database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The standby&apos;s address (read from): %1</source>
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
    <message>
        <source>Generate missing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate a horoscope for every missing day in this range, for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the next missing horoscope (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ has a horoscope   ✎ corrected by hand   — missing   · not due yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate missing horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Generate %n missing horoscope(s) from %1 to %2? Each one is a request to the AI provider (which may be paid). You review every text; nothing is written until you accept it.</source>
        <translation>
            <numerusform>Generate %n missing horoscope from %1 to %2? Each one is a request to the AI provider (which may be paid). You review every text; nothing is written until you accept it.</numerusform>
            <numerusform>Generate %n missing horoscopes from %1 to %2? Each one is a request to the AI provider (which may be paid). You review every text; nothing is written until you accept it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generate %n</source>
        <translation>
            <numerusform>Generate %n</numerusform>
            <numerusform>Generate %n</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 on %2: not due yet; the bot writes it on the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n missing horoscope(s) in this range</source>
        <translation>
            <numerusform>%n missing horoscope in this range</numerusform>
            <numerusform>%n missing horoscopes in this range</numerusform>
        </translation>
    </message>
    <message>
        <source>No horoscope is missing in this range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage by sign and day</source>
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
    <message>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To date</source>
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
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the database was lost. The app reconnects by itself as soon as the server is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection was closed before the database answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for your role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for this database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the server&apos;s configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server stopped the query after %1 s: statement_timeout is set %2. Narrow the filter or choose another sort, or ask the DBA to raise statement_timeout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 does not let user &quot;%2&quot; log in (no such role, or pg_hba.conf does not allow it). Check the user name, or ask the DBA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 refused another connection: the CONNECTION LIMIT of role &quot;%2&quot; or the server&apos;s max_connections is reached. Close other sessions of this role (other windows, scripts), or ask the DBA to raise the limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 is not accepting connections right now (it is starting, stopping or recovering). Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 refused the connection (SQLSTATE %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 failed once and then worked. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No answer from %1 within the connect timeout (%n second(s)). Check the host name, the port, the VPN or firewall, and that the server is running.</source>
        <translation>
            <numerusform>No answer from %1 within the connect timeout (%n second). Check the host name, the port, the VPN or firewall, and that the server is running.</numerusform>
            <numerusform>No answer from %1 within the connect timeout (%n seconds). Check the host name, the port, the VPN or firewall, and that the server is running.</numerusform>
        </translation>
    </message>
    <message>
        <source>The server stopped the query after the statement_timeout of this role, database or server. Narrow the filter, or ask the DBA to raise statement_timeout for your role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused to write: the session is read-only (%1). Connect to the primary server, or as a role whose sessions may write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused this: %1. Ask the database administrator for the privilege, or connect as a role that has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libpq gave no reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQLSTATE %1, with no message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason given by the server or libpq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server at %1 was reached, but the secure connection (sslmode=%2) failed: %3. Check sslrootcert (the authority that signed the server&apos;s certificate), the host name in the certificate, and sslmode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach a PostgreSQL server at %1 (%2). Check the host name and port, and that the server is running and accepts connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another session is changing a row this needs, or holds a lock on its table (lock timeout). Try again in a moment.</source>
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
    <name>DraftStore</name>
    <message>
        <source>the text is larger than %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditorDrafts</name>
    <message>
        <source>Recovered text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved text from %1 was recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The horoscope was changed in the database since then: restoring your text and saving shows both versions to decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the recovered text into the editor (Ctrl+Z undoes it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the recovered text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text not kept on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text cannot be kept on disk (%1): save it or copy it before closing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 unsaved text was recovered: open it to restore or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 unsaved texts were recovered: open each to restore or discard it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the next horoscope with a recovered text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportService</name>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryWording</name>
    <message>
        <source>role %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated again after %1 invalidated it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated again after a deletion outside Horoscope Admin (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleted %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edited by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored by %1 from the version of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerated by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerated by the bot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed outside Horoscope Admin by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current text: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated by %1 after %2 invalidated it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated by %1 after a deletion outside Horoscope Admin (%2)</source>
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
        <source>Exporting… %1 rows</source>
        <translation type="unfinished"></translation>
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
    <message>
        <source>Last month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As CSV for Excel (UTF-8 with BOM)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows the list shows, in its order; generated_at in UTC (ISO 8601)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open in the editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Regenerate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Invalidate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows loaded of at least %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1 (times in UTC).</source>
        <translation>
            <numerusform>Exported %n row to %1 (times in UTC).</numerusform>
            <numerusform>Exported %n rows to %1 (times in UTC).</numerusform>
        </translation>
    </message>
    <message>
        <source>Regenerate a whole day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate new texts for all 12 signs of %1 (the day of the current row)? Each one is a request to the AI provider; you review every text before anything is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate 12</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n horoscope(s) from the cache (%1)? The bot generates a fresh one on the next request; the deleted text stays in the history.</source>
        <translation>
            <numerusform>Delete %n horoscope from the cache (%1)? The bot generates a fresh one on the next request; the deleted text stays in the history.</numerusform>
            <numerusform>Delete %n horoscopes from the cache (%1)? The bot generates fresh ones on the next request; the deleted texts stay in the history.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finds texts that contain these characters, in any case. Up to %1 characters: a longer term is cut to its first %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date to go to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horoscopes</source>
        <translation type="unfinished"></translation>
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
    <message>
        <source>unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated %1</source>
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
        <source>History (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text is being saved. Wait until it is stored (the connection may have to come back first), then go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make this version the current text and save it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another horoscope was not opened: this text has unsaved changes. Save or revert it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Someone changed this horoscope meanwhile. Your text is kept; saving shows both versions to decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore and save</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n over Telegram&apos;s limit of %1</source>
        <translation>
            <numerusform>%n over Telegram&apos;s limit of %1</numerusform>
            <numerusform>%n over Telegram&apos;s limit of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A Telegram message holds at most %1 characters: the bot may cut this horoscope or fail to send it. Shorten the text by %n character(s).</source>
        <translation>
            <numerusform>A Telegram message holds at most %1 characters: the bot may cut this horoscope or fail to send it. Shorten the text by %n character.</numerusform>
            <numerusform>A Telegram message holds at most %1 characters: the bot may cut this horoscope or fail to send it. Shorten the text by %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Your recovered text started from an older version. Saving shows both versions to decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the current text with the version of %1 and save it? The bot serves it from its next request; the current text stays in the history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrected by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last change: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text as it was generated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n character(s) removed</source>
        <translation>
            <numerusform>%n character removed</numerusform>
            <numerusform>%n characters removed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n added</source>
        <translation>
            <numerusform>%n added</numerusform>
            <numerusform>%n added</numerusform>
        </translation>
    </message>
    <message>
        <source>Horoscope text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes in the selected version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This text is read-only: %1 Ask the database owner for: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No horoscope selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. What you typed since is not saved yet.</source>
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
        <source>Save Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your save is waiting for the database connection. Keep your text as a draft (offered again the next time you open this database) or keep waiting?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep as draft and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep as draft and go on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the database connection to save… The window closes once your text is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the database connection to save… The other database opens once your text is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: your text is kept as a draft.</source>
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
    <message>
        <source>The search was stopped after %1 s without filling a page: no index narrows this term. Narrow it with the sign or date filters or a longer term, or scroll down to search further.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HoroscopesCommand</name>
    <message>
        <source>--sign needs a sign key (aries … pisces); &quot;%1&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 needs a date as YYYY-MM-DD, such as 2026-11-28; &quot;%2&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--from must not be after --to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--sort must be date, sign, text, length or generated; &quot;%1&quot; is none of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use either --asc or --desc, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--limit needs a whole number of rows from 1 to %1, such as 100; &quot;%2&quot; is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format must be csv or json; &quot;%1&quot; is neither.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--search takes at most %1 characters; this one has %2. Search for a shorter, distinctive part of the text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search was stopped after %1 s: no index narrows this term, and reading the texts one by one took longer. Narrow it with --sign, --from and --to or a longer term, or raise --statement-timeout.</source>
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
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horoscope &amp;List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horoscope &amp;Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your &amp;Name in the History…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Name in the History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history of each horoscope names who changed it. Your colleagues may share one database login, so give your name (empty: your login name, %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes are recorded as made by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server date: %1 (yours: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;Today&quot; in the list, the coverage and the trends is the server&apos;s date, as the bot counts days.</source>
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
    <message>
        <source>There is no migration %1; the migrations are %2.</source>
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
    <message>
        <source>%1, line %2: &quot;-- Destroys:&quot; names &quot;table T&quot;, &quot;column T.C&quot; or &quot;nothing&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MigrationDescription</name>
    <message>
        <source>Horoscope cache and view counters (the bot&apos;s Alembic revision h8c9d0e1f2g3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep every previous text of a horoscope: a revisions table filled by a trigger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trigram index for case-insensitive text search of horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History trigger: fixed trusted search_path, qualified names, owned by a role that may only write history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexes for the browser&apos;s text, length and generation-time orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History names the person: who made each change and what it was (edited, restored, regenerated, invalidated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History trigger secured where it really is; history labels only from the transaction that made the change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MigrationGuards</name>
    <message>
        <source>The database reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
    <message>
        <source>The tables %1 belong to the bot, whose Alembic manages this database (revision %2), but they do not exist yet, so nothing was changed. Run the bot&apos;s &quot;alembic upgrade head&quot; first, then migrate again: the tables are then adopted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tables %1 belong to the bot and do not exist yet, so nothing was changed. Deploy the bot first (its &quot;alembic upgrade head&quot; creates them), then migrate again to adopt them. Only on a database the bot will never migrate, create them here with --create-bot-tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration %1 was adopted from tables the bot&apos;s Alembic created. Rolling it back would drop the bot&apos;s tables and their data, so it is refused and nothing was changed; use Alembic for that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration %1 created the tables %2, but the bot&apos;s Alembic now manages this database (revision %3). Rolling it back would drop the bot&apos;s tables, so it is refused and nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 values</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln value(s)</source>
        <translation>
            <numerusform>%Ln value</numerusform>
            <numerusform>%Ln values</numerusform>
        </translation>
    </message>
    <message>
        <source>the column %1.%2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every row of %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MigrationLock</name>
    <message>
        <source>The database reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>process %1 (%2, %3, from %4, connected since %5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Gave up after waiting %n second(s) for the migration lock, which another migration runner holds: %1. Wait for it to finish and try again, or allow a longer wait with --lock-wait.</source>
        <translation>
            <numerusform>Gave up after waiting %n second for the migration lock, which another migration runner holds: %1. Wait for it to finish and try again, or allow a longer wait with --lock-wait.</numerusform>
            <numerusform>Gave up after waiting %n seconds for the migration lock, which another migration runner holds: %1. Wait for it to finish and try again, or allow a longer wait with --lock-wait.</numerusform>
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
        <source>This connection goes through a connection pooler (such as PgBouncer), and migrations need one server session of their own: run them over a direct connection to PostgreSQL (the server&apos;s own host and port, not the pooler&apos;s).</source>
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
    <message>
        <source>Migration %1 gave up after %2 attempts in %3 s: a table it changes stayed busy (the bot or another session held a lock on it). Each attempt waited at most %4 ms, so the bot&apos;s writes never queued behind it. Nothing was changed; run it again when the database is quieter, or allow a longer wait with --lock-wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: waiting for %n transaction(s) that hold a table it needs; the bot&apos;s work goes on meanwhile (attempt %2 follows, at most %3 s more).</source>
        <translation>
            <numerusform>%1: waiting for %n transaction that holds a table it needs; the bot&apos;s work goes on meanwhile (attempt %2 follows, at most %3 s more).</numerusform>
            <numerusform>%1: waiting for %n transactions that hold a table it needs; the bot&apos;s work goes on meanwhile (attempt %2 follows, at most %3 s more).</numerusform>
        </translation>
    </message>
    <message>
        <source>Would apply %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n migration(s) would be applied; nothing was changed.</source>
        <translation>
            <numerusform>Dry run: %n migration would be applied; nothing was changed.</numerusform>
            <numerusform>Dry run: %n migrations would be applied; nothing was changed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Would roll back %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Dry run: %n migration(s) would be rolled back; nothing was changed.</source>
        <translation>
            <numerusform>Dry run: %n migration would be rolled back; nothing was changed.</numerusform>
            <numerusform>Dry run: %n migrations would be rolled back; nothing was changed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was changed: %1 Connect as the role that owns the tables, or ask the database administrator for: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-- %1: the tables %2 exist. A real run compares them with what it creates and records it as adopted when they match; this dry run could not compare them, because that needs TEMPORARY on the database.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not pin the search path to schema %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-- This rollback deletes %1; it runs only when the loss is accepted (--accept-data-loss).
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling back would delete %1 in database %2, so nothing was changed. If that is really wanted, back the data up first and accept the loss (on the command line: --accept-data-loss).</source>
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
        <source>Roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back migrations and delete data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete and roll back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the bot&apos;s tables?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>horoscope_cache and horoscope_views belong to the bot and do not exist in this database. Create them here only if the bot will never migrate this database: its own deploy (alembic upgrade) would then fail on them. If the bot will use it, deploy the bot first and apply again: its tables are then adopted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create the tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roll back %1 and every migration applied after it? What they drop holds no data now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling back %1 and every migration applied after it deletes %2 in database %3. This cannot be undone from this app; back the data up first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL of the selected migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Migration log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role %1 may not read the migration state: ask the database owner for: GRANT SELECT ON horoscope_admin_schema_history TO %1;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>apply migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>roll back migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>apply or roll back migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Your role %2 may not %3 here: ask the database owner to run them, or for the tables&apos; owner role.</source>
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
    <message>
        <source>Horoscopes and views by sign</source>
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
    <name>PgQuery</name>
    <message>
        <source>no connection to the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unable to run the statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unable to get result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The rows were dropped by a later statement.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PgSession</name>
    <message>
        <source>Not connected to the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema %1 does not exist in this database. Set HOROSCOPE_SCHEMA to the schema that holds the bot&apos;s tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anyone may create objects in schema %1 (CREATE is granted to PUBLIC), so a name there could be someone else&apos;s table or function. Ask the database owner to run: REVOKE CREATE ON SCHEMA %1 FROM PUBLIC;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tables %1 in schema %2 belong to roles that may not create objects there, so they may be someone else&apos;s copies of the bot&apos;s tables. Nothing was read; ask the database owner to check who created them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Privileges</name>
    <message>
        <source>The server is a read-only standby.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The session is read-only (default_transaction_read_only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role %1 may not %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database has no table horoscope_cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role %1 may not %2 (a regeneration inserts the row or updates it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database has no table horoscope_cache_revisions (apply migration 0002 to keep the history).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database has no table horoscope_views.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role %1 may not CREATE in schema %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role %1 does not own %2: only a table&apos;s owner may add indexes and triggers to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role %1 may not CREATE in database %2 (migration 0003 creates the extension pg_trgm).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your role %1 does not own %2: only a table&apos;s owner may drop it or its indexes and triggers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saving the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deleting the horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>writing the new text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the privilege</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused %1 (%2): your role %3 needs %4. Ask the database administrator for: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReadSourceLabel</name>
    <message>
        <source>up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>behind, nothing replayed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replay paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads: checking the standby…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads: primary %1 — the standby is unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads: primary %1 — no standby among the hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads: primary until the standby has your last change (standby %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads: standby %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browsing, search, trends, coverage, the overview and exports read from the standby; saving and the editor use the primary.</source>
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
    <message>
        <source>Nothing was generated or written: %1 Ask the database administrator for: %2 Without --yes the new texts are only printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n text(s) could not be generated, nothing was written: %1</source>
        <translation>
            <numerusform>%n text could not be generated, nothing was written: %1</numerusform>
            <numerusform>%n texts could not be generated, nothing was written: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RegenerateDialog</name>
    <message>
        <source>Regenerate horoscopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider: %1</source>
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
    <message>
        <source>&amp;Edit text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&amp;Write %n accepted</source>
        <translation>
            <numerusform>&amp;Write %n accepted</numerusform>
            <numerusform>&amp;Write %n accepted</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Write accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the new text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n accepted text(s) are not written yet.</source>
        <translation>
            <numerusform>%n accepted text is not written yet.</numerusform>
            <numerusform>%n accepted texts are not written yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n generated text(s) are not reviewed.</source>
        <translation>
            <numerusform>%n generated text is not reviewed.</numerusform>
            <numerusform>%n generated texts are not reviewed.</numerusform>
        </translation>
    </message>
    <message>
        <source>Write the accepted ones now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard generated texts?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n generated text(s) are not reviewed yet. Close and drop them? Generating them again asks the AI provider again.</source>
        <translation>
            <numerusform>%n generated text is not reviewed yet. Close and drop it? Generating it again asks the AI provider again.</numerusform>
            <numerusform>%n generated texts are not reviewed yet. Close and drop them? Generating them again asks the AI provider again.</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard and close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Still writing; close again once it is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept a&amp;ll ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write &amp;over their version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horoscopes to review</source>
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
    <message>
        <source>the connection to the database was lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection to the database was lost while writing (%1), so this one may or may not be stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (your role %2 may not INSERT/UPDATE horoscope_cache)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not tried: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another session is changing this row, so it was not written. Try again when that session has finished.</source>
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
    <name>SpellCheck</name>
    <message>
        <source>Spell checking is unavailable (install hunspell-ru and hunspell-en-us)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spell checking is starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No suggestions for “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add “%1” to the dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore “%1”</source>
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
    <message>
        <source>Signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of views, %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by week (from Monday)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of views per sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views per sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 – %3, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no data yet (the first recorded view is on %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (unfinished)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts changed: %1 regenerated, %2 corrected, %3 deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart of views per sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ and - zoom, the arrow keys move, 0 resets, A shows all signs</source>
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
    <message>
        <source>Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Small multiples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One line per sign, one small chart per sign on a shared scale, or each sign&apos;s share of all views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the chart: + and - zoom, the arrow keys move, 0 resets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide signs (A in the chart shows all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2: %3 views, %4 of %5 signs shown. Updated %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views per sign</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To date</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ViewsCommand</name>
    <message>
        <source>Could not write the chart to %1: %2. Check that the folder exists and that you may write there.</source>
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
