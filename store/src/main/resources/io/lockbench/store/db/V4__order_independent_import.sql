-- Import results that do not depend on the order in which files are read.
--
-- A session's directory, branch and version come from its earliest record that names a directory;
-- attrs_ts is that record's timestamp, so a record read later can tell whether it is earlier.
ALTER TABLE sessions ADD COLUMN attrs_ts INTEGER;
UPDATE sessions SET attrs_ts = first_ts;

-- A response's figures come from one of its lines (the usage policy picks which); figures_ts is that
-- line's timestamp, the tie-breaker between lines with the same output count.
ALTER TABLE token_usage ADD COLUMN figures_ts INTEGER NOT NULL DEFAULT 0;
UPDATE token_usage SET figures_ts = ts;

-- Hour buckets floor toward negative infinity (before 1970 too), not toward zero.
DROP TRIGGER token_usage_rollup_insert;
DROP TRIGGER token_usage_rollup_delete;
DROP TRIGGER token_usage_rollup_update;
DELETE FROM token_usage_hourly;
INSERT INTO token_usage_hourly
SELECT ts - ((ts % 3600000) + 3600000) % 3600000, count(*), sum(input_tokens), sum(output_tokens),
       sum(cache_creation_tokens), sum(cache_read_tokens)
FROM token_usage GROUP BY 1;

CREATE TRIGGER token_usage_rollup_insert AFTER INSERT ON token_usage BEGIN
    INSERT INTO token_usage_hourly
    VALUES (NEW.ts - ((NEW.ts % 3600000) + 3600000) % 3600000, 1, NEW.input_tokens, NEW.output_tokens,
            NEW.cache_creation_tokens, NEW.cache_read_tokens)
    ON CONFLICT (hour_start) DO UPDATE SET
        requests = requests + 1,
        input_tokens = input_tokens + excluded.input_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens;
END;

CREATE TRIGGER token_usage_rollup_delete AFTER DELETE ON token_usage BEGIN
    UPDATE token_usage_hourly SET
        requests = requests - 1,
        input_tokens = input_tokens - OLD.input_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        cache_creation_tokens = cache_creation_tokens - OLD.cache_creation_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens
    WHERE hour_start = OLD.ts - ((OLD.ts % 3600000) + 3600000) % 3600000;
    DELETE FROM token_usage_hourly
    WHERE hour_start = OLD.ts - ((OLD.ts % 3600000) + 3600000) % 3600000 AND requests = 0;
END;

CREATE TRIGGER token_usage_rollup_update
AFTER UPDATE OF ts, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens ON token_usage BEGIN
    UPDATE token_usage_hourly SET
        requests = requests - 1,
        input_tokens = input_tokens - OLD.input_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        cache_creation_tokens = cache_creation_tokens - OLD.cache_creation_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens
    WHERE hour_start = OLD.ts - ((OLD.ts % 3600000) + 3600000) % 3600000;
    DELETE FROM token_usage_hourly
    WHERE hour_start = OLD.ts - ((OLD.ts % 3600000) + 3600000) % 3600000 AND requests = 0;
    INSERT INTO token_usage_hourly
    VALUES (NEW.ts - ((NEW.ts % 3600000) + 3600000) % 3600000, 1, NEW.input_tokens, NEW.output_tokens,
            NEW.cache_creation_tokens, NEW.cache_read_tokens)
    ON CONFLICT (hour_start) DO UPDATE SET
        requests = requests + 1,
        input_tokens = input_tokens + excluded.input_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens;
END;
