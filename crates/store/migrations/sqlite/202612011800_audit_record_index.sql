-- A record's access log (who read or changed one case) is read by record, newest first.
CREATE INDEX audit_log_record ON audit_log(record_type, record_id, seq);
