-- Versions of data that changes seldom and is costly to sum up, each bumped by triggers in
-- the same transaction as every change to its tables: a summary computed at a version stays
-- exact while the version stands, on every node (`store::versions`). 'forces' covers what the
-- coverage scorecard reads (teams, members, facilities, cameras, staff accounts, regions,
-- mandates); an update of other columns (a team's name, an account's password) leaves it.
-- Mirrors postgres/202612101000.
CREATE TABLE data_versions (
    topic   TEXT PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO data_versions (topic, version) VALUES ('forces', 0);

CREATE TRIGGER teams_forces_version_insert AFTER INSERT ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER teams_forces_version_delete AFTER DELETE ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER teams_forces_version_update AFTER UPDATE OF kind, region_code, region_path, active ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER team_members_forces_version_insert AFTER INSERT ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER team_members_forces_version_delete AFTER DELETE ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER team_members_forces_version_update AFTER UPDATE OF team_id, active_to ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER facilities_forces_version_insert AFTER INSERT ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER facilities_forces_version_delete AFTER DELETE ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER facilities_forces_version_update AFTER UPDATE OF kind, region_code, region_path ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER cameras_forces_version_insert AFTER INSERT ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER cameras_forces_version_delete AFTER DELETE ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER cameras_forces_version_update AFTER UPDATE OF status, region_path ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER accounts_forces_version_insert AFTER INSERT ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER accounts_forces_version_delete AFTER DELETE ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER accounts_forces_version_update AFTER UPDATE OF role, region_code, active ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER regions_forces_version_insert AFTER INSERT ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER regions_forces_version_delete AFTER DELETE ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER regions_forces_version_update AFTER UPDATE OF code, name, level, path ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER mandates_forces_version_insert AFTER INSERT ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER mandates_forces_version_delete AFTER DELETE ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
CREATE TRIGGER mandates_forces_version_update AFTER UPDATE ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'forces'; END;
