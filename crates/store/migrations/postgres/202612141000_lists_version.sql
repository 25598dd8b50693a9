-- The four lists' data version: every change to a table any list reads moves the version 'lists'
-- in the same transaction, so a list gathered at a version is exact for as long as it stands,
-- on every node (`lists::cache`). Every table is covered except the logs and keys no list reads
-- (audit chain, sessions, sign-in failures, rate counts, webhooks and their deliveries, the
-- inbox, read logs of tip contacts and counselling's break-glass, Open311 keys); accounts move
-- it only when what a list shows of a person changes, not on each sign-in. The test
-- `lists::every_table_moves_the_lists_version_or_is_named_as_unlisted` fails when a table is
-- added without a trigger here or a name there. Mirrors sqlite/202612141000; statement-level
-- triggers, once per statement (`data_version_bump`, 202612101000).
INSERT INTO data_versions (topic, version) VALUES ('lists', 0);

CREATE TRIGGER accounts_lists_version AFTER INSERT OR DELETE OR TRUNCATE ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('lists');
CREATE TRIGGER accounts_lists_version_update
AFTER UPDATE OF name, role, region_code, region_path, department, phone, active ON accounts
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('lists');

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
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
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump(''lists'')',
            t || '_lists_version', t);
    END LOOP;
END
$$;
