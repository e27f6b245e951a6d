-- A source's page of artifacts, with the source's count: two queries of one request.
\set source random(1, 6)
SELECT count(*) FROM artifacts a JOIN entries e ON e.id = a.entry_id WHERE e.source = :source;
SELECT a.entry_id, a.name, a.hash FROM artifacts a JOIN entries e ON e.id = a.entry_id
WHERE e.source = :source ORDER BY a.entry_id LIMIT 50;
