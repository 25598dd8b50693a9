-- Full-text search is scoped by words too: every case carries one word per region above it
-- ("r610302", "r610302001", …), so a scoped search is one index intersection.
UPDATE disputes SET search_text = search_text || ' r' || replace(btrim(region_path, '/'), '/', ' r');
