// Issue 20: no name can be shadowed. A role with only CREATE on the database makes schemas
// named like the other login roles ("$user" in PostgreSQL's default search_path); a role with
// only UPDATE on horoscope_cache writes through the history trigger; a session-level SET is
// left behind on a server session the bot then uses. None of them may take over the app's or
// the migrating role's rights, show the app their rows, fail the bot's writes or label them.
// And a rollback destroys nothing (tables, columns) without an explicit yes.
#include "HoroscopeFixtures.h"
#include "Migration.h"
#include "MigrationFixtures.h"
#include "MigrationGuards.h"
#include "MigrationRunner.h"
#include "RoleFixtures.h"
#include "TestCluster.h"

#include <QProcess>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace {

QList<Migration> builtIn()
{
    QList<Migration> list;
    QString error;
    if (!Migration::loadAll(u":/migrations"_s, &list, &error))
        qWarning("%s", qPrintable(error));
    return list;
}

bool migrate(const ConnectionSpec& spec, bool upward, const QString& to, DbError* error,
             MigrationRunner::Options options = {.createSeedTables = true})
{
    QSqlDatabase db = TestCluster::open(spec);
    bool ok = false;
    {
        MigrationRunner runner(db, builtIn(), options);
        ok = upward ? runner.up(to, error) : runner.down(to, error);
    }
    TestCluster::close(db);
    return ok;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run cli(const ConnectionSpec& spec, const QStringList& args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : {u"DATABASE_URL"_s, u"DISPLAY"_s, u"HOROSCOPE_SCHEMA"_s})
        env.remove(name);
    env.insert(u"XDG_CONFIG_HOME"_s, QDir::tempPath() + u"/ha-hostile-config"_s);
    p.setProcessEnvironment(env);
    const QString url = u"postgresql:///%1?host=%2&user=%3"_s.arg(
        spec.database, QString::fromLatin1(QUrl::toPercentEncoding(spec.host)), spec.user);
    p.start(QStringLiteral(HA_EXECUTABLE), QStringList{u"--database-url"_s, url} + args);
    Run r;
    if (!p.waitForFinished(60'000) || p.exitStatus() != QProcess::NormalExit)
        return r;
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// The attacker's copy of the bot's table in schema %1, with a forged row, a trigger that tries
// to make the attacker superuser whenever it runs with a superuser's rights, and a row-security
// policy whose function records who ran it (the attacker's code running as someone else).
QString forgedCacheSql(const QString& schema, const QString& attacker)
{
    return uR"sql(
        CREATE SCHEMA %1;
        CREATE TABLE %1.horoscope_cache (
            id serial PRIMARY KEY, zodiac_sign varchar(20) NOT NULL,
            horoscope_date date NOT NULL, content text NOT NULL,
            generated_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (zodiac_sign, horoscope_date));
        INSERT INTO %1.horoscope_cache (zodiac_sign, horoscope_date, content)
            VALUES ('leo', '2026-11-28', 'forged by the attacker');
        CREATE FUNCTION %1.spy() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO %2.ran_as VALUES (current_user);
            BEGIN
                EXECUTE 'ALTER ROLE %2 SUPERUSER';
            EXCEPTION WHEN insufficient_privilege THEN NULL;
            END;
            RETURN true;
        END $$;
        CREATE FUNCTION %1.escalate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM %1.spy();
            RETURN NEW;
        END $$;
        CREATE TRIGGER escalate BEFORE INSERT OR UPDATE ON %1.horoscope_cache
            FOR EACH ROW EXECUTE FUNCTION %1.escalate();
        ALTER TABLE %1.horoscope_cache ENABLE ROW LEVEL SECURITY;
        CREATE POLICY everyone ON %1.horoscope_cache USING (%1.spy());
        GRANT USAGE ON SCHEMA %1 TO PUBLIC;
        GRANT ALL ON ALL TABLES IN SCHEMA %1 TO PUBLIC;
        GRANT ALL ON ALL SEQUENCES IN SCHEMA %1 TO PUBLIC;)sql"_s.arg(schema, attacker);
}

// The shadow history table of the history trigger's hijack: a trigger that tries to make the
// attacker superuser when it runs with the history function's owner's rights.
QString shadowHistorySql(const QString& schema, const QString& attacker)
{
    return uR"sql(
        CREATE SCHEMA %1;
        CREATE TABLE %1.horoscope_cache_revisions (
            cache_id int, zodiac_sign text, horoscope_date date, content text,
            generated_at timestamptz, operation text, regenerated boolean,
            changed_by_person text, change_kind text, restored_from bigint);
        CREATE FUNCTION %1.escalate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            EXECUTE 'ALTER ROLE %2 SUPERUSER';
            RETURN NEW;
        EXCEPTION WHEN insufficient_privilege THEN RETURN NEW;
        END $$;
        CREATE TRIGGER escalate BEFORE INSERT ON %1.horoscope_cache_revisions
            FOR EACH ROW EXECUTE FUNCTION %1.escalate();
        GRANT USAGE ON SCHEMA %1 TO PUBLIC;
        GRANT ALL ON ALL TABLES IN SCHEMA %1 TO PUBLIC;)sql"_s.arg(schema, attacker);
}

// The function both history triggers call (by tgfoid) is secured: SECURITY DEFINER, a pinned
// search_path, not executable by PUBLIC, not owned by a superuser. Returns what is wrong.
QString triggerFunctionProblems(const ConnectionSpec& spec)
{
    return TestCluster::scalar(spec, uR"sql(
        SELECT coalesce(string_agg(format('%s calls %s (definer %s, config %s, acl %s, owner %s)',
                                          t.tgname, t.tgfoid::regprocedure, p.prosecdef,
                                          p.proconfig, p.proacl, r.rolname), '; '), '')
        FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_roles r ON r.oid = p.proowner
        WHERE t.tgrelid = 'public.horoscope_cache'::regclass
          AND t.tgname LIKE 'horoscope_cache_revision_on_%'
          AND NOT (p.prosecdef AND p.proconfig = '{"search_path=pg_catalog, public, pg_temp"}'
                   AND p.proacl IS NOT NULL
                   AND NOT EXISTS (SELECT FROM aclexplode(p.proacl) a WHERE a.grantee = 0)
                   AND NOT r.rolsuper
                   AND p.pronamespace = 'public'::regnamespace))sql"_s)
        .toString();
}

// A role that may read and update horoscopes and nothing else (the bot's role, an editor's).
QString updater(const ConnectionSpec& spec)
{
    const QString role = uniqueRole(u"updater"_s);
    TestCluster::execute(spec, u"CREATE ROLE %1 LOGIN; GRANT SELECT, UPDATE ON horoscope_cache "
                               "TO %1"_s.arg(role));
    return role;
}

QString attackerWithCreateOnDatabase(const ConnectionSpec& spec)
{
    const QString role = uniqueRole(u"attacker"_s);
    TestCluster::execute(spec, u"CREATE ROLE %1 LOGIN; GRANT CREATE ON DATABASE %2 TO %1"_s.arg(
                                   role, spec.database));
    return role;
}

} // namespace

class TestHostileSchema : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { REQUIRE_CLUSTER(); }
    void upgradeFrom0003WithASelfNamedSchemaSecuresTheFunctionTheTriggersCall();
    void repairsADatabaseAlreadyUpgradedThatWay();
    void shadowSchemasNamedLikeLoginRolesAreNeverUsed();
    void tablesOfUntrustedOwnersAreRefused();
    void leakedSessionSettingsNeitherFailNorLabelTheBotsWrites();
    void adoptingTheBotsTablesNeedsNoCreateOnTheDatabase();
    void everyRollbackSaysWhatItDestroys();
    void rollbackThatDropsColumnsWithDataAsksFirst();
};

void TestHostileSchema::upgradeFrom0003WithASelfNamedSchemaSecuresTheFunctionTheTriggersCall()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"upgrade"_s);
    DbError error;
    QVERIFY2(migrate(spec, true, u"0003"_s, &error), qPrintable(error.message));
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                                        "horoscope_date, content) VALUES ('leo', '2026-11-28', "
                                        "'original')"_s),
             QString());
    // A schema named like the superuser who will upgrade, made beforehand by a role with only
    // CREATE on the database.
    const QString attacker = attackerWithCreateOnDatabase(spec);
    QCOMPARE(TestCluster::execute(as(spec, attacker),
                                  shadowHistorySql(u"\"%1\""_s.arg(spec.user), attacker)),
             QString());

    QVERIFY2(migrate(spec, true, {}, &error), qPrintable(error.message));
    QCOMPARE(triggerFunctionProblems(spec), QString());

    // One UPDATE by a role with only UPDATE on the table.
    const QString editor = updater(spec);
    QCOMPARE(
        TestCluster::execute(as(spec, editor), u"UPDATE horoscope_cache SET content = 'edited'"_s),
        QString());
    QVERIFY2(!isSuperuser(spec, attacker), "the history trigger ran the attacker's code");
    QCOMPARE(TestCluster::scalar(spec, u"SELECT string_agg(content, ',') FROM "
                                       "public.horoscope_cache_revisions"_s)
                 .toString(),
             u"original"_s);
}

void TestHostileSchema::repairsADatabaseAlreadyUpgradedThatWay()
{
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"repair"_s);
    DbError error;
    QVERIFY2(migrate(spec, true, u"0006"_s, &error), qPrintable(error.message));
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                                        "horoscope_date, content) VALUES ('leo', '2026-11-28', "
                                        "'original')"_s),
             QString());
    // What 0004 left where the migrating role had a schema of its own name: the triggers call
    // 0002's function, SECURITY DEFINER with search_path "$user", public, owned by the
    // superuser and executable by PUBLIC (here one trigger even calls a copy elsewhere).
    const QString body = uR"sql(
        RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = "$user", public
        AS $$
        BEGIN
            INSERT INTO horoscope_cache_revisions
                (cache_id, zodiac_sign, horoscope_date, content, generated_at, operation,
                 regenerated)
            VALUES (OLD.id, OLD.zodiac_sign, OLD.horoscope_date, OLD.content, OLD.generated_at,
                    TG_OP, false);
            RETURN NULL;
        END $$;)sql"_s;
    QCOMPARE(
        TestCluster::execute(
            spec, u"CREATE OR REPLACE FUNCTION public.horoscope_cache_keep_revision() "_s + body +
                      u"ALTER FUNCTION public.horoscope_cache_keep_revision() OWNER TO %1; "
                      "GRANT EXECUTE ON FUNCTION public.horoscope_cache_keep_revision() TO "
                      "PUBLIC; CREATE SCHEMA legacy; "
                      "CREATE FUNCTION legacy.horoscope_cache_keep_revision() "_s.arg(spec.user) +
                      body +
                      u"DROP TRIGGER horoscope_cache_revision_on_update ON horoscope_cache; "
                      "CREATE TRIGGER horoscope_cache_revision_on_update AFTER UPDATE ON "
                      "horoscope_cache FOR EACH ROW WHEN (OLD.content IS DISTINCT FROM "
                      "NEW.content) EXECUTE FUNCTION legacy.horoscope_cache_keep_revision()"_s),
        QString());
    QVERIFY(!triggerFunctionProblems(spec).isEmpty());
    const QString attacker = attackerWithCreateOnDatabase(spec);
    QCOMPARE(TestCluster::execute(as(spec, attacker),
                                  shadowHistorySql(u"\"%1\""_s.arg(spec.user), attacker)),
             QString());

    QVERIFY2(migrate(spec, true, {}, &error), qPrintable(error.message));
    QCOMPARE(triggerFunctionProblems(spec), QString());

    const QString editor = updater(spec);
    QCOMPARE(
        TestCluster::execute(as(spec, editor), u"UPDATE horoscope_cache SET content = 'edited'"_s),
        QString());
    QCOMPARE(TestCluster::execute(spec, u"DELETE FROM horoscope_cache"_s), QString());
    QVERIFY2(!isSuperuser(spec, attacker), "the history trigger ran the attacker's code");
    QCOMPARE(TestCluster::scalar(spec, u"SELECT string_agg(content || ':' || operation, ',' "
                                       "ORDER BY revision_id) FROM "
                                       "public.horoscope_cache_revisions"_s)
                 .toString(),
             u"original:UPDATE,edited:DELETE"_s);
}

void TestHostileSchema::shadowSchemasNamedLikeLoginRolesAreNeverUsed()
{
    const ConnectionSpec spec = migratedTestDatabase(u"shadow"_s);
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                                        "horoscope_date, content) VALUES ('leo', '2026-11-28', "
                                        "'the real text')"_s),
             QString());
    const QString editor = uniqueRole(u"editor"_s);
    QCOMPARE(TestCluster::execute(spec,
                                  u"CREATE ROLE %1 LOGIN; GRANT SELECT, UPDATE (content) "
                                  "ON horoscope_cache TO %1; GRANT SELECT ON "
                                  "horoscope_cache_revisions, horoscope_views TO %1"_s.arg(editor)),
             QString());
    const QString attacker = attackerWithCreateOnDatabase(spec);
    const ConnectionSpec asAttacker = as(spec, attacker);
    QCOMPARE(
        TestCluster::execute(asAttacker, u"CREATE SCHEMA %1; CREATE TABLE %1.ran_as "
                                         "(role text); GRANT USAGE ON SCHEMA %1 TO PUBLIC; "
                                         "GRANT INSERT ON %1.ran_as TO PUBLIC"_s.arg(attacker)),
        QString());
    for (const QString& login : {spec.user, editor}) {
        QCOMPARE(TestCluster::execute(asAttacker, forgedCacheSql(u"\"%1\""_s.arg(login), attacker)),
                 QString());
    }

    for (const QString& login : {spec.user, editor}) {
        const Run list = cli(as(spec, login), {u"horoscopes"_s, u"list"_s});
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        QVERIFY2(list.out.contains(u"the real text"), qPrintable(list.out));
        QVERIFY2(!list.out.contains(u"forged"), qPrintable(login + u": "_s + list.out));
    }
    const Run regenerate = cli(spec, {u"regenerate"_s, u"--sign"_s, u"leo"_s, u"--date"_s,
                                      u"2026-11-28"_s, u"--provider"_s, u"demo"_s, u"--yes"_s});
    QVERIFY2(regenerate.exitCode == 0, qPrintable(regenerate.err));
    QVERIFY2(regenerate.err.contains(u"Written: 1"), qPrintable(regenerate.err));
    QVERIFY(TestCluster::scalar(spec, u"SELECT content FROM public.horoscope_cache"_s).toString() !=
            u"the real text"_s);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT string_agg(content, ',') FROM \"%1\"."
                                       "horoscope_cache"_s.arg(spec.user))
                 .toString(),
             u"forged by the attacker"_s);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT coalesce(string_agg(role, ','), '') FROM "
                                       "%1.ran_as"_s.arg(attacker))
                 .toString(),
             QString());
    QVERIFY(!isSuperuser(spec, attacker));
}

void TestHostileSchema::tablesOfUntrustedOwnersAreRefused()
{
    const ConnectionSpec spec = migratedTestDatabase(u"owners"_s);
    // A table handed to a role that may not create objects in the schema.
    const QString stranger = uniqueRole(u"stranger"_s);
    QCOMPARE(TestCluster::execute(spec, u"CREATE ROLE %1 LOGIN; ALTER TABLE horoscope_views "
                                        "OWNER TO %1"_s.arg(stranger)),
             QString());
    Run list = cli(spec, {u"horoscopes"_s, u"list"_s});
    QVERIFY2(list.exitCode != 0, qPrintable(list.out));
    QVERIFY2(list.err.contains(u"horoscope_views (%1)"_s.arg(stranger)), qPrintable(list.err));
    QCOMPARE(list.err.trimmed().count(u'\n'), 0);

    // A role granted CREATE on the schema is one the DBA trusts with it.
    QCOMPARE(TestCluster::execute(spec, u"GRANT CREATE ON SCHEMA public TO %1"_s.arg(stranger)),
             QString());
    list = cli(spec, {u"horoscopes"_s, u"list"_s});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));

    // A schema where anyone may create objects holds no name the app can trust.
    QCOMPARE(TestCluster::execute(spec, u"GRANT CREATE ON SCHEMA public TO PUBLIC"_s), QString());
    list = cli(spec, {u"horoscopes"_s, u"list"_s});
    QVERIFY2(list.exitCode != 0, qPrintable(list.out));
    QVERIFY2(list.err.contains(u"REVOKE CREATE ON SCHEMA public FROM PUBLIC"),
             qPrintable(list.err));
}

void TestHostileSchema::leakedSessionSettingsNeitherFailNorLabelTheBotsWrites()
{
    const ConnectionSpec spec = migratedTestDatabase(u"leak"_s);
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                                        "horoscope_date, content) VALUES ('leo', '2026-11-28', "
                                        "'original'), ('aries', '2026-11-28', 'aries text')"_s),
             QString());
    // What another client of the bot's role left behind on a pooled server session, then the
    // bot's own writes on that session.
    QSqlDatabase db = TestCluster::open(spec);
    {
        QSqlQuery q(db);
        QVERIFY_SQL(q, exec(u"SET horoscope_admin.restored_from = 'x'"_s));
        QVERIFY_SQL(q, exec(u"SET horoscope_admin.person = 'Mallory'"_s));
        QVERIFY_SQL(q, exec(u"SET horoscope_admin.action = 'edited'"_s));
        QVERIFY_SQL(q, exec(u"SELECT set_config('horoscope_admin.xact', "
                            "pg_current_xact_id()::text, false)"_s));
        QVERIFY_SQL(q, exec(u"UPDATE horoscope_cache SET content = 'by the bot' "
                            "WHERE zodiac_sign = 'leo'"_s));
        QVERIFY_SQL(q, exec(u"DELETE FROM horoscope_cache WHERE zodiac_sign = 'aries'"_s));
    }
    TestCluster::close(db);
    QCOMPARE(TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache_revisions WHERE "
                                       "changed_by_person IS NULL AND change_kind IS NULL AND "
                                       "restored_from IS NULL"_s)
                 .toInt(),
             2);

    // The app's own label, set in the change's transaction, still counts.
    QCOMPARE(TestCluster::execute(spec, u"BEGIN; SELECT set_config('horoscope_admin.person', "
                                        "'Anna', true), set_config('horoscope_admin.action', "
                                        "'restored', true), set_config("
                                        "'horoscope_admin.restored_from', '1', true), set_config("
                                        "'horoscope_admin.xact', pg_current_xact_id()::text, "
                                        "true); UPDATE horoscope_cache SET content = 'by Anna'; "
                                        "COMMIT"_s),
             QString());
    QCOMPARE(TestCluster::scalar(spec, u"SELECT changed_by_person || '/' || change_kind || '/' "
                                       "|| restored_from FROM horoscope_cache_revisions ORDER BY "
                                       "revision_id DESC LIMIT 1"_s)
                 .toString(),
             u"Anna/restored/1"_s);
}

void TestHostileSchema::adoptingTheBotsTablesNeedsNoCreateOnTheDatabase()
{
    // docs/security.md's admin role: CREATE on the schema and the bot's role, nothing on the
    // database (which would let it make schemas named like other roles).
    const ConnectionSpec spec = TestCluster::instance().freshDatabase(u"adopt"_s);
    const QString bot = uniqueRole(u"bot"_s);
    const QString admin = uniqueRole(u"admin"_s);
    QCOMPARE(TestCluster::execute(
                 spec, u"CREATE ROLE %1 LOGIN; GRANT CREATE ON SCHEMA public TO "
                       "%1; CREATE ROLE %2 LOGIN; GRANT %1 TO %2; GRANT CREATE "
                       "ON SCHEMA public TO %2; CREATE EXTENSION pg_trgm"_s.arg(bot, admin)),
             QString());
    QCOMPARE(TestCluster::execute(as(spec, bot), alembicSchemaSql()), QString());
    const Run up = cli(as(spec, admin), {u"migrate"_s, u"up"_s});
    QVERIFY2(up.exitCode == 0, qPrintable(up.out + up.err));
    QCOMPARE(TestCluster::scalar(spec, u"SELECT string_agg(id, ',' ORDER BY id) FROM "
                                       "horoscope_admin_schema_history WHERE adopted"_s)
                 .toString(),
             u"0001"_s);
    QCOMPARE(triggerFunctionProblems(spec), QString());
}

void TestHostileSchema::everyRollbackSaysWhatItDestroys()
{
    const QList<Migration> migrations = builtIn();
    QVERIFY(migrations.size() >= 7);
    for (const Migration& m : migrations) {
        QVERIFY2(m.destroysDeclared, qPrintable(m.fileName + u" has no \"-- Destroys:\" line"_s));
        // Whatever the down part visibly drops is declared.
        for (const QString& table : MigrationGuards::droppedTables(m.downSql))
            QVERIFY2(m.destroys.contains(Migration::Loss{table, {}}),
                     qPrintable(m.fileName + u": "_s + table));
        for (const QString& column : MigrationGuards::droppedColumns(m.downSql))
            QVERIFY2(m.destroys.contains(
                         Migration::Loss{column.section(u'.', 0, 0), column.section(u'.', 1)}),
                     qPrintable(m.fileName + u": "_s + column));
    }
    QCOMPARE(MigrationGuards::droppedColumns(
                 u"ALTER TABLE t DROP COLUMN a, DROP b, ALTER COLUMN c DROP DEFAULT, DROP "
                 "CONSTRAINT k; ALTER TABLE \"T\" DROP COLUMN IF EXISTS \"X\""_s),
             (QStringList{u"t.a"_s, u"t.b"_s, u"T.X"_s}));
}

void TestHostileSchema::rollbackThatDropsColumnsWithDataAsksFirst()
{
    const ConnectionSpec spec = migratedTestDatabase(u"columns"_s);
    QCOMPARE(TestCluster::execute(spec, u"INSERT INTO horoscope_cache (zodiac_sign, "
                                        "horoscope_date, content) VALUES ('leo', '2026-11-28', "
                                        "'original'); BEGIN; SELECT set_config("
                                        "'horoscope_admin.person', 'Anna', true), set_config("
                                        "'horoscope_admin.action', 'edited', true), set_config("
                                        "'horoscope_admin.xact', pg_current_xact_id()::text, "
                                        "true); UPDATE horoscope_cache SET content = 'by Anna'; "
                                        "COMMIT"_s),
             QString());
    const QString hasColumn = u"SELECT EXISTS (SELECT FROM information_schema.columns WHERE "
                              "table_name = 'horoscope_cache_revisions' AND column_name = "
                              "'changed_by_person')"_s;
    DbError error;
    const QString latest =
        TestCluster::scalar(spec, u"SELECT max(id) FROM horoscope_admin_schema_history"_s)
            .toString();
    QVERIFY(!migrate(spec, false, u"0005"_s, &error));
    QVERIFY2(error.message.contains(u"horoscope_cache_revisions.changed_by_person (1 value"),
             qPrintable(error.message));
    QVERIFY(TestCluster::scalar(spec, hasColumn).toBool());
    // Refused before the first change: not even the later migrations were rolled back.
    QCOMPARE(TestCluster::scalar(spec, u"SELECT max(id) FROM horoscope_admin_schema_history"_s)
                 .toString(),
             latest);

    // The command line says the same and changes nothing.
    const Run refused = cli(spec, {u"migrate"_s, u"down"_s, u"--to"_s, u"0005"_s});
    QVERIFY2(refused.exitCode != 0, qPrintable(refused.err));
    QVERIFY2(refused.err.contains(u"changed_by_person"), qPrintable(refused.err));
    QVERIFY(TestCluster::scalar(spec, hasColumn).toBool());

    QVERIFY2(
        migrate(spec, false, u"0005"_s, &error, {.acceptDataLoss = true, .createSeedTables = true}),
        qPrintable(error.message));
    QVERIFY(!TestCluster::scalar(spec, hasColumn).toBool());
}

QTEST_GUILESS_MAIN(TestHostileSchema)
#include "tst_hostile_schema.moc"
