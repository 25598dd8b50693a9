-- A district's cases newest first. At province scale a district holds a hundredth of the cases,
-- so a search by words in its scope matched rows scattered over the whole table (物业: 12,000
-- heap pages read and sorted for a page of 50). Walking the district's ids downwards and
-- testing the words on each stops after a few hundred rows for a common word; the planner still
-- takes the words index for rare words or narrow scopes. `substr(region_path, 2, 6)` is the
-- district code the partitioned layout keys on (docs/partition-by-district.sql). Building it
-- locks writes to `disputes` while it runs (about a minute for 10 M cases on two cores).
CREATE INDEX disputes_district_newest ON disputes ((substr(region_path, 2, 6)), id);
