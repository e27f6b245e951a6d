-- The artifact catalog of the post-mortem: marketplace sources list catalog entries, importing an
-- entry creates its collection artifact (composites also get child artifacts), and workflow
-- executions update their steps together.
CREATE TABLE marketplace_sources (
    source_id      INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    url            TEXT    NOT NULL,
    -- Number of collection artifacts of this source's entries, kept in the same transaction as the
    -- artifacts themselves: a read that sees a different count than it can list saw two states.
    artifact_count INTEGER NOT NULL DEFAULT 0,
    last_import_at INTEGER,
    import_status  TEXT    NOT NULL DEFAULT 'never'
);

CREATE TABLE catalog_entries (
    entry_id      INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES marketplace_sources (source_id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    artifact_type TEXT    NOT NULL,
    version       TEXT    NOT NULL,
    description   TEXT,
    -- 0 for a plain artifact; 1 to 3 child artifacts for a composite one.
    child_count   INTEGER NOT NULL DEFAULT 0,
    status        TEXT    NOT NULL DEFAULT 'available',
    revision      INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL,
    UNIQUE (source_id, name)
);

CREATE TABLE collection_artifacts (
    artifact_id        INTEGER PRIMARY KEY,
    entry_id           INTEGER NOT NULL REFERENCES catalog_entries (entry_id) ON DELETE CASCADE,
    parent_artifact_id INTEGER REFERENCES collection_artifacts (artifact_id) ON DELETE CASCADE,
    name               TEXT    NOT NULL,
    content_hash       TEXT    NOT NULL,
    imported_at        INTEGER NOT NULL,
    import_count       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (entry_id, name)
);
CREATE INDEX collection_artifacts_parent ON collection_artifacts (parent_artifact_id);

CREATE TABLE workflow_executions (
    execution_id    INTEGER PRIMARY KEY,
    workflow_name   TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    step_count      INTEGER NOT NULL,
    completed_steps INTEGER NOT NULL DEFAULT 0,
    revision        INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE workflow_steps (
    execution_id INTEGER NOT NULL REFERENCES workflow_executions (execution_id) ON DELETE CASCADE,
    step_no      INTEGER NOT NULL,
    status       TEXT    NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (execution_id, step_no)
) WITHOUT ROWID;
