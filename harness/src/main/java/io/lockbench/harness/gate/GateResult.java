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
     * REGRESSION when any comparison regressed, in either tier (a count regression decides at once). PASS when
     * every comparison passed; or, with a count tier, when every exact count passed, nothing regressed and
     * no undecided tail or CPU time leans past its limit (a tail's estimated ratio above {@code 1 + tolerance}
     * by more than its standard error, a CPU time's median grown by more than it allows): a change
     * that moves no count (a longer wait inside the transaction) is the time tier's to see, and one that
     * lengthens every hold by half leans past the limit and keeps the gate running until the tails decide,
     * while an A/A gate's tails, whose estimates scatter around 1, need not first shrink their intervals
     * under the limit, which on a shared 2-core runner takes dozens of blocks. Else INCONCLUSIVE.
     */
    public Verdict verdict() {
        Verdict v = Verdict.PASS;
        for (GateDesign.Comparison e : entries) {
            v = v.worse(e.verdict());
        }
        return v == Verdict.INCONCLUSIVE && passedOnCounts() ? Verdict.PASS : v;
    }

    /**
     * Whether the gate passes on its counts: it has exact ones, all passed, nothing regressed, and no tail or
     * CPU time left undecided leans past its limit.
     */
    public boolean passedOnCounts() {
        boolean counts = false;
        for (GateDesign.Comparison e : entries) {
            if (e.countTier() && CountTier.exact(e.metric())) {
                counts = true;
                if (e.verdict() != Verdict.PASS) {
                    return false;
                }
            } else if (e.verdict() == Verdict.REGRESSION || (e.verdict() == Verdict.INCONCLUSIVE && e.leans())) {
                return false;
            }
        }
        return counts;
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
