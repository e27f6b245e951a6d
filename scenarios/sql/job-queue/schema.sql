-- A job queue as many applications keep one in SQLite: producers enqueue, workers claim the oldest
-- ready job, work on it and mark it done, a dashboard counts jobs by state.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    queue       TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    state       TEXT    NOT NULL DEFAULT 'ready',
    claimed_by  INTEGER,
    enqueued_at INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX jobs_by_state ON jobs (state, id);
