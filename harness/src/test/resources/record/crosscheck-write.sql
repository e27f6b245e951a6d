BEGIN IMMEDIATE;
UPDATE counter SET n = n + 1 WHERE id = 1;
\sleep 5 ms
COMMIT;
