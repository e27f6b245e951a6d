package io.lockbench.harness.gate;

import java.util.List;

/**
 * A whole gate: one comparison per workload and metric, the A/A control of the baseline against
 * itself (its interval is the noise floor of this machine), and the overall verdict.
 */
public record GateResult(
        String scenario,
        String baselineLabel,
        String candidateLabel,
        int baselineBlocks,
        int candidateBlocks,
        double tolerance,
        double confidence,
        List<Entry> entries,
        List<Entry> control,
        double seconds) {

    public record Entry(String workload, String metric, P99RatioBootstrap.Result result) {}

    public Verdict verdict() {
        Verdict v = Verdict.PASS;
        for (Entry e : entries) {
            v = v.worse(e.result().verdict());
        }
        return v;
    }

    /** The widest A/A interval: differences smaller than this are noise on this machine. */
    public double noiseFloor() {
        double widest = 0;
        for (Entry e : control) {
            if (!Double.isNaN(e.result().low())) {
                widest = Math.max(
                        widest, Math.max(e.result().high() - 1, 1 - e.result().low()));
            }
        }
        return widest;
    }
}
