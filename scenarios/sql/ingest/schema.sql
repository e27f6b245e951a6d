-- Events arrive from many sensors; a dashboard reads a per-minute rollup the ingest keeps exact.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    sensor    INTEGER NOT NULL,
    at_minute INTEGER NOT NULL,
    value     REAL    NOT NULL
);
CREATE TABLE per_minute (
    sensor    INTEGER NOT NULL,
    at_minute INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    total     REAL    NOT NULL,
    PRIMARY KEY (sensor, at_minute)
) WITHOUT ROWID;
