-- Claim the oldest ready job, work on it (the work holds the write lock: it runs inside the
-- transaction), and finish it: the shape that makes a queue's claims wait for each other.
UPDATE jobs SET state = 'running', claimed_by = :client_id
WHERE id = (SELECT id FROM jobs WHERE state = 'ready' ORDER BY id LIMIT 1)
RETURNING id;
\sleep :work ms
UPDATE jobs SET state = 'done', finished_at = unixepoch()
WHERE claimed_by = :client_id AND state = 'running';
