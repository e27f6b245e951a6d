-- One event and its rollup row, in the same transaction (params.batch_size events per transaction).
\set sensor random_zipfian(1, 200, 1.2)
\set minute random(0, 59)
\set value random_gaussian(0, 1000, 3.0) / 10.0
INSERT INTO events (sensor, at_minute, value) VALUES (:sensor, :minute, :value);
INSERT INTO per_minute (sensor, at_minute, events, total) VALUES (:sensor, :minute, 1, :value)
ON CONFLICT (sensor, at_minute) DO UPDATE SET events = events + 1, total = total + excluded.total;
