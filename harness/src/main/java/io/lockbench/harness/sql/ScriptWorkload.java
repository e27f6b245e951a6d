package io.lockbench.harness.sql;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validated parameters of a {@code sql} workload, kept under {@link #KEY} in its params.
 *
 * @param bulk whether the workload is bulk work (an import, an ingest) whose throughput a sweep trades
 *     against the other workloads' waits, as it does for lockbench's own import workloads
 */
public record ScriptWorkload(
        List<SqlScript> scripts, int batchSize, boolean readOnly, Map<String, String> vars, boolean bulk) {

    public static final String KEY = "sql";

    public ScriptWorkload {
        scripts = List.copyOf(scripts);
        vars = Map.copyOf(vars);
    }

    /** The params as a run file records them. */
    @JsonValue
    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("scripts", scripts.stream().map(SqlScript::toString).toList());
        described.put("batch_size", batchSize);
        described.put("read_only", readOnly);
        described.put("vars", new TreeMap<>(vars));
        described.put("bulk", bulk);
        return described;
    }

    public boolean ownTransactions() {
        return scripts.get(0).hasOwnTransaction();
    }

    public SqlScript pick(java.util.SplittableRandom random) {
        if (scripts.size() == 1) {
            return scripts.get(0);
        }
        int total = scripts.stream().mapToInt(SqlScript::weight).sum();
        int draw = random.nextInt(total);
        for (SqlScript script : scripts) {
            draw -= script.weight();
            if (draw < 0) {
                return script;
            }
        }
        throw new IllegalStateException("weights do not add up");
    }

    /** pgbench's {@code :default_seed}: fixed per workload, so a run is repeatable. */
    public long hashSeed(String workload) {
        return workload.hashCode() * 0x9E3779B97F4A7C15L;
    }
}
