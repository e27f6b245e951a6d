-- Edit one entry: read it, 20 ms of work, write it.
\set entry random(1, 600)
SELECT status, revision FROM entries WHERE id = :entry;
\sleep 20 ms
UPDATE entries SET status = 'edited', revision = revision + 1 WHERE id = :entry;
