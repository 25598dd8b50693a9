-- The lists' data version by table: each table a list reads moves its own version
-- ('lists.' and the table's name) where it moved the one version 'lists' (202612141000), so a
-- list's part is kept while the tables it names stand (`ListSource::reads`, `lists::cache`) and a
-- new case gathers again only the parts that read cases. Still one row per change. The test
-- `lists::every_table_moves_its_lists_version_or_is_named_as_unlisted` fails when a table is added
-- without its trigger and its row. Mirrors postgres/202612161000.
DELETE FROM data_versions WHERE topic = 'lists';

INSERT INTO data_versions (topic, version) VALUES
    ('lists.accounts', 0),
    ('lists.aid_applications', 0),
    ('lists.aid_decisions', 0),
    ('lists.aid_documents', 0),
    ('lists.assessment_weights', 0),
    ('lists.camera_faults', 0),
    ('lists.cameras', 0),
    ('lists.cap_alerts', 0),
    ('lists.care_register', 0),
    ('lists.care_visit_months', 0),
    ('lists.care_visits', 0),
    ('lists.centre_closures', 0),
    ('lists.compound_security', 0),
    ('lists.counselling_appointments', 0),
    ('lists.counselling_notes', 0),
    ('lists.counsellors', 0),
    ('lists.culture_archive', 0),
    ('lists.culture_campaigns', 0),
    ('lists.culture_deeds', 0),
    ('lists.culture_households', 0),
    ('lists.culture_nominees', 0),
    ('lists.culture_people', 0),
    ('lists.culture_phone_codes', 0),
    ('lists.culture_photos', 0),
    ('lists.culture_rules', 0),
    ('lists.culture_site_bookings', 0),
    ('lists.culture_site_events', 0),
    ('lists.culture_tallies', 0),
    ('lists.culture_votes', 0),
    ('lists.dispute_agreements', 0),
    ('lists.dispute_events', 0),
    ('lists.dispute_followups', 0),
    ('lists.dispute_month_hours', 0),
    ('lists.dispute_months', 0),
    ('lists.dispute_parties', 0),
    ('lists.dispute_photos', 0),
    ('lists.dispute_receipts', 0),
    ('lists.dispute_sessions', 0),
    ('lists.disputes', 0),
    ('lists.drill_findings', 0),
    ('lists.drill_timeline', 0),
    ('lists.drills', 0),
    ('lists.eco_events', 0),
    ('lists.eco_reports', 0),
    ('lists.facilities', 0),
    ('lists.fund_accounts', 0),
    ('lists.fund_entries', 0),
    ('lists.fund_payouts', 0),
    ('lists.fund_periods', 0),
    ('lists.fund_postings', 0),
    ('lists.incident_log', 0),
    ('lists.incident_steps', 0),
    ('lists.incidents', 0),
    ('lists.large_events', 0),
    ('lists.legal_attendance', 0),
    ('lists.legal_book_corners', 0),
    ('lists.legal_exceptions', 0),
    ('lists.legal_orders', 0),
    ('lists.legal_series', 0),
    ('lists.mandates', 0),
    ('lists.mediation_policies', 0),
    ('lists.mediators', 0),
    ('lists.patrol_checkpoints', 0),
    ('lists.patrol_months', 0),
    ('lists.patrol_points', 0),
    ('lists.patrol_shifts', 0),
    ('lists.patrol_visits', 0),
    ('lists.patrols', 0),
    ('lists.plan_steps', 0),
    ('lists.regions', 0),
    ('lists.request_events', 0),
    ('lists.request_photos', 0),
    ('lists.request_receipts', 0),
    ('lists.resident_ratings', 0),
    ('lists.response_plans', 0),
    ('lists.risk_sites', 0),
    ('lists.room_bookings', 0),
    ('lists.room_slots', 0),
    ('lists.service_applications', 0),
    ('lists.service_centres', 0),
    ('lists.service_matters', 0),
    ('lists.service_questions', 0),
    ('lists.service_requests', 0),
    ('lists.service_rooms', 0),
    ('lists.site_inspections', 0),
    ('lists.site_rectifications', 0),
    ('lists.smart_standard_versions', 0),
    ('lists.team_members', 0),
    ('lists.teams', 0),
    ('lists.tip_messages', 0),
    ('lists.tips', 0),
    ('lists.volunteer_positions', 0),
    ('lists.volunteer_signups', 0),
    ('lists.work_calendar', 0);

DROP TRIGGER accounts_lists_version_insert;
CREATE TRIGGER accounts_lists_version_insert AFTER INSERT ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.accounts'; END;
DROP TRIGGER accounts_lists_version_delete;
CREATE TRIGGER accounts_lists_version_delete AFTER DELETE ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.accounts'; END;
DROP TRIGGER accounts_lists_version_update;
CREATE TRIGGER accounts_lists_version_update
AFTER UPDATE OF name, role, region_code, region_path, department, phone, active ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.accounts'; END;
DROP TRIGGER aid_applications_lists_version_insert;
CREATE TRIGGER aid_applications_lists_version_insert AFTER INSERT ON aid_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_applications'; END;
DROP TRIGGER aid_applications_lists_version_update;
CREATE TRIGGER aid_applications_lists_version_update AFTER UPDATE ON aid_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_applications'; END;
DROP TRIGGER aid_applications_lists_version_delete;
CREATE TRIGGER aid_applications_lists_version_delete AFTER DELETE ON aid_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_applications'; END;
DROP TRIGGER aid_decisions_lists_version_insert;
CREATE TRIGGER aid_decisions_lists_version_insert AFTER INSERT ON aid_decisions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_decisions'; END;
DROP TRIGGER aid_decisions_lists_version_update;
CREATE TRIGGER aid_decisions_lists_version_update AFTER UPDATE ON aid_decisions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_decisions'; END;
DROP TRIGGER aid_decisions_lists_version_delete;
CREATE TRIGGER aid_decisions_lists_version_delete AFTER DELETE ON aid_decisions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_decisions'; END;
DROP TRIGGER aid_documents_lists_version_insert;
CREATE TRIGGER aid_documents_lists_version_insert AFTER INSERT ON aid_documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_documents'; END;
DROP TRIGGER aid_documents_lists_version_update;
CREATE TRIGGER aid_documents_lists_version_update AFTER UPDATE ON aid_documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_documents'; END;
DROP TRIGGER aid_documents_lists_version_delete;
CREATE TRIGGER aid_documents_lists_version_delete AFTER DELETE ON aid_documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.aid_documents'; END;
DROP TRIGGER assessment_weights_lists_version_insert;
CREATE TRIGGER assessment_weights_lists_version_insert AFTER INSERT ON assessment_weights
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.assessment_weights'; END;
DROP TRIGGER assessment_weights_lists_version_update;
CREATE TRIGGER assessment_weights_lists_version_update AFTER UPDATE ON assessment_weights
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.assessment_weights'; END;
DROP TRIGGER assessment_weights_lists_version_delete;
CREATE TRIGGER assessment_weights_lists_version_delete AFTER DELETE ON assessment_weights
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.assessment_weights'; END;
DROP TRIGGER camera_faults_lists_version_insert;
CREATE TRIGGER camera_faults_lists_version_insert AFTER INSERT ON camera_faults
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.camera_faults'; END;
DROP TRIGGER camera_faults_lists_version_update;
CREATE TRIGGER camera_faults_lists_version_update AFTER UPDATE ON camera_faults
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.camera_faults'; END;
DROP TRIGGER camera_faults_lists_version_delete;
CREATE TRIGGER camera_faults_lists_version_delete AFTER DELETE ON camera_faults
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.camera_faults'; END;
DROP TRIGGER cameras_lists_version_insert;
CREATE TRIGGER cameras_lists_version_insert AFTER INSERT ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.cameras'; END;
DROP TRIGGER cameras_lists_version_update;
CREATE TRIGGER cameras_lists_version_update AFTER UPDATE ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.cameras'; END;
DROP TRIGGER cameras_lists_version_delete;
CREATE TRIGGER cameras_lists_version_delete AFTER DELETE ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.cameras'; END;
DROP TRIGGER cap_alerts_lists_version_insert;
CREATE TRIGGER cap_alerts_lists_version_insert AFTER INSERT ON cap_alerts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.cap_alerts'; END;
DROP TRIGGER cap_alerts_lists_version_update;
CREATE TRIGGER cap_alerts_lists_version_update AFTER UPDATE ON cap_alerts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.cap_alerts'; END;
DROP TRIGGER cap_alerts_lists_version_delete;
CREATE TRIGGER cap_alerts_lists_version_delete AFTER DELETE ON cap_alerts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.cap_alerts'; END;
DROP TRIGGER care_register_lists_version_insert;
CREATE TRIGGER care_register_lists_version_insert AFTER INSERT ON care_register
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_register'; END;
DROP TRIGGER care_register_lists_version_update;
CREATE TRIGGER care_register_lists_version_update AFTER UPDATE ON care_register
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_register'; END;
DROP TRIGGER care_register_lists_version_delete;
CREATE TRIGGER care_register_lists_version_delete AFTER DELETE ON care_register
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_register'; END;
DROP TRIGGER care_visit_months_lists_version_insert;
CREATE TRIGGER care_visit_months_lists_version_insert AFTER INSERT ON care_visit_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_visit_months'; END;
DROP TRIGGER care_visit_months_lists_version_update;
CREATE TRIGGER care_visit_months_lists_version_update AFTER UPDATE ON care_visit_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_visit_months'; END;
DROP TRIGGER care_visit_months_lists_version_delete;
CREATE TRIGGER care_visit_months_lists_version_delete AFTER DELETE ON care_visit_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_visit_months'; END;
DROP TRIGGER care_visits_lists_version_insert;
CREATE TRIGGER care_visits_lists_version_insert AFTER INSERT ON care_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_visits'; END;
DROP TRIGGER care_visits_lists_version_update;
CREATE TRIGGER care_visits_lists_version_update AFTER UPDATE ON care_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_visits'; END;
DROP TRIGGER care_visits_lists_version_delete;
CREATE TRIGGER care_visits_lists_version_delete AFTER DELETE ON care_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.care_visits'; END;
DROP TRIGGER centre_closures_lists_version_insert;
CREATE TRIGGER centre_closures_lists_version_insert AFTER INSERT ON centre_closures
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.centre_closures'; END;
DROP TRIGGER centre_closures_lists_version_update;
CREATE TRIGGER centre_closures_lists_version_update AFTER UPDATE ON centre_closures
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.centre_closures'; END;
DROP TRIGGER centre_closures_lists_version_delete;
CREATE TRIGGER centre_closures_lists_version_delete AFTER DELETE ON centre_closures
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.centre_closures'; END;
DROP TRIGGER compound_security_lists_version_insert;
CREATE TRIGGER compound_security_lists_version_insert AFTER INSERT ON compound_security
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.compound_security'; END;
DROP TRIGGER compound_security_lists_version_update;
CREATE TRIGGER compound_security_lists_version_update AFTER UPDATE ON compound_security
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.compound_security'; END;
DROP TRIGGER compound_security_lists_version_delete;
CREATE TRIGGER compound_security_lists_version_delete AFTER DELETE ON compound_security
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.compound_security'; END;
DROP TRIGGER counselling_appointments_lists_version_insert;
CREATE TRIGGER counselling_appointments_lists_version_insert AFTER INSERT ON counselling_appointments
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counselling_appointments'; END;
DROP TRIGGER counselling_appointments_lists_version_update;
CREATE TRIGGER counselling_appointments_lists_version_update AFTER UPDATE ON counselling_appointments
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counselling_appointments'; END;
DROP TRIGGER counselling_appointments_lists_version_delete;
CREATE TRIGGER counselling_appointments_lists_version_delete AFTER DELETE ON counselling_appointments
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counselling_appointments'; END;
DROP TRIGGER counselling_notes_lists_version_insert;
CREATE TRIGGER counselling_notes_lists_version_insert AFTER INSERT ON counselling_notes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counselling_notes'; END;
DROP TRIGGER counselling_notes_lists_version_update;
CREATE TRIGGER counselling_notes_lists_version_update AFTER UPDATE ON counselling_notes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counselling_notes'; END;
DROP TRIGGER counselling_notes_lists_version_delete;
CREATE TRIGGER counselling_notes_lists_version_delete AFTER DELETE ON counselling_notes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counselling_notes'; END;
DROP TRIGGER counsellors_lists_version_insert;
CREATE TRIGGER counsellors_lists_version_insert AFTER INSERT ON counsellors
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counsellors'; END;
DROP TRIGGER counsellors_lists_version_update;
CREATE TRIGGER counsellors_lists_version_update AFTER UPDATE ON counsellors
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counsellors'; END;
DROP TRIGGER counsellors_lists_version_delete;
CREATE TRIGGER counsellors_lists_version_delete AFTER DELETE ON counsellors
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.counsellors'; END;
DROP TRIGGER culture_archive_lists_version_insert;
CREATE TRIGGER culture_archive_lists_version_insert AFTER INSERT ON culture_archive
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_archive'; END;
DROP TRIGGER culture_archive_lists_version_update;
CREATE TRIGGER culture_archive_lists_version_update AFTER UPDATE ON culture_archive
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_archive'; END;
DROP TRIGGER culture_archive_lists_version_delete;
CREATE TRIGGER culture_archive_lists_version_delete AFTER DELETE ON culture_archive
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_archive'; END;
DROP TRIGGER culture_campaigns_lists_version_insert;
CREATE TRIGGER culture_campaigns_lists_version_insert AFTER INSERT ON culture_campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_campaigns'; END;
DROP TRIGGER culture_campaigns_lists_version_update;
CREATE TRIGGER culture_campaigns_lists_version_update AFTER UPDATE ON culture_campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_campaigns'; END;
DROP TRIGGER culture_campaigns_lists_version_delete;
CREATE TRIGGER culture_campaigns_lists_version_delete AFTER DELETE ON culture_campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_campaigns'; END;
DROP TRIGGER culture_deeds_lists_version_insert;
CREATE TRIGGER culture_deeds_lists_version_insert AFTER INSERT ON culture_deeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_deeds'; END;
DROP TRIGGER culture_deeds_lists_version_update;
CREATE TRIGGER culture_deeds_lists_version_update AFTER UPDATE ON culture_deeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_deeds'; END;
DROP TRIGGER culture_deeds_lists_version_delete;
CREATE TRIGGER culture_deeds_lists_version_delete AFTER DELETE ON culture_deeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_deeds'; END;
DROP TRIGGER culture_households_lists_version_insert;
CREATE TRIGGER culture_households_lists_version_insert AFTER INSERT ON culture_households
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_households'; END;
DROP TRIGGER culture_households_lists_version_update;
CREATE TRIGGER culture_households_lists_version_update AFTER UPDATE ON culture_households
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_households'; END;
DROP TRIGGER culture_households_lists_version_delete;
CREATE TRIGGER culture_households_lists_version_delete AFTER DELETE ON culture_households
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_households'; END;
DROP TRIGGER culture_nominees_lists_version_insert;
CREATE TRIGGER culture_nominees_lists_version_insert AFTER INSERT ON culture_nominees
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_nominees'; END;
DROP TRIGGER culture_nominees_lists_version_update;
CREATE TRIGGER culture_nominees_lists_version_update AFTER UPDATE ON culture_nominees
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_nominees'; END;
DROP TRIGGER culture_nominees_lists_version_delete;
CREATE TRIGGER culture_nominees_lists_version_delete AFTER DELETE ON culture_nominees
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_nominees'; END;
DROP TRIGGER culture_people_lists_version_insert;
CREATE TRIGGER culture_people_lists_version_insert AFTER INSERT ON culture_people
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_people'; END;
DROP TRIGGER culture_people_lists_version_update;
CREATE TRIGGER culture_people_lists_version_update AFTER UPDATE ON culture_people
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_people'; END;
DROP TRIGGER culture_people_lists_version_delete;
CREATE TRIGGER culture_people_lists_version_delete AFTER DELETE ON culture_people
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_people'; END;
DROP TRIGGER culture_phone_codes_lists_version_insert;
CREATE TRIGGER culture_phone_codes_lists_version_insert AFTER INSERT ON culture_phone_codes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_phone_codes'; END;
DROP TRIGGER culture_phone_codes_lists_version_update;
CREATE TRIGGER culture_phone_codes_lists_version_update AFTER UPDATE ON culture_phone_codes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_phone_codes'; END;
DROP TRIGGER culture_phone_codes_lists_version_delete;
CREATE TRIGGER culture_phone_codes_lists_version_delete AFTER DELETE ON culture_phone_codes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_phone_codes'; END;
DROP TRIGGER culture_photos_lists_version_insert;
CREATE TRIGGER culture_photos_lists_version_insert AFTER INSERT ON culture_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_photos'; END;
DROP TRIGGER culture_photos_lists_version_update;
CREATE TRIGGER culture_photos_lists_version_update AFTER UPDATE ON culture_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_photos'; END;
DROP TRIGGER culture_photos_lists_version_delete;
CREATE TRIGGER culture_photos_lists_version_delete AFTER DELETE ON culture_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_photos'; END;
DROP TRIGGER culture_rules_lists_version_insert;
CREATE TRIGGER culture_rules_lists_version_insert AFTER INSERT ON culture_rules
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_rules'; END;
DROP TRIGGER culture_rules_lists_version_update;
CREATE TRIGGER culture_rules_lists_version_update AFTER UPDATE ON culture_rules
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_rules'; END;
DROP TRIGGER culture_rules_lists_version_delete;
CREATE TRIGGER culture_rules_lists_version_delete AFTER DELETE ON culture_rules
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_rules'; END;
DROP TRIGGER culture_site_bookings_lists_version_insert;
CREATE TRIGGER culture_site_bookings_lists_version_insert AFTER INSERT ON culture_site_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_site_bookings'; END;
DROP TRIGGER culture_site_bookings_lists_version_update;
CREATE TRIGGER culture_site_bookings_lists_version_update AFTER UPDATE ON culture_site_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_site_bookings'; END;
DROP TRIGGER culture_site_bookings_lists_version_delete;
CREATE TRIGGER culture_site_bookings_lists_version_delete AFTER DELETE ON culture_site_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_site_bookings'; END;
DROP TRIGGER culture_site_events_lists_version_insert;
CREATE TRIGGER culture_site_events_lists_version_insert AFTER INSERT ON culture_site_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_site_events'; END;
DROP TRIGGER culture_site_events_lists_version_update;
CREATE TRIGGER culture_site_events_lists_version_update AFTER UPDATE ON culture_site_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_site_events'; END;
DROP TRIGGER culture_site_events_lists_version_delete;
CREATE TRIGGER culture_site_events_lists_version_delete AFTER DELETE ON culture_site_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_site_events'; END;
DROP TRIGGER culture_tallies_lists_version_insert;
CREATE TRIGGER culture_tallies_lists_version_insert AFTER INSERT ON culture_tallies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_tallies'; END;
DROP TRIGGER culture_tallies_lists_version_update;
CREATE TRIGGER culture_tallies_lists_version_update AFTER UPDATE ON culture_tallies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_tallies'; END;
DROP TRIGGER culture_tallies_lists_version_delete;
CREATE TRIGGER culture_tallies_lists_version_delete AFTER DELETE ON culture_tallies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_tallies'; END;
DROP TRIGGER culture_votes_lists_version_insert;
CREATE TRIGGER culture_votes_lists_version_insert AFTER INSERT ON culture_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_votes'; END;
DROP TRIGGER culture_votes_lists_version_update;
CREATE TRIGGER culture_votes_lists_version_update AFTER UPDATE ON culture_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_votes'; END;
DROP TRIGGER culture_votes_lists_version_delete;
CREATE TRIGGER culture_votes_lists_version_delete AFTER DELETE ON culture_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.culture_votes'; END;
DROP TRIGGER dispute_agreements_lists_version_insert;
CREATE TRIGGER dispute_agreements_lists_version_insert AFTER INSERT ON dispute_agreements
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_agreements'; END;
DROP TRIGGER dispute_agreements_lists_version_update;
CREATE TRIGGER dispute_agreements_lists_version_update AFTER UPDATE ON dispute_agreements
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_agreements'; END;
DROP TRIGGER dispute_agreements_lists_version_delete;
CREATE TRIGGER dispute_agreements_lists_version_delete AFTER DELETE ON dispute_agreements
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_agreements'; END;
DROP TRIGGER dispute_events_lists_version_insert;
CREATE TRIGGER dispute_events_lists_version_insert AFTER INSERT ON dispute_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_events'; END;
DROP TRIGGER dispute_events_lists_version_update;
CREATE TRIGGER dispute_events_lists_version_update AFTER UPDATE ON dispute_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_events'; END;
DROP TRIGGER dispute_events_lists_version_delete;
CREATE TRIGGER dispute_events_lists_version_delete AFTER DELETE ON dispute_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_events'; END;
DROP TRIGGER dispute_followups_lists_version_insert;
CREATE TRIGGER dispute_followups_lists_version_insert AFTER INSERT ON dispute_followups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_followups'; END;
DROP TRIGGER dispute_followups_lists_version_update;
CREATE TRIGGER dispute_followups_lists_version_update AFTER UPDATE ON dispute_followups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_followups'; END;
DROP TRIGGER dispute_followups_lists_version_delete;
CREATE TRIGGER dispute_followups_lists_version_delete AFTER DELETE ON dispute_followups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_followups'; END;
DROP TRIGGER dispute_month_hours_lists_version_insert;
CREATE TRIGGER dispute_month_hours_lists_version_insert AFTER INSERT ON dispute_month_hours
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_month_hours'; END;
DROP TRIGGER dispute_month_hours_lists_version_update;
CREATE TRIGGER dispute_month_hours_lists_version_update AFTER UPDATE ON dispute_month_hours
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_month_hours'; END;
DROP TRIGGER dispute_month_hours_lists_version_delete;
CREATE TRIGGER dispute_month_hours_lists_version_delete AFTER DELETE ON dispute_month_hours
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_month_hours'; END;
DROP TRIGGER dispute_months_lists_version_insert;
CREATE TRIGGER dispute_months_lists_version_insert AFTER INSERT ON dispute_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_months'; END;
DROP TRIGGER dispute_months_lists_version_update;
CREATE TRIGGER dispute_months_lists_version_update AFTER UPDATE ON dispute_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_months'; END;
DROP TRIGGER dispute_months_lists_version_delete;
CREATE TRIGGER dispute_months_lists_version_delete AFTER DELETE ON dispute_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_months'; END;
DROP TRIGGER dispute_parties_lists_version_insert;
CREATE TRIGGER dispute_parties_lists_version_insert AFTER INSERT ON dispute_parties
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_parties'; END;
DROP TRIGGER dispute_parties_lists_version_update;
CREATE TRIGGER dispute_parties_lists_version_update AFTER UPDATE ON dispute_parties
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_parties'; END;
DROP TRIGGER dispute_parties_lists_version_delete;
CREATE TRIGGER dispute_parties_lists_version_delete AFTER DELETE ON dispute_parties
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_parties'; END;
DROP TRIGGER dispute_photos_lists_version_insert;
CREATE TRIGGER dispute_photos_lists_version_insert AFTER INSERT ON dispute_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_photos'; END;
DROP TRIGGER dispute_photos_lists_version_update;
CREATE TRIGGER dispute_photos_lists_version_update AFTER UPDATE ON dispute_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_photos'; END;
DROP TRIGGER dispute_photos_lists_version_delete;
CREATE TRIGGER dispute_photos_lists_version_delete AFTER DELETE ON dispute_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_photos'; END;
DROP TRIGGER dispute_receipts_lists_version_insert;
CREATE TRIGGER dispute_receipts_lists_version_insert AFTER INSERT ON dispute_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_receipts'; END;
DROP TRIGGER dispute_receipts_lists_version_update;
CREATE TRIGGER dispute_receipts_lists_version_update AFTER UPDATE ON dispute_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_receipts'; END;
DROP TRIGGER dispute_receipts_lists_version_delete;
CREATE TRIGGER dispute_receipts_lists_version_delete AFTER DELETE ON dispute_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_receipts'; END;
DROP TRIGGER dispute_sessions_lists_version_insert;
CREATE TRIGGER dispute_sessions_lists_version_insert AFTER INSERT ON dispute_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_sessions'; END;
DROP TRIGGER dispute_sessions_lists_version_update;
CREATE TRIGGER dispute_sessions_lists_version_update AFTER UPDATE ON dispute_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_sessions'; END;
DROP TRIGGER dispute_sessions_lists_version_delete;
CREATE TRIGGER dispute_sessions_lists_version_delete AFTER DELETE ON dispute_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.dispute_sessions'; END;
DROP TRIGGER disputes_lists_version_insert;
CREATE TRIGGER disputes_lists_version_insert AFTER INSERT ON disputes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.disputes'; END;
DROP TRIGGER disputes_lists_version_update;
CREATE TRIGGER disputes_lists_version_update AFTER UPDATE ON disputes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.disputes'; END;
DROP TRIGGER disputes_lists_version_delete;
CREATE TRIGGER disputes_lists_version_delete AFTER DELETE ON disputes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.disputes'; END;
DROP TRIGGER drill_findings_lists_version_insert;
CREATE TRIGGER drill_findings_lists_version_insert AFTER INSERT ON drill_findings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drill_findings'; END;
DROP TRIGGER drill_findings_lists_version_update;
CREATE TRIGGER drill_findings_lists_version_update AFTER UPDATE ON drill_findings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drill_findings'; END;
DROP TRIGGER drill_findings_lists_version_delete;
CREATE TRIGGER drill_findings_lists_version_delete AFTER DELETE ON drill_findings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drill_findings'; END;
DROP TRIGGER drill_timeline_lists_version_insert;
CREATE TRIGGER drill_timeline_lists_version_insert AFTER INSERT ON drill_timeline
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drill_timeline'; END;
DROP TRIGGER drill_timeline_lists_version_update;
CREATE TRIGGER drill_timeline_lists_version_update AFTER UPDATE ON drill_timeline
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drill_timeline'; END;
DROP TRIGGER drill_timeline_lists_version_delete;
CREATE TRIGGER drill_timeline_lists_version_delete AFTER DELETE ON drill_timeline
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drill_timeline'; END;
DROP TRIGGER drills_lists_version_insert;
CREATE TRIGGER drills_lists_version_insert AFTER INSERT ON drills
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drills'; END;
DROP TRIGGER drills_lists_version_update;
CREATE TRIGGER drills_lists_version_update AFTER UPDATE ON drills
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drills'; END;
DROP TRIGGER drills_lists_version_delete;
CREATE TRIGGER drills_lists_version_delete AFTER DELETE ON drills
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.drills'; END;
DROP TRIGGER eco_events_lists_version_insert;
CREATE TRIGGER eco_events_lists_version_insert AFTER INSERT ON eco_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.eco_events'; END;
DROP TRIGGER eco_events_lists_version_update;
CREATE TRIGGER eco_events_lists_version_update AFTER UPDATE ON eco_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.eco_events'; END;
DROP TRIGGER eco_events_lists_version_delete;
CREATE TRIGGER eco_events_lists_version_delete AFTER DELETE ON eco_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.eco_events'; END;
DROP TRIGGER eco_reports_lists_version_insert;
CREATE TRIGGER eco_reports_lists_version_insert AFTER INSERT ON eco_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.eco_reports'; END;
DROP TRIGGER eco_reports_lists_version_update;
CREATE TRIGGER eco_reports_lists_version_update AFTER UPDATE ON eco_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.eco_reports'; END;
DROP TRIGGER eco_reports_lists_version_delete;
CREATE TRIGGER eco_reports_lists_version_delete AFTER DELETE ON eco_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.eco_reports'; END;
DROP TRIGGER facilities_lists_version_insert;
CREATE TRIGGER facilities_lists_version_insert AFTER INSERT ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.facilities'; END;
DROP TRIGGER facilities_lists_version_update;
CREATE TRIGGER facilities_lists_version_update AFTER UPDATE ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.facilities'; END;
DROP TRIGGER facilities_lists_version_delete;
CREATE TRIGGER facilities_lists_version_delete AFTER DELETE ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.facilities'; END;
DROP TRIGGER fund_accounts_lists_version_insert;
CREATE TRIGGER fund_accounts_lists_version_insert AFTER INSERT ON fund_accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_accounts'; END;
DROP TRIGGER fund_accounts_lists_version_update;
CREATE TRIGGER fund_accounts_lists_version_update AFTER UPDATE ON fund_accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_accounts'; END;
DROP TRIGGER fund_accounts_lists_version_delete;
CREATE TRIGGER fund_accounts_lists_version_delete AFTER DELETE ON fund_accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_accounts'; END;
DROP TRIGGER fund_entries_lists_version_insert;
CREATE TRIGGER fund_entries_lists_version_insert AFTER INSERT ON fund_entries
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_entries'; END;
DROP TRIGGER fund_entries_lists_version_update;
CREATE TRIGGER fund_entries_lists_version_update AFTER UPDATE ON fund_entries
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_entries'; END;
DROP TRIGGER fund_entries_lists_version_delete;
CREATE TRIGGER fund_entries_lists_version_delete AFTER DELETE ON fund_entries
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_entries'; END;
DROP TRIGGER fund_payouts_lists_version_insert;
CREATE TRIGGER fund_payouts_lists_version_insert AFTER INSERT ON fund_payouts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_payouts'; END;
DROP TRIGGER fund_payouts_lists_version_update;
CREATE TRIGGER fund_payouts_lists_version_update AFTER UPDATE ON fund_payouts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_payouts'; END;
DROP TRIGGER fund_payouts_lists_version_delete;
CREATE TRIGGER fund_payouts_lists_version_delete AFTER DELETE ON fund_payouts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_payouts'; END;
DROP TRIGGER fund_periods_lists_version_insert;
CREATE TRIGGER fund_periods_lists_version_insert AFTER INSERT ON fund_periods
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_periods'; END;
DROP TRIGGER fund_periods_lists_version_update;
CREATE TRIGGER fund_periods_lists_version_update AFTER UPDATE ON fund_periods
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_periods'; END;
DROP TRIGGER fund_periods_lists_version_delete;
CREATE TRIGGER fund_periods_lists_version_delete AFTER DELETE ON fund_periods
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_periods'; END;
DROP TRIGGER fund_postings_lists_version_insert;
CREATE TRIGGER fund_postings_lists_version_insert AFTER INSERT ON fund_postings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_postings'; END;
DROP TRIGGER fund_postings_lists_version_update;
CREATE TRIGGER fund_postings_lists_version_update AFTER UPDATE ON fund_postings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_postings'; END;
DROP TRIGGER fund_postings_lists_version_delete;
CREATE TRIGGER fund_postings_lists_version_delete AFTER DELETE ON fund_postings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.fund_postings'; END;
DROP TRIGGER incident_log_lists_version_insert;
CREATE TRIGGER incident_log_lists_version_insert AFTER INSERT ON incident_log
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incident_log'; END;
DROP TRIGGER incident_log_lists_version_update;
CREATE TRIGGER incident_log_lists_version_update AFTER UPDATE ON incident_log
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incident_log'; END;
DROP TRIGGER incident_log_lists_version_delete;
CREATE TRIGGER incident_log_lists_version_delete AFTER DELETE ON incident_log
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incident_log'; END;
DROP TRIGGER incident_steps_lists_version_insert;
CREATE TRIGGER incident_steps_lists_version_insert AFTER INSERT ON incident_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incident_steps'; END;
DROP TRIGGER incident_steps_lists_version_update;
CREATE TRIGGER incident_steps_lists_version_update AFTER UPDATE ON incident_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incident_steps'; END;
DROP TRIGGER incident_steps_lists_version_delete;
CREATE TRIGGER incident_steps_lists_version_delete AFTER DELETE ON incident_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incident_steps'; END;
DROP TRIGGER incidents_lists_version_insert;
CREATE TRIGGER incidents_lists_version_insert AFTER INSERT ON incidents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incidents'; END;
DROP TRIGGER incidents_lists_version_update;
CREATE TRIGGER incidents_lists_version_update AFTER UPDATE ON incidents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incidents'; END;
DROP TRIGGER incidents_lists_version_delete;
CREATE TRIGGER incidents_lists_version_delete AFTER DELETE ON incidents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.incidents'; END;
DROP TRIGGER large_events_lists_version_insert;
CREATE TRIGGER large_events_lists_version_insert AFTER INSERT ON large_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.large_events'; END;
DROP TRIGGER large_events_lists_version_update;
CREATE TRIGGER large_events_lists_version_update AFTER UPDATE ON large_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.large_events'; END;
DROP TRIGGER large_events_lists_version_delete;
CREATE TRIGGER large_events_lists_version_delete AFTER DELETE ON large_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.large_events'; END;
DROP TRIGGER legal_attendance_lists_version_insert;
CREATE TRIGGER legal_attendance_lists_version_insert AFTER INSERT ON legal_attendance
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_attendance'; END;
DROP TRIGGER legal_attendance_lists_version_update;
CREATE TRIGGER legal_attendance_lists_version_update AFTER UPDATE ON legal_attendance
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_attendance'; END;
DROP TRIGGER legal_attendance_lists_version_delete;
CREATE TRIGGER legal_attendance_lists_version_delete AFTER DELETE ON legal_attendance
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_attendance'; END;
DROP TRIGGER legal_book_corners_lists_version_insert;
CREATE TRIGGER legal_book_corners_lists_version_insert AFTER INSERT ON legal_book_corners
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_book_corners'; END;
DROP TRIGGER legal_book_corners_lists_version_update;
CREATE TRIGGER legal_book_corners_lists_version_update AFTER UPDATE ON legal_book_corners
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_book_corners'; END;
DROP TRIGGER legal_book_corners_lists_version_delete;
CREATE TRIGGER legal_book_corners_lists_version_delete AFTER DELETE ON legal_book_corners
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_book_corners'; END;
DROP TRIGGER legal_exceptions_lists_version_insert;
CREATE TRIGGER legal_exceptions_lists_version_insert AFTER INSERT ON legal_exceptions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_exceptions'; END;
DROP TRIGGER legal_exceptions_lists_version_update;
CREATE TRIGGER legal_exceptions_lists_version_update AFTER UPDATE ON legal_exceptions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_exceptions'; END;
DROP TRIGGER legal_exceptions_lists_version_delete;
CREATE TRIGGER legal_exceptions_lists_version_delete AFTER DELETE ON legal_exceptions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_exceptions'; END;
DROP TRIGGER legal_orders_lists_version_insert;
CREATE TRIGGER legal_orders_lists_version_insert AFTER INSERT ON legal_orders
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_orders'; END;
DROP TRIGGER legal_orders_lists_version_update;
CREATE TRIGGER legal_orders_lists_version_update AFTER UPDATE ON legal_orders
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_orders'; END;
DROP TRIGGER legal_orders_lists_version_delete;
CREATE TRIGGER legal_orders_lists_version_delete AFTER DELETE ON legal_orders
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_orders'; END;
DROP TRIGGER legal_series_lists_version_insert;
CREATE TRIGGER legal_series_lists_version_insert AFTER INSERT ON legal_series
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_series'; END;
DROP TRIGGER legal_series_lists_version_update;
CREATE TRIGGER legal_series_lists_version_update AFTER UPDATE ON legal_series
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_series'; END;
DROP TRIGGER legal_series_lists_version_delete;
CREATE TRIGGER legal_series_lists_version_delete AFTER DELETE ON legal_series
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.legal_series'; END;
DROP TRIGGER mandates_lists_version_insert;
CREATE TRIGGER mandates_lists_version_insert AFTER INSERT ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mandates'; END;
DROP TRIGGER mandates_lists_version_update;
CREATE TRIGGER mandates_lists_version_update AFTER UPDATE ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mandates'; END;
DROP TRIGGER mandates_lists_version_delete;
CREATE TRIGGER mandates_lists_version_delete AFTER DELETE ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mandates'; END;
DROP TRIGGER mediation_policies_lists_version_insert;
CREATE TRIGGER mediation_policies_lists_version_insert AFTER INSERT ON mediation_policies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mediation_policies'; END;
DROP TRIGGER mediation_policies_lists_version_update;
CREATE TRIGGER mediation_policies_lists_version_update AFTER UPDATE ON mediation_policies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mediation_policies'; END;
DROP TRIGGER mediation_policies_lists_version_delete;
CREATE TRIGGER mediation_policies_lists_version_delete AFTER DELETE ON mediation_policies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mediation_policies'; END;
DROP TRIGGER mediators_lists_version_insert;
CREATE TRIGGER mediators_lists_version_insert AFTER INSERT ON mediators
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mediators'; END;
DROP TRIGGER mediators_lists_version_update;
CREATE TRIGGER mediators_lists_version_update AFTER UPDATE ON mediators
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mediators'; END;
DROP TRIGGER mediators_lists_version_delete;
CREATE TRIGGER mediators_lists_version_delete AFTER DELETE ON mediators
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.mediators'; END;
DROP TRIGGER patrol_checkpoints_lists_version_insert;
CREATE TRIGGER patrol_checkpoints_lists_version_insert AFTER INSERT ON patrol_checkpoints
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_checkpoints'; END;
DROP TRIGGER patrol_checkpoints_lists_version_update;
CREATE TRIGGER patrol_checkpoints_lists_version_update AFTER UPDATE ON patrol_checkpoints
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_checkpoints'; END;
DROP TRIGGER patrol_checkpoints_lists_version_delete;
CREATE TRIGGER patrol_checkpoints_lists_version_delete AFTER DELETE ON patrol_checkpoints
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_checkpoints'; END;
DROP TRIGGER patrol_months_lists_version_insert;
CREATE TRIGGER patrol_months_lists_version_insert AFTER INSERT ON patrol_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_months'; END;
DROP TRIGGER patrol_months_lists_version_update;
CREATE TRIGGER patrol_months_lists_version_update AFTER UPDATE ON patrol_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_months'; END;
DROP TRIGGER patrol_months_lists_version_delete;
CREATE TRIGGER patrol_months_lists_version_delete AFTER DELETE ON patrol_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_months'; END;
DROP TRIGGER patrol_points_lists_version_insert;
CREATE TRIGGER patrol_points_lists_version_insert AFTER INSERT ON patrol_points
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_points'; END;
DROP TRIGGER patrol_points_lists_version_update;
CREATE TRIGGER patrol_points_lists_version_update AFTER UPDATE ON patrol_points
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_points'; END;
DROP TRIGGER patrol_points_lists_version_delete;
CREATE TRIGGER patrol_points_lists_version_delete AFTER DELETE ON patrol_points
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_points'; END;
DROP TRIGGER patrol_shifts_lists_version_insert;
CREATE TRIGGER patrol_shifts_lists_version_insert AFTER INSERT ON patrol_shifts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_shifts'; END;
DROP TRIGGER patrol_shifts_lists_version_update;
CREATE TRIGGER patrol_shifts_lists_version_update AFTER UPDATE ON patrol_shifts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_shifts'; END;
DROP TRIGGER patrol_shifts_lists_version_delete;
CREATE TRIGGER patrol_shifts_lists_version_delete AFTER DELETE ON patrol_shifts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_shifts'; END;
DROP TRIGGER patrol_visits_lists_version_insert;
CREATE TRIGGER patrol_visits_lists_version_insert AFTER INSERT ON patrol_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_visits'; END;
DROP TRIGGER patrol_visits_lists_version_update;
CREATE TRIGGER patrol_visits_lists_version_update AFTER UPDATE ON patrol_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_visits'; END;
DROP TRIGGER patrol_visits_lists_version_delete;
CREATE TRIGGER patrol_visits_lists_version_delete AFTER DELETE ON patrol_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrol_visits'; END;
DROP TRIGGER patrols_lists_version_insert;
CREATE TRIGGER patrols_lists_version_insert AFTER INSERT ON patrols
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrols'; END;
DROP TRIGGER patrols_lists_version_update;
CREATE TRIGGER patrols_lists_version_update AFTER UPDATE ON patrols
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrols'; END;
DROP TRIGGER patrols_lists_version_delete;
CREATE TRIGGER patrols_lists_version_delete AFTER DELETE ON patrols
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.patrols'; END;
DROP TRIGGER plan_steps_lists_version_insert;
CREATE TRIGGER plan_steps_lists_version_insert AFTER INSERT ON plan_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.plan_steps'; END;
DROP TRIGGER plan_steps_lists_version_update;
CREATE TRIGGER plan_steps_lists_version_update AFTER UPDATE ON plan_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.plan_steps'; END;
DROP TRIGGER plan_steps_lists_version_delete;
CREATE TRIGGER plan_steps_lists_version_delete AFTER DELETE ON plan_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.plan_steps'; END;
DROP TRIGGER regions_lists_version_insert;
CREATE TRIGGER regions_lists_version_insert AFTER INSERT ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.regions'; END;
DROP TRIGGER regions_lists_version_update;
CREATE TRIGGER regions_lists_version_update AFTER UPDATE ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.regions'; END;
DROP TRIGGER regions_lists_version_delete;
CREATE TRIGGER regions_lists_version_delete AFTER DELETE ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.regions'; END;
DROP TRIGGER request_events_lists_version_insert;
CREATE TRIGGER request_events_lists_version_insert AFTER INSERT ON request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_events'; END;
DROP TRIGGER request_events_lists_version_update;
CREATE TRIGGER request_events_lists_version_update AFTER UPDATE ON request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_events'; END;
DROP TRIGGER request_events_lists_version_delete;
CREATE TRIGGER request_events_lists_version_delete AFTER DELETE ON request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_events'; END;
DROP TRIGGER request_photos_lists_version_insert;
CREATE TRIGGER request_photos_lists_version_insert AFTER INSERT ON request_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_photos'; END;
DROP TRIGGER request_photos_lists_version_update;
CREATE TRIGGER request_photos_lists_version_update AFTER UPDATE ON request_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_photos'; END;
DROP TRIGGER request_photos_lists_version_delete;
CREATE TRIGGER request_photos_lists_version_delete AFTER DELETE ON request_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_photos'; END;
DROP TRIGGER request_receipts_lists_version_insert;
CREATE TRIGGER request_receipts_lists_version_insert AFTER INSERT ON request_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_receipts'; END;
DROP TRIGGER request_receipts_lists_version_update;
CREATE TRIGGER request_receipts_lists_version_update AFTER UPDATE ON request_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_receipts'; END;
DROP TRIGGER request_receipts_lists_version_delete;
CREATE TRIGGER request_receipts_lists_version_delete AFTER DELETE ON request_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.request_receipts'; END;
DROP TRIGGER resident_ratings_lists_version_insert;
CREATE TRIGGER resident_ratings_lists_version_insert AFTER INSERT ON resident_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.resident_ratings'; END;
DROP TRIGGER resident_ratings_lists_version_update;
CREATE TRIGGER resident_ratings_lists_version_update AFTER UPDATE ON resident_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.resident_ratings'; END;
DROP TRIGGER resident_ratings_lists_version_delete;
CREATE TRIGGER resident_ratings_lists_version_delete AFTER DELETE ON resident_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.resident_ratings'; END;
DROP TRIGGER response_plans_lists_version_insert;
CREATE TRIGGER response_plans_lists_version_insert AFTER INSERT ON response_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.response_plans'; END;
DROP TRIGGER response_plans_lists_version_update;
CREATE TRIGGER response_plans_lists_version_update AFTER UPDATE ON response_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.response_plans'; END;
DROP TRIGGER response_plans_lists_version_delete;
CREATE TRIGGER response_plans_lists_version_delete AFTER DELETE ON response_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.response_plans'; END;
DROP TRIGGER risk_sites_lists_version_insert;
CREATE TRIGGER risk_sites_lists_version_insert AFTER INSERT ON risk_sites
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.risk_sites'; END;
DROP TRIGGER risk_sites_lists_version_update;
CREATE TRIGGER risk_sites_lists_version_update AFTER UPDATE ON risk_sites
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.risk_sites'; END;
DROP TRIGGER risk_sites_lists_version_delete;
CREATE TRIGGER risk_sites_lists_version_delete AFTER DELETE ON risk_sites
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.risk_sites'; END;
DROP TRIGGER room_bookings_lists_version_insert;
CREATE TRIGGER room_bookings_lists_version_insert AFTER INSERT ON room_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.room_bookings'; END;
DROP TRIGGER room_bookings_lists_version_update;
CREATE TRIGGER room_bookings_lists_version_update AFTER UPDATE ON room_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.room_bookings'; END;
DROP TRIGGER room_bookings_lists_version_delete;
CREATE TRIGGER room_bookings_lists_version_delete AFTER DELETE ON room_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.room_bookings'; END;
DROP TRIGGER room_slots_lists_version_insert;
CREATE TRIGGER room_slots_lists_version_insert AFTER INSERT ON room_slots
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.room_slots'; END;
DROP TRIGGER room_slots_lists_version_update;
CREATE TRIGGER room_slots_lists_version_update AFTER UPDATE ON room_slots
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.room_slots'; END;
DROP TRIGGER room_slots_lists_version_delete;
CREATE TRIGGER room_slots_lists_version_delete AFTER DELETE ON room_slots
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.room_slots'; END;
DROP TRIGGER service_applications_lists_version_insert;
CREATE TRIGGER service_applications_lists_version_insert AFTER INSERT ON service_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_applications'; END;
DROP TRIGGER service_applications_lists_version_update;
CREATE TRIGGER service_applications_lists_version_update AFTER UPDATE ON service_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_applications'; END;
DROP TRIGGER service_applications_lists_version_delete;
CREATE TRIGGER service_applications_lists_version_delete AFTER DELETE ON service_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_applications'; END;
DROP TRIGGER service_centres_lists_version_insert;
CREATE TRIGGER service_centres_lists_version_insert AFTER INSERT ON service_centres
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_centres'; END;
DROP TRIGGER service_centres_lists_version_update;
CREATE TRIGGER service_centres_lists_version_update AFTER UPDATE ON service_centres
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_centres'; END;
DROP TRIGGER service_centres_lists_version_delete;
CREATE TRIGGER service_centres_lists_version_delete AFTER DELETE ON service_centres
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_centres'; END;
DROP TRIGGER service_matters_lists_version_insert;
CREATE TRIGGER service_matters_lists_version_insert AFTER INSERT ON service_matters
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_matters'; END;
DROP TRIGGER service_matters_lists_version_update;
CREATE TRIGGER service_matters_lists_version_update AFTER UPDATE ON service_matters
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_matters'; END;
DROP TRIGGER service_matters_lists_version_delete;
CREATE TRIGGER service_matters_lists_version_delete AFTER DELETE ON service_matters
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_matters'; END;
DROP TRIGGER service_questions_lists_version_insert;
CREATE TRIGGER service_questions_lists_version_insert AFTER INSERT ON service_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_questions'; END;
DROP TRIGGER service_questions_lists_version_update;
CREATE TRIGGER service_questions_lists_version_update AFTER UPDATE ON service_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_questions'; END;
DROP TRIGGER service_questions_lists_version_delete;
CREATE TRIGGER service_questions_lists_version_delete AFTER DELETE ON service_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_questions'; END;
DROP TRIGGER service_requests_lists_version_insert;
CREATE TRIGGER service_requests_lists_version_insert AFTER INSERT ON service_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_requests'; END;
DROP TRIGGER service_requests_lists_version_update;
CREATE TRIGGER service_requests_lists_version_update AFTER UPDATE ON service_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_requests'; END;
DROP TRIGGER service_requests_lists_version_delete;
CREATE TRIGGER service_requests_lists_version_delete AFTER DELETE ON service_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_requests'; END;
DROP TRIGGER service_rooms_lists_version_insert;
CREATE TRIGGER service_rooms_lists_version_insert AFTER INSERT ON service_rooms
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_rooms'; END;
DROP TRIGGER service_rooms_lists_version_update;
CREATE TRIGGER service_rooms_lists_version_update AFTER UPDATE ON service_rooms
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_rooms'; END;
DROP TRIGGER service_rooms_lists_version_delete;
CREATE TRIGGER service_rooms_lists_version_delete AFTER DELETE ON service_rooms
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.service_rooms'; END;
DROP TRIGGER site_inspections_lists_version_insert;
CREATE TRIGGER site_inspections_lists_version_insert AFTER INSERT ON site_inspections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.site_inspections'; END;
DROP TRIGGER site_inspections_lists_version_update;
CREATE TRIGGER site_inspections_lists_version_update AFTER UPDATE ON site_inspections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.site_inspections'; END;
DROP TRIGGER site_inspections_lists_version_delete;
CREATE TRIGGER site_inspections_lists_version_delete AFTER DELETE ON site_inspections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.site_inspections'; END;
DROP TRIGGER site_rectifications_lists_version_insert;
CREATE TRIGGER site_rectifications_lists_version_insert AFTER INSERT ON site_rectifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.site_rectifications'; END;
DROP TRIGGER site_rectifications_lists_version_update;
CREATE TRIGGER site_rectifications_lists_version_update AFTER UPDATE ON site_rectifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.site_rectifications'; END;
DROP TRIGGER site_rectifications_lists_version_delete;
CREATE TRIGGER site_rectifications_lists_version_delete AFTER DELETE ON site_rectifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.site_rectifications'; END;
DROP TRIGGER smart_standard_versions_lists_version_insert;
CREATE TRIGGER smart_standard_versions_lists_version_insert AFTER INSERT ON smart_standard_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.smart_standard_versions'; END;
DROP TRIGGER smart_standard_versions_lists_version_update;
CREATE TRIGGER smart_standard_versions_lists_version_update AFTER UPDATE ON smart_standard_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.smart_standard_versions'; END;
DROP TRIGGER smart_standard_versions_lists_version_delete;
CREATE TRIGGER smart_standard_versions_lists_version_delete AFTER DELETE ON smart_standard_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.smart_standard_versions'; END;
DROP TRIGGER team_members_lists_version_insert;
CREATE TRIGGER team_members_lists_version_insert AFTER INSERT ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.team_members'; END;
DROP TRIGGER team_members_lists_version_update;
CREATE TRIGGER team_members_lists_version_update AFTER UPDATE ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.team_members'; END;
DROP TRIGGER team_members_lists_version_delete;
CREATE TRIGGER team_members_lists_version_delete AFTER DELETE ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.team_members'; END;
DROP TRIGGER teams_lists_version_insert;
CREATE TRIGGER teams_lists_version_insert AFTER INSERT ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.teams'; END;
DROP TRIGGER teams_lists_version_update;
CREATE TRIGGER teams_lists_version_update AFTER UPDATE ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.teams'; END;
DROP TRIGGER teams_lists_version_delete;
CREATE TRIGGER teams_lists_version_delete AFTER DELETE ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.teams'; END;
DROP TRIGGER tip_messages_lists_version_insert;
CREATE TRIGGER tip_messages_lists_version_insert AFTER INSERT ON tip_messages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.tip_messages'; END;
DROP TRIGGER tip_messages_lists_version_update;
CREATE TRIGGER tip_messages_lists_version_update AFTER UPDATE ON tip_messages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.tip_messages'; END;
DROP TRIGGER tip_messages_lists_version_delete;
CREATE TRIGGER tip_messages_lists_version_delete AFTER DELETE ON tip_messages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.tip_messages'; END;
DROP TRIGGER tips_lists_version_insert;
CREATE TRIGGER tips_lists_version_insert AFTER INSERT ON tips
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.tips'; END;
DROP TRIGGER tips_lists_version_update;
CREATE TRIGGER tips_lists_version_update AFTER UPDATE ON tips
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.tips'; END;
DROP TRIGGER tips_lists_version_delete;
CREATE TRIGGER tips_lists_version_delete AFTER DELETE ON tips
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.tips'; END;
DROP TRIGGER volunteer_positions_lists_version_insert;
CREATE TRIGGER volunteer_positions_lists_version_insert AFTER INSERT ON volunteer_positions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.volunteer_positions'; END;
DROP TRIGGER volunteer_positions_lists_version_update;
CREATE TRIGGER volunteer_positions_lists_version_update AFTER UPDATE ON volunteer_positions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.volunteer_positions'; END;
DROP TRIGGER volunteer_positions_lists_version_delete;
CREATE TRIGGER volunteer_positions_lists_version_delete AFTER DELETE ON volunteer_positions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.volunteer_positions'; END;
DROP TRIGGER volunteer_signups_lists_version_insert;
CREATE TRIGGER volunteer_signups_lists_version_insert AFTER INSERT ON volunteer_signups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.volunteer_signups'; END;
DROP TRIGGER volunteer_signups_lists_version_update;
CREATE TRIGGER volunteer_signups_lists_version_update AFTER UPDATE ON volunteer_signups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.volunteer_signups'; END;
DROP TRIGGER volunteer_signups_lists_version_delete;
CREATE TRIGGER volunteer_signups_lists_version_delete AFTER DELETE ON volunteer_signups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.volunteer_signups'; END;
DROP TRIGGER work_calendar_lists_version_insert;
CREATE TRIGGER work_calendar_lists_version_insert AFTER INSERT ON work_calendar
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.work_calendar'; END;
DROP TRIGGER work_calendar_lists_version_update;
CREATE TRIGGER work_calendar_lists_version_update AFTER UPDATE ON work_calendar
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.work_calendar'; END;
DROP TRIGGER work_calendar_lists_version_delete;
CREATE TRIGGER work_calendar_lists_version_delete AFTER DELETE ON work_calendar
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists.work_calendar'; END;
