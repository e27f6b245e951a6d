-- The post-mortem application's catalog, small: sources list entries, importing an entry writes its
-- artifact and marks the entry, workflow executions move their steps on together.
CREATE TABLE entries (
    id       INTEGER PRIMARY KEY,
    source   INTEGER NOT NULL,
    status   TEXT    NOT NULL DEFAULT 'available',
    revision INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE artifacts (
    entry_id     INTEGER NOT NULL REFERENCES entries (id),
    name         TEXT    NOT NULL,
    hash         TEXT    NOT NULL,
    import_count INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (entry_id, name)
);
CREATE TABLE executions (
    id              INTEGER PRIMARY KEY,
    completed_steps INTEGER NOT NULL DEFAULT 0,
    revision        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE steps (
    execution_id INTEGER NOT NULL REFERENCES executions (id),
    step_no      INTEGER NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending',
    PRIMARY KEY (execution_id, step_no)
) WITHOUT ROWID;
