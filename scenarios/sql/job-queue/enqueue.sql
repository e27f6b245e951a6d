-- One job into one of four queues.
\set queue random(1, 4)
\set size random(50, 500)
INSERT INTO jobs (queue, payload, enqueued_at)
VALUES ('queue-' || :queue, printf('%.*c', :size, 'x'), unixepoch());
