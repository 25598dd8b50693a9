-- Kept beside PostgreSQL's migration of the same name (both lists stay the same). There, a case
-- list in a district, street or community walks the district's cases newest first by a new
-- index; here a search's full-text index already hands its matches out newest first, and the
-- path index serves the lists (`mediation::list_counted`). Nothing to change.
SELECT 1;
