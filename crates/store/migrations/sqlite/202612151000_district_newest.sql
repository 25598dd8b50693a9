-- Kept beside PostgreSQL's migration of the same name (both lists stay the same). There, a
-- search by words walks a district's cases newest first by a new index; here the full-text
-- index already hands its matches out newest first (`mediation::list_counted`). Nothing to
-- change.
SELECT 1;
