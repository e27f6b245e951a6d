package io.lockbench.harness.gate;

import java.util.List;

/**
 * A whole gate: one comparison per workload and metric at the gate's last look, how it came to stop,
 * the load the machine was under during each block, and the overall verdict.
 *
 * @param look     how many times the blocks were looked at (1 for a gate of fixed --blocks)
 * @param stop     why no more blocks were run, for the report
 * @param loads    one per block run by this gate (stored baseline blocks bring theirs when recorded)
 * @param notes    what the report must say before anything else (a baseline from another machine, ...)
 */
public record GateResult(
        String scenario,
        String baselineLabel,
        String candidateLabel,
        int baselineBlocks,
        int candidateBlocks,
        GateDesign design,
        int look,
        List<GateDesign.Comparison> entries,
        List<BlockLoad> loads,
        List<String> notes,
        String stop,
        double seconds) {

    public GateResult {
        entries = List.copyOf(entries);
        loads = List.copyOf(loads);
        notes = List.copyOf(notes);
    }

    /**
     * REGRESSION when any comparison regressed, in either tier (a count regression decides at once); PASS
     * only when every comparison passed, counts and tails alike: a change that moves no count (a longer
     * wait inside the transaction) is the time tier's to see, and a PASS on counts alone missed a 50% longer
     * hold. Else INCONCLUSIVE.
     */
    public Verdict verdict() {
        Verdict v = Verdict.PASS;
        for (GateDesign.Comparison e : entries) {
            v = v.worse(e.verdict());
        }
        return v;
    }

    /** This result with {@code why} as the reason the gate stopped. */
    public GateResult stopped(String why) {
        return new GateResult(
                scenario,
                baselineLabel,
                candidateLabel,
                baselineBlocks,
                candidateBlocks,
                design,
                look,
                entries,
                loads,
                notes,
                why,
                seconds);
    }

    public boolean decided() {
        return verdict() != Verdict.INCONCLUSIVE;
    }

    public List<BlockLoad> blocksUnderLoad() {
        return loads.stream().filter(BlockLoad::underLoad).toList();
    }
}
