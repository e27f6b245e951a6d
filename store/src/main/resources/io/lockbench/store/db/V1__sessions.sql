-- Sessions context. Timestamps are epoch milliseconds (UTC); bucketing happens at query time.

-- One row per transcript file the importer has read; file_id ties every imported row to its file,
-- so a truncated or replaced file can be re-imported without leaving stale rows behind. file_id is
-- deliberately not indexed in the data tables: every index costs page writes on each import commit,
-- and the lookup by file only happens when a file was truncated or replaced.
CREATE TABLE import_state (
    file_id         INTEGER PRIMARY KEY,
    path            TEXT    NOT NULL UNIQUE,
    size_bytes      INTEGER NOT NULL,
    offset_bytes    INTEGER NOT NULL,
    line_count      INTEGER NOT NULL,
    fingerprint     TEXT    NOT NULL,
    fingerprint_len INTEGER NOT NULL
);

CREATE TABLE sessions (
    session_id  TEXT PRIMARY KEY,
    project_dir TEXT NOT NULL,
    cwd         TEXT,
    git_branch  TEXT,
    version     TEXT,
    first_ts    INTEGER,
    last_ts     INTEGER
);
CREATE INDEX sessions_last_ts ON sessions (last_ts);

-- One row per record that has a uuid; the first occurrence wins (replays and compaction re-emits).
CREATE TABLE messages (
    uuid         TEXT    PRIMARY KEY,
    session_id   TEXT    NOT NULL,
    file_id      INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    type         TEXT    NOT NULL,
    parent_uuid  TEXT,
    agent_id     TEXT,
    is_sidechain INTEGER NOT NULL,
    is_meta      INTEGER NOT NULL,
    ts           INTEGER,
    message_id   TEXT,
    request_id   TEXT,
    model        TEXT,
    role         TEXT,
    text_preview TEXT
);
CREATE INDEX messages_session_ts ON messages (session_id, ts);

-- One row per API response (message id + request id, '' when the request id is missing): the
-- repeated usage of a streamed response counts once.
CREATE TABLE token_usage (
    message_id            TEXT    NOT NULL,
    request_id            TEXT    NOT NULL,
    session_id            TEXT    NOT NULL,
    file_id               INTEGER NOT NULL,
    uuid                  TEXT,
    agent_id              TEXT,
    is_sidechain          INTEGER NOT NULL,
    model                 TEXT,
    service_tier          TEXT,
    ts                    INTEGER NOT NULL,
    input_tokens          INTEGER NOT NULL,
    output_tokens         INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    cache_5m_tokens       INTEGER NOT NULL,
    cache_1h_tokens       INTEGER NOT NULL,
    cache_read_tokens     INTEGER NOT NULL,
    PRIMARY KEY (message_id, request_id)
);
-- Covering indexes: timelines read only the index, never the table.
CREATE INDEX token_usage_session_ts ON token_usage
    (session_id, ts, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens);
CREATE INDEX token_usage_ts ON token_usage
    (ts, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens);

-- A tool_use block and its tool_result, joined by the tool_use id; either half may arrive first.
CREATE TABLE tool_results (
    tool_use_id    TEXT PRIMARY KEY,
    session_id     TEXT,
    use_file_id    INTEGER,
    use_uuid       TEXT,
    tool_name      TEXT,
    input_json     TEXT,
    use_ts         INTEGER,
    result_file_id INTEGER,
    result_uuid    TEXT,
    is_error       INTEGER,
    result_preview TEXT,
    result_chars   INTEGER,
    result_ts      INTEGER
);
CREATE INDEX tool_results_session ON tool_results (session_id);

-- Summary lines name the last message they describe (leaf_uuid), often from another file.
CREATE TABLE summaries (
    leaf_uuid TEXT    PRIMARY KEY,
    summary   TEXT    NOT NULL,
    file_id   INTEGER NOT NULL
);

CREATE TABLE import_errors (
    file_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    reason  TEXT    NOT NULL,
    excerpt TEXT,
    PRIMARY KEY (file_id, line_no)
);
