-- review.sql with one more UPDATE in the transaction: the source's last change, on a page of its own.
\set entry random(1, 240)
UPDATE catalog_entries SET description = 'reviewed', revision = revision + 1 WHERE entry_id = :entry;
SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :cpu) SELECT x FROM c);
\sleep :work ms
UPDATE marketplace_sources SET last_import_at = unixepoch() WHERE source_id = 1 + :entry % 4;
