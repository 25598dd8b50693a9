-- The lists' data version by table: each table a list reads moves its own version
-- ('lists.' and the table's name) where it moved the one version 'lists' (202612141000), so a
-- list's part is kept while the tables it names stand (`ListSource::reads`, `lists::cache`) and a
-- new case gathers again only the parts that read cases. Still one row per statement. The test
-- `lists::every_table_moves_its_lists_version_or_is_named_as_unlisted` fails when a table is added
-- without its trigger and its row. Mirrors sqlite/202612161000.
DELETE FROM data_versions WHERE topic = 'lists';

-- Each trigger names its table's topic as the argument of `data_version_bump` (202612101000).
-- Not `'lists.' || TG_TABLE_NAME` in one function for all: a table's name is of type `name`,
-- whose collation "C" the comparison takes, and the primary key (the database's collation)
-- cannot serve it — every change scanned the whole table, halving intake on this machine.
DO $$
DECLARE
    t text;
BEGIN
    -- Every table 202612141000 gave a trigger: a row of its own, and its trigger moving it.
    FOR t IN SELECT DISTINCT c.relname::text FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
             WHERE g.tgname LIKE '%\_lists\_version%' ORDER BY 1
    LOOP
        INSERT INTO data_versions (topic, version) VALUES ('lists.' || t, 0);
        -- Accounts' triggers are below: only what a list shows of a person moves them.
        CONTINUE WHEN t = 'accounts';
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_lists_version', t);
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump(%L)',
            t || '_lists_version', t, 'lists.' || t);
    END LOOP;
END
$$;

DROP TRIGGER accounts_lists_version ON accounts;
DROP TRIGGER accounts_lists_version_update ON accounts;
CREATE TRIGGER accounts_lists_version AFTER INSERT OR DELETE OR TRUNCATE ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('lists.accounts');
CREATE TRIGGER accounts_lists_version_update
AFTER UPDATE OF name, role, region_code, region_path, department, phone, active ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('lists.accounts');
