-- The funnel reads one pass over a covering index instead of joining the timeline: each case
-- carries which levels it reached (reached_l1..4) and how often it was escalated from each
-- level (escalated_l1..3). Existing cases are filled in from their timelines.

ALTER TABLE disputes ADD COLUMN reached_l1 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE disputes ADD COLUMN reached_l2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE disputes ADD COLUMN reached_l3 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE disputes ADD COLUMN reached_l4 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE disputes ADD COLUMN escalated_l1 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE disputes ADD COLUMN escalated_l2 BIGINT NOT NULL DEFAULT 0;
ALTER TABLE disputes ADD COLUMN escalated_l3 BIGINT NOT NULL DEFAULT 0;

UPDATE disputes SET
    reached_l1 = CASE WHEN EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.level_to = 1) THEN 1 ELSE 0 END,
    reached_l2 = CASE WHEN EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.level_to = 2) THEN 1 ELSE 0 END,
    reached_l3 = CASE WHEN EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.level_to = 3) THEN 1 ELSE 0 END,
    reached_l4 = CASE WHEN EXISTS (SELECT 1 FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.level_to = 4) THEN 1 ELSE 0 END,
    escalated_l1 = (SELECT COUNT(*) FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.kind = 'escalated' AND e.level_from = 1),
    escalated_l2 = (SELECT COUNT(*) FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.kind = 'escalated' AND e.level_from = 2),
    escalated_l3 = (SELECT COUNT(*) FROM dispute_events e WHERE e.dispute_id = disputes.id AND e.kind = 'escalated' AND e.level_from = 3);

CREATE INDEX disputes_funnel ON disputes (created_at, region_path, level, status, due_at, resolved_level, resolved_at,
    reached_l1, reached_l2, reached_l3, reached_l4, escalated_l1, escalated_l2, escalated_l3);
