-- Move a workflow execution one step on: read it, 70 ms of work, update it and all of its steps.
\set execution random(1, 20)
SELECT completed_steps, revision FROM executions WHERE id = :execution;
\sleep 70 ms
UPDATE executions SET completed_steps = (completed_steps + 1) % 9, revision = revision + 1 WHERE id = :execution;
UPDATE steps SET status = CASE WHEN step_no <= (SELECT completed_steps FROM executions WHERE id = :execution)
    THEN 'done' ELSE 'pending' END WHERE execution_id = :execution;
