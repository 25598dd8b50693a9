-- Rate-limit counters shared by the nodes on one PostgreSQL (a fixed window per key). SQLite
-- has one node and counts in memory; the table is created on both so the schemas stay alike.
CREATE TABLE rate_counts (
    key          TEXT PRIMARY KEY,
    count        BIGINT NOT NULL,
    window_start BIGINT NOT NULL
);
CREATE INDEX rate_counts_window ON rate_counts (window_start);
