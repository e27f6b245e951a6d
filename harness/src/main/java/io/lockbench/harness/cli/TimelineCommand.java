package io.lockbench.harness.cli;

import io.lockbench.store.SessionStore;
import io.lockbench.store.query.Bucket;
import io.lockbench.store.query.TimelinePoint;
import io.lockbench.store.query.TokenTimeline;
import io.lockbench.store.transcript.Timestamps;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "timeline",
        mixinStandardHelpOptions = true,
        description = "Token use over time for one session or for all sessions, bucketed by UTC minute, hour or day.")
final class TimelineCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(
            names = "--session",
            paramLabel = "SESSION",
            description = "One session's timeline (default: all sessions).")
    String session;

    @Option(
            names = "--bucket",
            defaultValue = "day",
            converter = ChoiceConverters.BucketConverter.class,
            description = "minute, hour or day (default: ${DEFAULT-VALUE}).")
    Bucket bucket;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description = "Start, inclusive (all sessions only; default: the earliest the store keeps).")
    Instant from;

    @Option(
            names = "--to",
            paramLabel = "INSTANT",
            description = "End, exclusive (all sessions only; default: after the latest the store keeps).")
    Instant to;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Instant start = from == null ? Timestamps.MIN : from;
        Instant end = to == null ? Timestamps.END : to;
        if (!Timestamps.representable(start)) {
            throw new ParameterException(
                    spec.commandLine(), "--from must be between " + Timestamps.MIN + " and 9999-12-31 but was " + from);
        }
        if (end.isAfter(Timestamps.END) || end.isBefore(Timestamps.MIN)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--to must be between " + Timestamps.MIN + " and " + Timestamps.END + " but was " + to);
        }
        if (!start.isBefore(end)) {
            throw new ParameterException(
                    spec.commandLine(), "--from (" + start + ") must be before --to (" + end + ")");
        }
        try (SessionStore opened = store.openReadOnly()) {
            TokenTimeline timeline;
            if (session != null) {
                Optional<TokenTimeline> found = opened.queries().sessionTimeline(session, bucket);
                if (found.isEmpty()) {
                    spec.commandLine().getErr().println("lockbench: no session " + session);
                    return LockbenchCommand.FAILED;
                }
                timeline = found.get();
            } else {
                timeline = opened.queries().globalTimeline(bucket, start, end);
            }
            if (json) {
                Output.json(spec.commandLine().getOut(), timeline);
                return LockbenchCommand.OK;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%-20s %9s %12s %12s %14s %14s%n",
                            "bucket (UTC)",
                            "requests",
                            "input",
                            "output",
                            "cache_create",
                            "cache_read");
            for (TimelinePoint p : timeline.points()) {
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "%-20s %9d %12d %12d %14d %14d%n",
                                p.bucketStart().toString().replace("T", " ").replace(":00Z", ""),
                                p.tokens().requests(),
                                p.tokens().input(),
                                p.tokens().output(),
                                p.tokens().cacheCreation(),
                                p.tokens().cacheRead());
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%-20s %9d %12d %12d %14d %14d%n",
                            "total",
                            timeline.total().requests(),
                            timeline.total().input(),
                            timeline.total().output(),
                            timeline.total().cacheCreation(),
                            timeline.total().cacheRead());
            return LockbenchCommand.OK;
        }
    }
}
