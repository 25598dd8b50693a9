-- The four lists' data version: every change to a table any list reads moves the version 'lists'
-- in the same transaction, so a list gathered at a version is exact for as long as it stands,
-- on every node (`lists::cache`). Every table is covered except the logs and keys no list reads
-- (audit chain, sessions, sign-in failures, rate counts, webhooks and their deliveries, the
-- inbox, read logs of tip contacts and counselling's break-glass, Open311 keys) and SQLite's
-- full-text tables (kept from the cases' and requests' own rows); accounts move it only when
-- what a list shows of a person changes, not on each sign-in. The test
-- `lists::every_table_moves_the_lists_version_or_is_named_as_unlisted` fails when a table is
-- added without a trigger here or a name there. Mirrors postgres/202612141000.
INSERT INTO data_versions (topic, version) VALUES ('lists', 0);

CREATE TRIGGER accounts_lists_version_insert AFTER INSERT ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER accounts_lists_version_delete AFTER DELETE ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER accounts_lists_version_update
AFTER UPDATE OF name, role, region_code, region_path, department, phone, active ON accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_applications_lists_version_insert AFTER INSERT ON aid_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_applications_lists_version_update AFTER UPDATE ON aid_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_applications_lists_version_delete AFTER DELETE ON aid_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_decisions_lists_version_insert AFTER INSERT ON aid_decisions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_decisions_lists_version_update AFTER UPDATE ON aid_decisions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_decisions_lists_version_delete AFTER DELETE ON aid_decisions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_documents_lists_version_insert AFTER INSERT ON aid_documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_documents_lists_version_update AFTER UPDATE ON aid_documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER aid_documents_lists_version_delete AFTER DELETE ON aid_documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER assessment_weights_lists_version_insert AFTER INSERT ON assessment_weights
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER assessment_weights_lists_version_update AFTER UPDATE ON assessment_weights
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER assessment_weights_lists_version_delete AFTER DELETE ON assessment_weights
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER camera_faults_lists_version_insert AFTER INSERT ON camera_faults
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER camera_faults_lists_version_update AFTER UPDATE ON camera_faults
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER camera_faults_lists_version_delete AFTER DELETE ON camera_faults
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER cameras_lists_version_insert AFTER INSERT ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER cameras_lists_version_update AFTER UPDATE ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER cameras_lists_version_delete AFTER DELETE ON cameras
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER cap_alerts_lists_version_insert AFTER INSERT ON cap_alerts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER cap_alerts_lists_version_update AFTER UPDATE ON cap_alerts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER cap_alerts_lists_version_delete AFTER DELETE ON cap_alerts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_register_lists_version_insert AFTER INSERT ON care_register
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_register_lists_version_update AFTER UPDATE ON care_register
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_register_lists_version_delete AFTER DELETE ON care_register
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_visit_months_lists_version_insert AFTER INSERT ON care_visit_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_visit_months_lists_version_update AFTER UPDATE ON care_visit_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_visit_months_lists_version_delete AFTER DELETE ON care_visit_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_visits_lists_version_insert AFTER INSERT ON care_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_visits_lists_version_update AFTER UPDATE ON care_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER care_visits_lists_version_delete AFTER DELETE ON care_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER centre_closures_lists_version_insert AFTER INSERT ON centre_closures
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER centre_closures_lists_version_update AFTER UPDATE ON centre_closures
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER centre_closures_lists_version_delete AFTER DELETE ON centre_closures
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER compound_security_lists_version_insert AFTER INSERT ON compound_security
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER compound_security_lists_version_update AFTER UPDATE ON compound_security
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER compound_security_lists_version_delete AFTER DELETE ON compound_security
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counselling_appointments_lists_version_insert AFTER INSERT ON counselling_appointments
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counselling_appointments_lists_version_update AFTER UPDATE ON counselling_appointments
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counselling_appointments_lists_version_delete AFTER DELETE ON counselling_appointments
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counselling_notes_lists_version_insert AFTER INSERT ON counselling_notes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counselling_notes_lists_version_update AFTER UPDATE ON counselling_notes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counselling_notes_lists_version_delete AFTER DELETE ON counselling_notes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counsellors_lists_version_insert AFTER INSERT ON counsellors
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counsellors_lists_version_update AFTER UPDATE ON counsellors
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER counsellors_lists_version_delete AFTER DELETE ON counsellors
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_archive_lists_version_insert AFTER INSERT ON culture_archive
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_archive_lists_version_update AFTER UPDATE ON culture_archive
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_archive_lists_version_delete AFTER DELETE ON culture_archive
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_campaigns_lists_version_insert AFTER INSERT ON culture_campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_campaigns_lists_version_update AFTER UPDATE ON culture_campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_campaigns_lists_version_delete AFTER DELETE ON culture_campaigns
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_deeds_lists_version_insert AFTER INSERT ON culture_deeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_deeds_lists_version_update AFTER UPDATE ON culture_deeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_deeds_lists_version_delete AFTER DELETE ON culture_deeds
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_households_lists_version_insert AFTER INSERT ON culture_households
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_households_lists_version_update AFTER UPDATE ON culture_households
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_households_lists_version_delete AFTER DELETE ON culture_households
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_nominees_lists_version_insert AFTER INSERT ON culture_nominees
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_nominees_lists_version_update AFTER UPDATE ON culture_nominees
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_nominees_lists_version_delete AFTER DELETE ON culture_nominees
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_people_lists_version_insert AFTER INSERT ON culture_people
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_people_lists_version_update AFTER UPDATE ON culture_people
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_people_lists_version_delete AFTER DELETE ON culture_people
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_phone_codes_lists_version_insert AFTER INSERT ON culture_phone_codes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_phone_codes_lists_version_update AFTER UPDATE ON culture_phone_codes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_phone_codes_lists_version_delete AFTER DELETE ON culture_phone_codes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_photos_lists_version_insert AFTER INSERT ON culture_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_photos_lists_version_update AFTER UPDATE ON culture_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_photos_lists_version_delete AFTER DELETE ON culture_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_rules_lists_version_insert AFTER INSERT ON culture_rules
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_rules_lists_version_update AFTER UPDATE ON culture_rules
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_rules_lists_version_delete AFTER DELETE ON culture_rules
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_site_bookings_lists_version_insert AFTER INSERT ON culture_site_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_site_bookings_lists_version_update AFTER UPDATE ON culture_site_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_site_bookings_lists_version_delete AFTER DELETE ON culture_site_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_site_events_lists_version_insert AFTER INSERT ON culture_site_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_site_events_lists_version_update AFTER UPDATE ON culture_site_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_site_events_lists_version_delete AFTER DELETE ON culture_site_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_tallies_lists_version_insert AFTER INSERT ON culture_tallies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_tallies_lists_version_update AFTER UPDATE ON culture_tallies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_tallies_lists_version_delete AFTER DELETE ON culture_tallies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_votes_lists_version_insert AFTER INSERT ON culture_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_votes_lists_version_update AFTER UPDATE ON culture_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER culture_votes_lists_version_delete AFTER DELETE ON culture_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_agreements_lists_version_insert AFTER INSERT ON dispute_agreements
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_agreements_lists_version_update AFTER UPDATE ON dispute_agreements
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_agreements_lists_version_delete AFTER DELETE ON dispute_agreements
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_events_lists_version_insert AFTER INSERT ON dispute_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_events_lists_version_update AFTER UPDATE ON dispute_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_events_lists_version_delete AFTER DELETE ON dispute_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_followups_lists_version_insert AFTER INSERT ON dispute_followups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_followups_lists_version_update AFTER UPDATE ON dispute_followups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_followups_lists_version_delete AFTER DELETE ON dispute_followups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_month_hours_lists_version_insert AFTER INSERT ON dispute_month_hours
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_month_hours_lists_version_update AFTER UPDATE ON dispute_month_hours
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_month_hours_lists_version_delete AFTER DELETE ON dispute_month_hours
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_months_lists_version_insert AFTER INSERT ON dispute_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_months_lists_version_update AFTER UPDATE ON dispute_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_months_lists_version_delete AFTER DELETE ON dispute_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_parties_lists_version_insert AFTER INSERT ON dispute_parties
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_parties_lists_version_update AFTER UPDATE ON dispute_parties
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_parties_lists_version_delete AFTER DELETE ON dispute_parties
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_photos_lists_version_insert AFTER INSERT ON dispute_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_photos_lists_version_update AFTER UPDATE ON dispute_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_photos_lists_version_delete AFTER DELETE ON dispute_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_receipts_lists_version_insert AFTER INSERT ON dispute_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_receipts_lists_version_update AFTER UPDATE ON dispute_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_receipts_lists_version_delete AFTER DELETE ON dispute_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_sessions_lists_version_insert AFTER INSERT ON dispute_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_sessions_lists_version_update AFTER UPDATE ON dispute_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER dispute_sessions_lists_version_delete AFTER DELETE ON dispute_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER disputes_lists_version_insert AFTER INSERT ON disputes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER disputes_lists_version_update AFTER UPDATE ON disputes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER disputes_lists_version_delete AFTER DELETE ON disputes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drill_findings_lists_version_insert AFTER INSERT ON drill_findings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drill_findings_lists_version_update AFTER UPDATE ON drill_findings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drill_findings_lists_version_delete AFTER DELETE ON drill_findings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drill_timeline_lists_version_insert AFTER INSERT ON drill_timeline
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drill_timeline_lists_version_update AFTER UPDATE ON drill_timeline
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drill_timeline_lists_version_delete AFTER DELETE ON drill_timeline
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drills_lists_version_insert AFTER INSERT ON drills
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drills_lists_version_update AFTER UPDATE ON drills
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER drills_lists_version_delete AFTER DELETE ON drills
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER eco_events_lists_version_insert AFTER INSERT ON eco_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER eco_events_lists_version_update AFTER UPDATE ON eco_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER eco_events_lists_version_delete AFTER DELETE ON eco_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER eco_reports_lists_version_insert AFTER INSERT ON eco_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER eco_reports_lists_version_update AFTER UPDATE ON eco_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER eco_reports_lists_version_delete AFTER DELETE ON eco_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER facilities_lists_version_insert AFTER INSERT ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER facilities_lists_version_update AFTER UPDATE ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER facilities_lists_version_delete AFTER DELETE ON facilities
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_accounts_lists_version_insert AFTER INSERT ON fund_accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_accounts_lists_version_update AFTER UPDATE ON fund_accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_accounts_lists_version_delete AFTER DELETE ON fund_accounts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_entries_lists_version_insert AFTER INSERT ON fund_entries
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_entries_lists_version_update AFTER UPDATE ON fund_entries
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_entries_lists_version_delete AFTER DELETE ON fund_entries
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_payouts_lists_version_insert AFTER INSERT ON fund_payouts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_payouts_lists_version_update AFTER UPDATE ON fund_payouts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_payouts_lists_version_delete AFTER DELETE ON fund_payouts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_periods_lists_version_insert AFTER INSERT ON fund_periods
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_periods_lists_version_update AFTER UPDATE ON fund_periods
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_periods_lists_version_delete AFTER DELETE ON fund_periods
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_postings_lists_version_insert AFTER INSERT ON fund_postings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_postings_lists_version_update AFTER UPDATE ON fund_postings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER fund_postings_lists_version_delete AFTER DELETE ON fund_postings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incident_log_lists_version_insert AFTER INSERT ON incident_log
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incident_log_lists_version_update AFTER UPDATE ON incident_log
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incident_log_lists_version_delete AFTER DELETE ON incident_log
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incident_steps_lists_version_insert AFTER INSERT ON incident_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incident_steps_lists_version_update AFTER UPDATE ON incident_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incident_steps_lists_version_delete AFTER DELETE ON incident_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incidents_lists_version_insert AFTER INSERT ON incidents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incidents_lists_version_update AFTER UPDATE ON incidents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER incidents_lists_version_delete AFTER DELETE ON incidents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER large_events_lists_version_insert AFTER INSERT ON large_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER large_events_lists_version_update AFTER UPDATE ON large_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER large_events_lists_version_delete AFTER DELETE ON large_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_attendance_lists_version_insert AFTER INSERT ON legal_attendance
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_attendance_lists_version_update AFTER UPDATE ON legal_attendance
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_attendance_lists_version_delete AFTER DELETE ON legal_attendance
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_book_corners_lists_version_insert AFTER INSERT ON legal_book_corners
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_book_corners_lists_version_update AFTER UPDATE ON legal_book_corners
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_book_corners_lists_version_delete AFTER DELETE ON legal_book_corners
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_exceptions_lists_version_insert AFTER INSERT ON legal_exceptions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_exceptions_lists_version_update AFTER UPDATE ON legal_exceptions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_exceptions_lists_version_delete AFTER DELETE ON legal_exceptions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_orders_lists_version_insert AFTER INSERT ON legal_orders
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_orders_lists_version_update AFTER UPDATE ON legal_orders
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_orders_lists_version_delete AFTER DELETE ON legal_orders
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_series_lists_version_insert AFTER INSERT ON legal_series
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_series_lists_version_update AFTER UPDATE ON legal_series
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER legal_series_lists_version_delete AFTER DELETE ON legal_series
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mandates_lists_version_insert AFTER INSERT ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mandates_lists_version_update AFTER UPDATE ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mandates_lists_version_delete AFTER DELETE ON mandates
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mediation_policies_lists_version_insert AFTER INSERT ON mediation_policies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mediation_policies_lists_version_update AFTER UPDATE ON mediation_policies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mediation_policies_lists_version_delete AFTER DELETE ON mediation_policies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mediators_lists_version_insert AFTER INSERT ON mediators
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mediators_lists_version_update AFTER UPDATE ON mediators
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER mediators_lists_version_delete AFTER DELETE ON mediators
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_checkpoints_lists_version_insert AFTER INSERT ON patrol_checkpoints
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_checkpoints_lists_version_update AFTER UPDATE ON patrol_checkpoints
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_checkpoints_lists_version_delete AFTER DELETE ON patrol_checkpoints
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_months_lists_version_insert AFTER INSERT ON patrol_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_months_lists_version_update AFTER UPDATE ON patrol_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_months_lists_version_delete AFTER DELETE ON patrol_months
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_points_lists_version_insert AFTER INSERT ON patrol_points
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_points_lists_version_update AFTER UPDATE ON patrol_points
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_points_lists_version_delete AFTER DELETE ON patrol_points
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_shifts_lists_version_insert AFTER INSERT ON patrol_shifts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_shifts_lists_version_update AFTER UPDATE ON patrol_shifts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_shifts_lists_version_delete AFTER DELETE ON patrol_shifts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_visits_lists_version_insert AFTER INSERT ON patrol_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_visits_lists_version_update AFTER UPDATE ON patrol_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrol_visits_lists_version_delete AFTER DELETE ON patrol_visits
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrols_lists_version_insert AFTER INSERT ON patrols
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrols_lists_version_update AFTER UPDATE ON patrols
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER patrols_lists_version_delete AFTER DELETE ON patrols
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER plan_steps_lists_version_insert AFTER INSERT ON plan_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER plan_steps_lists_version_update AFTER UPDATE ON plan_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER plan_steps_lists_version_delete AFTER DELETE ON plan_steps
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER regions_lists_version_insert AFTER INSERT ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER regions_lists_version_update AFTER UPDATE ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER regions_lists_version_delete AFTER DELETE ON regions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_events_lists_version_insert AFTER INSERT ON request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_events_lists_version_update AFTER UPDATE ON request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_events_lists_version_delete AFTER DELETE ON request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_photos_lists_version_insert AFTER INSERT ON request_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_photos_lists_version_update AFTER UPDATE ON request_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_photos_lists_version_delete AFTER DELETE ON request_photos
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_receipts_lists_version_insert AFTER INSERT ON request_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_receipts_lists_version_update AFTER UPDATE ON request_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER request_receipts_lists_version_delete AFTER DELETE ON request_receipts
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER resident_ratings_lists_version_insert AFTER INSERT ON resident_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER resident_ratings_lists_version_update AFTER UPDATE ON resident_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER resident_ratings_lists_version_delete AFTER DELETE ON resident_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER response_plans_lists_version_insert AFTER INSERT ON response_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER response_plans_lists_version_update AFTER UPDATE ON response_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER response_plans_lists_version_delete AFTER DELETE ON response_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER risk_sites_lists_version_insert AFTER INSERT ON risk_sites
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER risk_sites_lists_version_update AFTER UPDATE ON risk_sites
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER risk_sites_lists_version_delete AFTER DELETE ON risk_sites
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER room_bookings_lists_version_insert AFTER INSERT ON room_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER room_bookings_lists_version_update AFTER UPDATE ON room_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER room_bookings_lists_version_delete AFTER DELETE ON room_bookings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER room_slots_lists_version_insert AFTER INSERT ON room_slots
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER room_slots_lists_version_update AFTER UPDATE ON room_slots
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER room_slots_lists_version_delete AFTER DELETE ON room_slots
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_applications_lists_version_insert AFTER INSERT ON service_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_applications_lists_version_update AFTER UPDATE ON service_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_applications_lists_version_delete AFTER DELETE ON service_applications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_centres_lists_version_insert AFTER INSERT ON service_centres
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_centres_lists_version_update AFTER UPDATE ON service_centres
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_centres_lists_version_delete AFTER DELETE ON service_centres
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_matters_lists_version_insert AFTER INSERT ON service_matters
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_matters_lists_version_update AFTER UPDATE ON service_matters
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_matters_lists_version_delete AFTER DELETE ON service_matters
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_questions_lists_version_insert AFTER INSERT ON service_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_questions_lists_version_update AFTER UPDATE ON service_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_questions_lists_version_delete AFTER DELETE ON service_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_requests_lists_version_insert AFTER INSERT ON service_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_requests_lists_version_update AFTER UPDATE ON service_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_requests_lists_version_delete AFTER DELETE ON service_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_rooms_lists_version_insert AFTER INSERT ON service_rooms
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_rooms_lists_version_update AFTER UPDATE ON service_rooms
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER service_rooms_lists_version_delete AFTER DELETE ON service_rooms
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER site_inspections_lists_version_insert AFTER INSERT ON site_inspections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER site_inspections_lists_version_update AFTER UPDATE ON site_inspections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER site_inspections_lists_version_delete AFTER DELETE ON site_inspections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER site_rectifications_lists_version_insert AFTER INSERT ON site_rectifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER site_rectifications_lists_version_update AFTER UPDATE ON site_rectifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER site_rectifications_lists_version_delete AFTER DELETE ON site_rectifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER smart_standard_versions_lists_version_insert AFTER INSERT ON smart_standard_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER smart_standard_versions_lists_version_update AFTER UPDATE ON smart_standard_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER smart_standard_versions_lists_version_delete AFTER DELETE ON smart_standard_versions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER team_members_lists_version_insert AFTER INSERT ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER team_members_lists_version_update AFTER UPDATE ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER team_members_lists_version_delete AFTER DELETE ON team_members
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER teams_lists_version_insert AFTER INSERT ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER teams_lists_version_update AFTER UPDATE ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER teams_lists_version_delete AFTER DELETE ON teams
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER tip_messages_lists_version_insert AFTER INSERT ON tip_messages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER tip_messages_lists_version_update AFTER UPDATE ON tip_messages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER tip_messages_lists_version_delete AFTER DELETE ON tip_messages
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER tips_lists_version_insert AFTER INSERT ON tips
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER tips_lists_version_update AFTER UPDATE ON tips
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER tips_lists_version_delete AFTER DELETE ON tips
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER volunteer_positions_lists_version_insert AFTER INSERT ON volunteer_positions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER volunteer_positions_lists_version_update AFTER UPDATE ON volunteer_positions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER volunteer_positions_lists_version_delete AFTER DELETE ON volunteer_positions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER volunteer_signups_lists_version_insert AFTER INSERT ON volunteer_signups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER volunteer_signups_lists_version_update AFTER UPDATE ON volunteer_signups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER volunteer_signups_lists_version_delete AFTER DELETE ON volunteer_signups
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER work_calendar_lists_version_insert AFTER INSERT ON work_calendar
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER work_calendar_lists_version_update AFTER UPDATE ON work_calendar
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
CREATE TRIGGER work_calendar_lists_version_delete AFTER DELETE ON work_calendar
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'lists'; END;
