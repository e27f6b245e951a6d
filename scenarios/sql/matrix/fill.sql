-- 600 entries of 6 sources, and 20 workflow executions of 8 steps each.
INSERT INTO entries (id, source)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
SELECT i, 1 + (i - 1) / 100 FROM n;
INSERT INTO executions (id)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
SELECT i FROM n;
INSERT INTO steps (execution_id, step_no)
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 8)
SELECT e.id, s.i FROM executions e, s;
