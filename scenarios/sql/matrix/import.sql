-- One entry of an import: upsert its artifact, mark the entry, 25 ms of processing while the
-- transaction holds the write lock. params.batch_size entries go in one transaction.
\set entry random(1, 600)
INSERT INTO artifacts (entry_id, name, hash) VALUES (:entry, 'main', hex(randomblob(8)))
ON CONFLICT (entry_id, name) DO UPDATE SET hash = excluded.hash, import_count = import_count + 1;
UPDATE entries SET status = 'imported', revision = revision + 1 WHERE id = :entry;
\sleep 25 ms
