package io.lockbench.harness.record;

import io.lockbench.harness.text.Visible;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paragraph {@code record} leads with: the worst of what happened to the write lock, in the words of
 * someone chasing {@code database is locked}: who held it longest over how many back-to-back
 * transactions and beginning with which statement, who waited how long, who gave up with which code,
 * and what that code means.
 */
final class RecordStory {

    private RecordStory() {}

    static String of(LockFigures f, LockHistory history) {
        List<String> sentences = new ArrayList<>();
        sentences.add(String.format(
                Locale.ROOT,
                "%d write transaction%s by %d process%s: hold p50 %s, p99 %s, max %s%s.",
                f.transactions(),
                f.transactions() == 1 ? "" : "s",
                f.processes().size(),
                f.processes().size() == 1 ? "" : "es",
                ms(f.holdP50Ms()),
                ms(f.holdP99Ms()),
                ms(f.holdMaxMs()),
                f.waits() == 0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; %d wait%s for the lock, p99 %s, max %s",
                                f.waits(),
                                f.waits() == 1 ? "" : "s",
                                ms(f.waitP99Ms()),
                                ms(f.waitMaxMs()))));
        LockFigures.RunFigures run = f.runs().stream()
                .filter(LockFigures.RunFigures::starvation)
                .findFirst()
                .orElse(
                        f.runs().isEmpty() || f.runs().get(0).transactions() < 2
                                ? null
                                : f.runs().get(0));
        if (run != null) {
            sentences.add(String.format(
                    Locale.ROOT,
                    "The worst of it: pid %d (%s) held the write lock for %s over %d back-to-back transactions%s"
                            + " (%s of it held), while %s waited, up to %s%s.",
                    run.pid(),
                    command(run.command()),
                    ms(run.spanMs()),
                    run.transactions(),
                    statement(run.firstStatement(), " beginning with "),
                    ms(run.heldMs()),
                    processes(run.waiterPids()),
                    ms(run.longestWaitMs()),
                    run.starvation()
                            ? String.format(
                                    Locale.ROOT,
                                    "; it took the lock again %d time%s while they slept in SQLite's busy handler"
                                            + " (busy-handler starvation: a sleeping waiter cannot see the lock come"
                                            + " free)",
                                    run.retakenWhileWaited(),
                                    run.retakenWhileWaited() == 1 ? "" : "s")
                            : ""));
        } else if (!f.longestHolds().isEmpty() && f.waits() > 0) {
            Map<String, Object> h = f.longestHolds().get(0);
            sentences.add(String.format(
                    Locale.ROOT,
                    "The longest hold: %s by pid %s (%s)%s.",
                    ms(((Number) h.get("held_ms")).doubleValue()),
                    h.get("pid"),
                    command(String.valueOf(h.get("command"))),
                    statement((String) h.get("statement"), " in a transaction beginning with ")));
        }
        for (Map.Entry<String, Long> code : f.busyByCode().entrySet()) {
            List<LockHistory.BusyReturn> these = history.busy().stream()
                    .filter(b -> b.code().equals(code.getKey()))
                    .toList();
            long atOnce = these.stream().filter(b -> b.waitedNanos() == 0).count();
            long waited = these.size() - atOnce;
            double longest = LockFigures.ms(these.stream()
                    .mapToLong(LockHistory.BusyReturn::waitedNanos)
                    .max()
                    .orElse(0));
            String how = waited == 0
                    ? "at once, without waiting"
                    : atOnce == 0
                            ? "after waiting up to " + ms(longest)
                            : String.format(
                                    Locale.ROOT, "%d after waiting up to %s, %d at once", waited, ms(longest), atOnce);
            String holder = f.blame().stream()
                    .filter(b -> b.busyByCode().containsKey(code.getKey()))
                    .findFirst()
                    .map(b -> String.format(
                            Locale.ROOT,
                            "; at %d of them pid %d (%s) held the lock or had just written%s",
                            b.busyByCode().get(code.getKey()),
                            b.pid(),
                            command(b.command()),
                            statement(b.statement(), ", in a transaction beginning with ")))
                    .orElse("");
            sentences.add(String.format(
                    Locale.ROOT,
                    "%d call%s failed with %s (%s)%s.%s",
                    code.getValue(),
                    code.getValue() == 1 ? "" : "s",
                    code.getKey(),
                    how,
                    holder,
                    meaning(code.getKey())));
        }
        if (f.busyByCode().isEmpty() && f.waits() == 0) {
            sentences.add("No process waited for the lock and no call returned SQLITE_BUSY.");
        }
        if (f.replacements() > 0) {
            sentences.add(String.format(
                    Locale.ROOT,
                    "The database was replaced %d time%s while recorded (deleted and created again, or renamed over);"
                            + " every file under its path was measured.",
                    f.replacements(),
                    f.replacements() == 1 ? "" : "s"));
        }
        return String.join(" ", sentences);
    }

    private static String meaning(String code) {
        return switch (code) {
            case "SQLITE_BUSY_SNAPSHOT" ->
                " A deferred transaction that read first cannot take the write lock once"
                        + " another connection has written since its read began; no timeout helps: BEGIN IMMEDIATE does.";
            case "SQLITE_BUSY_RECOVERY" ->
                " Another connection was recovering the WAL index (after a crash or the" + " last connection closing).";
            case "SQLITE_LOCKED", "SQLITE_LOCKED_SHAREDCACHE" ->
                " A conflict inside one connection or shared cache,"
                        + " not with another process: a statement still running on the same connection, or a table another"
                        + " connection of the shared cache has locked.";
            default -> "";
        };
    }

    private static String processes(List<Long> pids) {
        if (pids.size() == 1) {
            return "pid " + pids.get(0);
        }
        return pids.size() + " other processes";
    }

    private static String statement(String statement, String prefix) {
        return statement == null ? "" : prefix + "`" + Visible.of(statement, 80) + "`";
    }

    private static String command(String command) {
        return Visible.of(command == null || command.isBlank() ? "?" : command.strip(), 50);
    }

    static String ms(double ms) {
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000);
        }
        return String.format(Locale.ROOT, ms >= 10 ? "%.0f ms" : "%.2f ms", ms);
    }
}
