-- A district's cases newest first. At province scale a district holds a hundredth of the cases,
-- scattered over the whole table: a search by words in its scope fetched and sorted every match
-- (物业: 12,000 heap pages for a page of 50), and a street's list sorted all its cases. A list
-- scoped to a district, street or community now walks the district's ids downwards, tests the
-- rest of its filter on each and stops at the page; after at most 10,000 rows it asks the
-- other indexes as before (`mediation::list_counted`). `substr(region_path, 2, 6)` is the
-- district code the partitioned layout keys on (docs/partition-by-district.sql). Building it
-- locks writes to `disputes` while it runs (11 s for 10 M cases on two cores).
CREATE INDEX disputes_district_newest ON disputes ((substr(region_path, 2, 6)), id);
-- The planner knows an expression's values only once it is analysed: before that it guessed a
-- district at 571 of 114,000 cases and sorted them all on disk for each walk (147 ms instead of
-- 1 ms, measured on a district database upgraded in place). ANALYZE samples, so this is
-- seconds even at province scale.
ANALYZE disputes;
