-- Indexes for the assessment's per-region figures over a window: each area's query reads its
-- window's rows from one index instead of looking every row up. Mirrors postgres/202612081100.
CREATE INDEX dispute_months_month ON dispute_months(month, region_path, cases, resolved_l1, resolved_l2);
CREATE INDEX dispute_followups_when ON dispute_followups(due_at, dispute_id);
CREATE INDEX service_requests_done ON service_requests(status, closed_at, region_path);
CREATE INDEX care_visits_window ON care_visits(visited_at, region_path, on_time);
