-- pgbench -i's server-side data generation at :scale.
INSERT INTO pgbench_branches (bid, bbalance) SELECT bid, 0 FROM generate_series(1, :scale) AS bid;
INSERT INTO pgbench_tellers (tid, bid, tbalance)
SELECT tid, (tid - 1) / 10 + 1, 0 FROM generate_series(1, 10 * :scale) AS tid;
INSERT INTO pgbench_accounts (aid, bid, abalance, filler)
SELECT aid, (aid - 1) / 100000 + 1, 0, '' FROM generate_series(1, 100000 * :scale) AS aid;
ANALYZE pgbench_branches;
ANALYZE pgbench_tellers;
ANALYZE pgbench_accounts;
