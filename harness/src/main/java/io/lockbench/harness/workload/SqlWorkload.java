package io.lockbench.harness.workload;

import io.lockbench.harness.sql.ScriptClient;
import io.lockbench.harness.sql.ScriptWorkload;
import io.lockbench.store.SessionStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A workload of one's own SQL: each operation is one transaction, of {@code batch_size} executions of
 * a script that has no transaction control (begun as the store's {@code transaction_mode} says), of
 * one execution of a script with its own {@code BEGIN … COMMIT}, or of one execution on the read path
 * ({@code read_only}). Scripts are picked by weight, per execution, as pgbench picks them.
 */
final class SqlWorkload {

    private SqlWorkload() {}

    static Operation create(WorkloadParams params, RunContext context) {
        ScriptWorkload p = params.param(ScriptWorkload.KEY, ScriptWorkload.class);
        SessionStore store = context.store();
        Map<Integer, ScriptClient> clients = new ConcurrentHashMap<>();
        long hashSeed = p.hashSeed(params.name());
        return new Operation() {
            @Override
            public boolean run(Caller caller) throws Exception {
                ScriptClient client = clients.computeIfAbsent(
                        caller.thread(), thread -> new ScriptClient(thread, p.vars(), hashSeed));
                client.drawFrom(caller.random());
                long rows = client.runTransaction(store, () -> p.pick(caller.random()), p.batchSize(), p.readOnly());
                Workloads.describe(p.batchSize(), rows);
                return true;
            }

            @Override
            public void interrupt() {
                clients.values().forEach(ScriptClient::interrupt);
            }
        };
    }
}
