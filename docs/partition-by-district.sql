-- The cases split by district in one PostgreSQL: declarative partitioning (docs/DEPLOYMENT.md,
-- "Past one primary"). Built beside the live tables in the schema `by_district` and filled from
-- them, so the layout can be tried on a copy of a real database; the test
-- tests/it/partitioning.rs runs this very file on a generated database of three districts.
--
-- Two rules of PostgreSQL shape it:
-- * a partition key may not be a generated column, and a key that is an expression
--   (`substr(region_path, 2, 6)`) allows no primary key or unique constraint at all; so the
--   district is a plain column the writer sets, held to the path by a CHECK;
-- * a unique constraint of a partitioned table must include the key; so the primary key is
--   (district_code, id), every table that points at a case carries the district too, and the
--   tracking code's uniqueness across districts is kept by a small table of its own (which also
--   routes a resident's lookup by code to the right district).

CREATE SCHEMA by_district;

CREATE SEQUENCE by_district.disputes_id;

CREATE TABLE by_district.disputes (
    LIKE public.disputes INCLUDING DEFAULTS INCLUDING GENERATED,
    district_code TEXT NOT NULL,
    CHECK (district_code = substr(region_path, 2, 6)),
    PRIMARY KEY (district_code, id),
    UNIQUE (district_code, tracking_code),
    UNIQUE (district_code, idempotency_key)
) PARTITION BY LIST (district_code);
ALTER TABLE by_district.disputes ALTER COLUMN id SET DEFAULT nextval('by_district.disputes_id');
CREATE INDEX ON by_district.disputes (region_path, status);
CREATE INDEX ON by_district.disputes (assignee, status);
CREATE INDEX ON by_district.disputes (status, due_at);
CREATE INDEX ON by_district.disputes (created_at);
CREATE INDEX ON by_district.disputes USING GIN (search_words);

-- The timeline, the largest table (two to four entries per case), beside its cases.
CREATE SEQUENCE by_district.dispute_events_id;

CREATE TABLE by_district.dispute_events (
    LIKE public.dispute_events INCLUDING DEFAULTS,
    district_code TEXT NOT NULL,
    PRIMARY KEY (district_code, id),
    FOREIGN KEY (district_code, dispute_id)
        REFERENCES by_district.disputes (district_code, id) ON UPDATE CASCADE
) PARTITION BY LIST (district_code);
ALTER TABLE by_district.dispute_events
    ALTER COLUMN id SET DEFAULT nextval('by_district.dispute_events_id');
CREATE INDEX ON by_district.dispute_events (dispute_id, id);
CREATE INDEX ON by_district.dispute_events (kind, level_to);

-- Tracking codes are unique across the whole database, not only within a district.
CREATE TABLE by_district.tracking_codes (
    tracking_code TEXT PRIMARY KEY,
    district_code TEXT NOT NULL,
    dispute_id    BIGINT NOT NULL,
    FOREIGN KEY (district_code, dispute_id)
        REFERENCES by_district.disputes (district_code, id) ON UPDATE CASCADE
);

-- One partition per district of the atlas; a case of a district without one is refused
-- (no default partition: a wrong path must not land somewhere silently).
DO $$
DECLARE
    d TEXT;
BEGIN
    FOR d IN SELECT code FROM public.regions WHERE level = 'district' ORDER BY code LOOP
        EXECUTE format(
            'CREATE TABLE by_district.%I PARTITION OF by_district.disputes FOR VALUES IN (%L)',
            'disputes_' || d, d);
        EXECUTE format(
            'CREATE TABLE by_district.%I PARTITION OF by_district.dispute_events FOR VALUES IN (%L)',
            'dispute_events_' || d, d);
    END LOOP;
END $$;

-- The copy. Columns are listed from the catalogue so that the file follows the migrations.
DO $$
DECLARE
    cols TEXT;
BEGIN
    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
      FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = 'disputes' AND is_generated = 'NEVER';
    EXECUTE format(
        'INSERT INTO by_district.disputes (%s, district_code) '
        'SELECT %s, substr(region_path, 2, 6) FROM public.disputes', cols, cols);
END $$;

INSERT INTO by_district.dispute_events
    (id, dispute_id, at, actor, kind, level_from, level_to, detail, district_code)
SELECT e.id, e.dispute_id, e.at, e.actor, e.kind, e.level_from, e.level_to, e.detail,
       substr(d.region_path, 2, 6)
  FROM public.dispute_events e JOIN public.disputes d ON d.id = e.dispute_id;

INSERT INTO by_district.tracking_codes (tracking_code, district_code, dispute_id)
SELECT tracking_code, district_code, id FROM by_district.disputes;

SELECT setval('by_district.disputes_id',
              (SELECT COALESCE(MAX(id), 0) + 1 FROM by_district.disputes), false);
SELECT setval('by_district.dispute_events_id',
              (SELECT COALESCE(MAX(id), 0) + 1 FROM by_district.dispute_events), false);

ANALYZE by_district.disputes;
ANALYZE by_district.dispute_events;
