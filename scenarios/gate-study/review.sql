-- A reviewer edits one catalog entry inside one transaction: the update, CPU work (a recursive count
-- standing for the serialising and checking an application does) and a wait on another service, all
-- while the transaction holds the write lock.
\set entry random(1, 240)
UPDATE catalog_entries SET description = 'reviewed', revision = revision + 1 WHERE entry_id = :entry;
SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :cpu) SELECT x FROM c);
\sleep :work ms
