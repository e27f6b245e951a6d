package io.lockbench.harness.record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * A database's {@link LockHistory} as {@code record.json} keeps it ({@code otherHolds}: the holds that
 * were no write transaction, by {@link LockHistory.HoldKind}): per-transaction holds, waits and BUSY
 * by code, by process and by statement, the longest runs, who held the lock when others waited or gave
 * up, and the paragraph a person reads first. Times are milliseconds; moments are milliseconds since the
 * recording began.
 */
public record LockFigures(
        String source,
        List<Long> processesWithSqliteApi,
        List<Long> processesWithExactWaits,
        long transactions,
        Map<String, Long> otherHolds,
        long unfinishedHolds,
        double holdP50Ms,
        double holdP99Ms,
        double holdMaxMs,
        double holdTotalMs,
        long waits,
        long waitsGivenUp,
        double waitP50Ms,
        double waitP99Ms,
        double waitMaxMs,
        double waitTotalMs,
        Map<String, Long> busyByCode,
        long busyWithoutWaiting,
        PerTransaction perTransaction,
        List<ProcessFigures> processes,
        List<StatementFigures> statements,
        List<RunFigures> runs,
        List<HolderFigures> blame,
        List<Map<String, Object>> longestHolds,
        int replacements,
        String story) {

    /** Where the figures come from: every lock call inside the processes. */
    public static final String SOURCE = "lock events from inside the processes (LD_PRELOAD): every lock call";

    /**
     * What a write transaction did while it held the lock, on average over the recording's transactions:
     * statements run (where SQLite's API was seen), syncs, bytes written to the database, the WAL and the
     * journal, write calls, and CPU time (over the transactions whose CPU clock was read: a sample where
     * they follow each other within 200 us). Counts a program repeats exactly, so a change of one shows at
     * once where times need many blocks.
     */
    public record PerTransaction(
            double statements,
            double syncs,
            double dbBytes,
            double walBytes,
            double journalBytes,
            double writes,
            double cpuMs) {

        static PerTransaction of(List<LockHistory.Hold> transactions) {
            if (transactions.isEmpty()) {
                return new PerTransaction(0, 0, 0, 0, 0, 0, 0);
            }
            double n = transactions.size();
            long withStatements =
                    transactions.stream().filter(h -> h.statements() >= 0).count();
            return new PerTransaction(
                    withStatements == 0
                            ? 0
                            : transactions.stream()
                                            .filter(h -> h.statements() >= 0)
                                            .mapToLong(LockHistory.Hold::statements)
                                            .sum()
                                    / (double) withStatements,
                    transactions.stream().mapToLong(h -> h.counts().syncs()).sum() / n,
                    transactions.stream().mapToLong(h -> h.counts().dbBytes()).sum() / n,
                    transactions.stream().mapToLong(h -> h.counts().walBytes()).sum() / n,
                    transactions.stream()
                                    .mapToLong(h -> h.counts().journalBytes())
                                    .sum()
                            / n,
                    transactions.stream().mapToLong(h -> h.counts().writes()).sum() / n,
                    transactions.stream()
                                    .mapToLong(h -> h.counts().cpuNanos())
                                    .filter(cpu -> cpu >= 0)
                                    .average()
                                    .orElse(0)
                            / 1e6);
        }
    }

    /** The holds and waits of one process. */
    public record ProcessFigures(
            long pid,
            String command,
            boolean sqliteApi,
            long transactions,
            double holdP50Ms,
            double holdP99Ms,
            double holdMaxMs,
            double holdTotalMs,
            long waits,
            long waitsGivenUp,
            double waitP99Ms,
            double waitMaxMs,
            double waitTotalMs,
            Map<String, Long> busyByCode) {}

    /** The transactions that began with one statement shape. */
    public record StatementFigures(
            String statement, long transactions, double holdP99Ms, double holdMaxMs, double holdTotalMs) {}

    /** A run of back-to-back holds of one process that others waited through. */
    public record RunFigures(
            long pid,
            String command,
            int transactions,
            double atMs,
            double spanMs,
            double heldMs,
            int retakenWhileWaited,
            boolean starvation,
            String firstStatement,
            List<Long> waiterPids,
            double longestWaitMs) {}

    /** A holder, by process and the statement that began its transactions, and what it made others go through. */
    public record HolderFigures(
            long pid,
            String command,
            String statement,
            long busyCaused,
            Map<String, Long> busyByCode,
            long waitsCaused,
            double longestWaitMs,
            double longestHeldMs) {}

    static LockFigures of(LockHistory history, long originNanos) {
        List<LockHistory.Hold> transactions = history.transactions();
        Histogram holds = histogram();
        transactions.forEach(h -> holds.recordValue(clamp(h.nanos())));
        Histogram waits = histogram();
        history.waits().forEach(w -> waits.recordValue(clamp(w.nanos())));
        Map<String, Long> busyByCode = new TreeMap<>();
        history.busy().forEach(b -> busyByCode.merge(b.code(), 1L, Long::sum));
        long atOnce = history.busy().stream().filter(b -> b.waitedNanos() == 0).count();

        List<ProcessFigures> processes = new ArrayList<>();
        for (long pid : history.commands().keySet()) {
            Histogram ph = histogram();
            long held = 0;
            for (LockHistory.Hold h : transactions) {
                if (h.pid() == pid) {
                    ph.recordValue(clamp(h.nanos()));
                    held += h.nanos();
                }
            }
            Histogram pw = histogram();
            history.waits().stream().filter(w -> w.pid() == pid).forEach(w -> pw.recordValue(clamp(w.nanos())));
            long givenUp = history.waits().stream()
                    .filter(w -> w.pid() == pid && !w.granted())
                    .count();
            Map<String, Long> codes = new TreeMap<>();
            history.busy().stream().filter(b -> b.pid() == pid).forEach(b -> codes.merge(b.code(), 1L, Long::sum));
            if (ph.getTotalCount() == 0 && pw.getTotalCount() == 0 && codes.isEmpty()) {
                continue; // it only read
            }
            processes.add(new ProcessFigures(
                    pid,
                    history.command(pid),
                    history.processesWithApi().contains(pid),
                    ph.getTotalCount(),
                    p(ph, 50),
                    p(ph, 99),
                    max(ph),
                    ms(held),
                    pw.getTotalCount(),
                    givenUp,
                    p(pw, 99),
                    max(pw),
                    total(pw),
                    codes));
        }

        Map<String, Histogram> byStatement = new LinkedHashMap<>();
        for (LockHistory.Hold h : transactions) {
            byStatement
                    .computeIfAbsent(h.firstStatement() == null ? "" : h.firstStatement(), s -> histogram())
                    .recordValue(clamp(h.nanos()));
        }
        List<StatementFigures> statements = new ArrayList<>();
        byStatement.forEach((statement, h) -> statements.add(new StatementFigures(
                statement.isEmpty() ? null : statement, h.getTotalCount(), p(h, 99), max(h), total(h))));
        statements.sort(
                Comparator.comparingDouble(StatementFigures::holdTotalMs).reversed());

        List<RunFigures> runs = history.runs().stream()
                .limit(10)
                .map(r -> new RunFigures(
                        r.pid(),
                        history.command(r.pid()),
                        r.transactions(),
                        ms(r.startNanos() - originNanos),
                        ms(r.spanNanos()),
                        ms(r.heldNanos()),
                        r.retakenWhileWaited(),
                        r.starvation(),
                        r.firstStatement(),
                        r.waiterPids(),
                        ms(r.longestWaitNanos())))
                .toList();

        record HolderKey(long pid, String statement) {}
        Map<HolderKey, List<LockHistory.Blame>> byHolder = new LinkedHashMap<>();
        history.blame()
                .forEach(b -> byHolder.computeIfAbsent(
                                new HolderKey(b.holderPid(), b.holderStatement()), k -> new ArrayList<>())
                        .add(b));
        List<HolderFigures> blame = new ArrayList<>();
        byHolder.forEach((key, list) -> {
            Map<String, Long> codes = new TreeMap<>();
            list.stream().filter(b -> !b.what().equals("wait")).forEach(b -> codes.merge(b.what(), 1L, Long::sum));
            blame.add(new HolderFigures(
                    key.pid(),
                    history.command(key.pid()),
                    key.statement(),
                    codes.values().stream().mapToLong(Long::longValue).sum(),
                    codes,
                    list.stream().filter(b -> b.what().equals("wait")).count(),
                    ms(list.stream()
                            .mapToLong(LockHistory.Blame::waitedNanos)
                            .max()
                            .orElse(0)),
                    ms(list.stream()
                            .mapToLong(LockHistory.Blame::holderHeldNanos)
                            .max()
                            .orElse(0))));
        });
        blame.sort(Comparator.comparingLong((HolderFigures h) -> h.busyCaused() + h.waitsCaused())
                .reversed());

        List<Map<String, Object>> longest = new ArrayList<>();
        transactions.stream()
                .sorted(Comparator.comparingLong(LockHistory.Hold::nanos).reversed())
                .limit(10)
                .forEach(h -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("pid", h.pid());
                    m.put("command", history.command(h.pid()));
                    m.put("at_ms", ms(h.startNanos() - originNanos));
                    m.put("held_ms", ms(h.nanos()));
                    m.put("statement", h.firstStatement());
                    m.put("statements", h.statements());
                    longest.add(m);
                });

        Map<String, Long> otherHolds = new TreeMap<>();
        history.holds().stream()
                .filter(h -> !h.transaction())
                .forEach(h -> otherHolds.merge(h.kind().name().toLowerCase(Locale.ROOT), 1L, Long::sum));
        LockFigures figures = new LockFigures(
                SOURCE,
                List.copyOf(history.processesWithApi()),
                List.copyOf(history.processesWithExactWaits()),
                holds.getTotalCount(),
                otherHolds,
                history.unfinishedHolds(),
                p(holds, 50),
                p(holds, 99),
                max(holds),
                ms(transactions.stream().mapToLong(LockHistory.Hold::nanos).sum()),
                waits.getTotalCount(),
                history.waits().stream().filter(w -> !w.granted()).count(),
                p(waits, 50),
                p(waits, 99),
                max(waits),
                ms(history.waits().stream().mapToLong(LockHistory.Wait::nanos).sum()),
                busyByCode,
                atOnce,
                PerTransaction.of(transactions),
                processes,
                statements.stream().limit(20).toList(),
                runs,
                blame.stream().limit(10).toList(),
                longest,
                Math.max(0, history.databaseFiles().size() - 1),
                null);
        return figures.withStory(RecordStory.of(figures, history));
    }

    LockFigures withStory(String text) {
        return new LockFigures(
                source,
                processesWithSqliteApi,
                processesWithExactWaits,
                transactions,
                otherHolds,
                unfinishedHolds,
                holdP50Ms,
                holdP99Ms,
                holdMaxMs,
                holdTotalMs,
                waits,
                waitsGivenUp,
                waitP50Ms,
                waitP99Ms,
                waitMaxMs,
                waitTotalMs,
                busyByCode,
                busyWithoutWaiting,
                perTransaction,
                processes,
                statements,
                runs,
                blame,
                longestHolds,
                replacements,
                text);
    }

    private static final long HIGHEST = 3_600_000_000_000L;

    static Histogram histogram() {
        return new Histogram(1, HIGHEST, 3);
    }

    private static long clamp(long nanos) {
        return Math.max(1, Math.min(HIGHEST, nanos));
    }

    private static double p(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : ms(h.getValueAtPercentile(percentile));
    }

    private static double max(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : ms(h.getMaxValue());
    }

    private static double total(Histogram h) {
        return ms((long) (h.getMean() * h.getTotalCount()));
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
