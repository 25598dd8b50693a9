-- Assessment (考核) weights, versioned like the mediation policy and the mandates.
CREATE TABLE assessment_weights (
    version    INTEGER PRIMARY KEY,
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
