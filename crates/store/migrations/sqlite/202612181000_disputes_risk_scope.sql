-- A scope's open cases at one risk, found inside the scope. The problem list's red cases were
-- found among the whole database's open red cases, each read from the table to test its path
-- (40 rows for a district's 7 at city scale; a hundred times more at province scale): the path
-- in the index leaves only the scope's. Replaces the index without the path, so a change to a
-- case still updates as many indexes as before.
DROP INDEX disputes_risk;
CREATE INDEX disputes_risk ON disputes(risk_level, status, region_path);
