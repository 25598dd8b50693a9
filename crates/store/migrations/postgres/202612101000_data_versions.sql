-- Versions of data that changes seldom and is costly to sum up, each bumped by triggers in
-- the same transaction as every change to its tables: a summary computed at a version stays
-- exact while the version stands, on every node (`store::versions`). 'forces' covers what the
-- coverage scorecard reads (teams, members, facilities, cameras, staff accounts, regions,
-- mandates); an update of other columns (a team's name, an account's password) leaves it.
-- Mirrors sqlite/202612101000; statement-level triggers, once per statement.
CREATE TABLE data_versions (
    topic   TEXT PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO data_versions (topic, version) VALUES ('forces', 0);

CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE topic = TG_ARGV[0];
    RETURN NULL;
END;
$$;

CREATE TRIGGER teams_forces_version AFTER INSERT OR DELETE ON teams
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER teams_forces_version_update AFTER UPDATE OF kind, region_code, region_path, active ON teams
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER team_members_forces_version AFTER INSERT OR DELETE ON team_members
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER team_members_forces_version_update AFTER UPDATE OF team_id, active_to ON team_members
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER facilities_forces_version AFTER INSERT OR DELETE ON facilities
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER facilities_forces_version_update AFTER UPDATE OF kind, region_code, region_path ON facilities
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER cameras_forces_version AFTER INSERT OR DELETE ON cameras
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER cameras_forces_version_update AFTER UPDATE OF status, region_path ON cameras
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER accounts_forces_version AFTER INSERT OR DELETE ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER accounts_forces_version_update AFTER UPDATE OF role, region_code, active ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER regions_forces_version AFTER INSERT OR DELETE ON regions
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER regions_forces_version_update AFTER UPDATE OF code, name, level, path ON regions
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER mandates_forces_version AFTER INSERT OR DELETE ON mandates
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
CREATE TRIGGER mandates_forces_version_update AFTER UPDATE ON mandates
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('forces');
