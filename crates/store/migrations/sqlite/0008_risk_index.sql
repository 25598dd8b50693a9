-- Problem lists look for open high-risk cases.
CREATE INDEX disputes_risk ON disputes(risk_level, status);
