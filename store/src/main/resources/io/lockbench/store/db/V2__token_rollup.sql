-- Hourly token sums, kept exact by triggers in the same transaction as every change to token_usage,
-- so hour and day timelines over any range read a few thousand rows instead of every response.
CREATE TABLE token_usage_hourly (
    hour_start            INTEGER PRIMARY KEY,
    requests              INTEGER NOT NULL,
    input_tokens          INTEGER NOT NULL,
    output_tokens         INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    cache_read_tokens     INTEGER NOT NULL
);

INSERT INTO token_usage_hourly
SELECT (ts / 3600000) * 3600000, count(*), sum(input_tokens), sum(output_tokens), sum(cache_creation_tokens),
       sum(cache_read_tokens)
FROM token_usage GROUP BY 1;

CREATE TRIGGER token_usage_rollup_insert AFTER INSERT ON token_usage BEGIN
    INSERT INTO token_usage_hourly
    VALUES ((NEW.ts / 3600000) * 3600000, 1, NEW.input_tokens, NEW.output_tokens, NEW.cache_creation_tokens,
            NEW.cache_read_tokens)
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
    WHERE hour_start = (OLD.ts / 3600000) * 3600000;
    DELETE FROM token_usage_hourly WHERE hour_start = (OLD.ts / 3600000) * 3600000 AND requests = 0;
END;

CREATE TRIGGER token_usage_rollup_update
AFTER UPDATE OF ts, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens ON token_usage BEGIN
    UPDATE token_usage_hourly SET
        requests = requests - 1,
        input_tokens = input_tokens - OLD.input_tokens,
        output_tokens = output_tokens - OLD.output_tokens,
        cache_creation_tokens = cache_creation_tokens - OLD.cache_creation_tokens,
        cache_read_tokens = cache_read_tokens - OLD.cache_read_tokens
    WHERE hour_start = (OLD.ts / 3600000) * 3600000;
    DELETE FROM token_usage_hourly WHERE hour_start = (OLD.ts / 3600000) * 3600000 AND requests = 0;
    INSERT INTO token_usage_hourly
    VALUES ((NEW.ts / 3600000) * 3600000, 1, NEW.input_tokens, NEW.output_tokens, NEW.cache_creation_tokens,
            NEW.cache_read_tokens)
    ON CONFLICT (hour_start) DO UPDATE SET
        requests = requests + 1,
        input_tokens = input_tokens + excluded.input_tokens,
        output_tokens = output_tokens + excluded.output_tokens,
        cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
        cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens;
END;
