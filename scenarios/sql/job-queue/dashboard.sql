SELECT state, count(*) FROM jobs GROUP BY state;
SELECT queue, count(*), min(enqueued_at) FROM jobs WHERE state = 'ready' GROUP BY queue;
