#!/bin/sh
# Two sqlite3 shell processes, one after the other, each holding the write lock of $1 for a few hundred
# milliseconds (a long INSERT ... SELECT inside BEGIN IMMEDIATE); prints each one's pid.
set -e
for i in 1 2; do
  sqlite3 "$1" "BEGIN IMMEDIATE; INSERT INTO t SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000) SELECT x FROM c); COMMIT;" &
  echo "pid $!"
  wait $!
done
