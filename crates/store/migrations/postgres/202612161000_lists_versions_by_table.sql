-- The lists' data version by table: each table a list reads moves its own version
-- ('lists.' and the table's name) where it moved the one version 'lists' (202612141000), so a
-- list's part is kept while the tables it names stand (`ListSource::reads`, `lists::cache`) and a
-- new case gathers again only the parts that read cases. Still one row per statement; writers to
-- different tables no longer wait on one row's lock. The test
-- `lists::every_table_moves_its_lists_version_or_is_named_as_unlisted` fails when a table is added
-- without its trigger and its row. Mirrors sqlite/202612161000.
DELETE FROM data_versions WHERE topic = 'lists';

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT t.tgname::text AS trigger, c.relname::text AS tbl FROM pg_trigger t
             JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE '%\_lists\_version%'
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', r.trigger, r.tbl);
    END LOOP;
END
$$;

-- Each trigger names its table's topic as the argument of `data_version_bump` (202612101000).
-- Not `'lists.' || TG_TABLE_NAME` in one function for all: a table's name is of type `name`,
-- whose collation "C" the comparison takes, and the primary key (the database's collation)
-- cannot serve it — every change scanned the whole table, halving intake on this machine.
CREATE TRIGGER accounts_lists_version AFTER INSERT OR DELETE OR TRUNCATE ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('lists.accounts');
CREATE TRIGGER accounts_lists_version_update
AFTER UPDATE OF name, role, region_code, region_path, department, phone, active ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('lists.accounts');

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'accounts',
        'aid_applications',
        'aid_decisions',
        'aid_documents',
        'assessment_weights',
        'camera_faults',
        'cameras',
        'cap_alerts',
        'care_register',
        'care_visit_months',
        'care_visits',
        'centre_closures',
        'compound_security',
        'counselling_appointments',
        'counselling_notes',
        'counsellors',
        'culture_archive',
        'culture_campaigns',
        'culture_deeds',
        'culture_households',
        'culture_nominees',
        'culture_people',
        'culture_phone_codes',
        'culture_photos',
        'culture_rules',
        'culture_site_bookings',
        'culture_site_events',
        'culture_tallies',
        'culture_votes',
        'dispute_agreements',
        'dispute_events',
        'dispute_followups',
        'dispute_month_hours',
        'dispute_months',
        'dispute_parties',
        'dispute_photos',
        'dispute_receipts',
        'dispute_sessions',
        'disputes',
        'drill_findings',
        'drill_timeline',
        'drills',
        'eco_events',
        'eco_reports',
        'facilities',
        'fund_accounts',
        'fund_entries',
        'fund_payouts',
        'fund_periods',
        'fund_postings',
        'incident_log',
        'incident_steps',
        'incidents',
        'large_events',
        'legal_attendance',
        'legal_book_corners',
        'legal_exceptions',
        'legal_orders',
        'legal_series',
        'mandates',
        'mediation_policies',
        'mediators',
        'patrol_checkpoints',
        'patrol_months',
        'patrol_points',
        'patrol_shifts',
        'patrol_visits',
        'patrols',
        'plan_steps',
        'regions',
        'request_events',
        'request_photos',
        'request_receipts',
        'resident_ratings',
        'response_plans',
        'risk_sites',
        'room_bookings',
        'room_slots',
        'service_applications',
        'service_centres',
        'service_matters',
        'service_questions',
        'service_requests',
        'service_rooms',
        'site_inspections',
        'site_rectifications',
        'smart_standard_versions',
        'team_members',
        'teams',
        'tip_messages',
        'tips',
        'volunteer_positions',
        'volunteer_signups',
        'work_calendar'
    ] LOOP
        INSERT INTO data_versions (topic, version) VALUES ('lists.' || t, 0);
        -- Accounts' triggers are above: only what a list shows of a person moves them.
        CONTINUE WHEN t = 'accounts';
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump(%L)',
            t || '_lists_version', t, 'lists.' || t);
    END LOOP;
END
$$;
