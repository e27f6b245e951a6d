-- The dashboard: the busiest sensors of the last ten minutes, from the rollup.
\set from random(0, 49)
SELECT sensor, sum(events), sum(total) FROM per_minute
WHERE at_minute BETWEEN :from AND :from + 9 GROUP BY sensor ORDER BY sum(events) DESC LIMIT 10;
