-- Re-import one entry as the ORM did it: read it, process for 300 ms, then write.
\set entry random(1, 600)
SELECT status, revision FROM entries WHERE id = :entry;
\sleep 300 ms
INSERT INTO artifacts (entry_id, name, hash) VALUES (:entry, 'main', hex(randomblob(8)))
ON CONFLICT (entry_id, name) DO UPDATE SET hash = excluded.hash, import_count = import_count + 1;
UPDATE entries SET revision = revision + 1 WHERE id = :entry;
