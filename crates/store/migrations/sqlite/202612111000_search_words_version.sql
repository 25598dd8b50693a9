-- The segmentation the stored search words were made with (fengqiao_core::text::SEGMENTATION).
-- Words already stored came from jieba's full dictionary, segmentation 1; a table still empty
-- is filled with the compact dictionary from the start, segmentation 2. When they differ, the
-- leading node makes the words afresh (mediation::words, requests::words).
INSERT INTO data_versions (topic, version)
SELECT 'search_words:disputes', CASE WHEN EXISTS (SELECT 1 FROM disputes) THEN 1 ELSE 2 END;
INSERT INTO data_versions (topic, version)
SELECT 'search_words:requests', CASE WHEN EXISTS (SELECT 1 FROM service_requests) THEN 1 ELSE 2 END;
