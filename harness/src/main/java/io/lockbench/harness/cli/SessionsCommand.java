package io.lockbench.harness.cli;

import io.lockbench.harness.text.Visible;
import io.lockbench.store.SessionStore;
import io.lockbench.store.query.SessionDetail;
import io.lockbench.store.query.SessionPage;
import io.lockbench.store.query.SessionQueries;
import io.lockbench.store.query.SessionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = "List sessions (newest activity first), the sessions active in a recent window, or one session.")
final class SessionsCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--id", paramLabel = "SESSION", description = "Show one session in detail.")
    String id;

    @Option(
            names = "--active",
            paramLabel = "MINUTES",
            description = "Only sessions active in the last MINUTES (relative to --now).")
    Integer activeMinutes;

    @Option(
            names = "--now",
            paramLabel = "INSTANT",
            description = "Reference time for --active (default: the current time).")
    Instant now;

    @Option(names = "--limit", defaultValue = "20", description = "Page size (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Page start (default: ${DEFAULT-VALUE}).")
    int offset;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > SessionQueries.MAX_PAGE) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--limit must be between 1 and " + SessionQueries.MAX_PAGE + " but was " + limit);
        }
        if (offset < 0) {
            throw new ParameterException(spec.commandLine(), "--offset must be 0 or more but was " + offset);
        }
        if (activeMinutes != null && activeMinutes < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--active must be 1 or more minutes but was " + activeMinutes);
        }
        try (SessionStore opened = store.openReadOnly()) {
            if (id != null) {
                Optional<SessionDetail> detail = opened.queries().session(id);
                if (detail.isEmpty()) {
                    spec.commandLine().getErr().println("lockbench: no session " + Visible.of(id));
                    return LockbenchCommand.FAILED;
                }
                if (json) {
                    Output.json(spec.commandLine().getOut(), detail.get());
                } else {
                    SessionDetail d = detail.get();
                    Output.sessionTable(spec.commandLine().getOut(), List.of(d.session()));
                    spec.commandLine()
                            .getOut()
                            .printf(
                                    Locale.ROOT,
                                    "messages by type: %s; sidechain messages: %d; tool calls: %d (%d errors)%n",
                                    d.messagesByType(),
                                    d.sidechainMessages(),
                                    d.toolCalls(),
                                    d.toolErrors());
                }
                return LockbenchCommand.OK;
            }
            if (activeMinutes != null) {
                Instant since = (now == null ? Instant.now() : now).minus(Duration.ofMinutes(activeMinutes));
                List<SessionSummary> active = opened.queries().activeSessions(since);
                if (json) {
                    Output.json(spec.commandLine().getOut(), active);
                } else {
                    Output.sessionTable(spec.commandLine().getOut(), active);
                    spec.commandLine()
                            .getOut()
                            .printf(Locale.ROOT, "%d sessions active since %s%n", active.size(), since);
                }
                return LockbenchCommand.OK;
            }
            SessionPage page = opened.queries().listSessions(offset, limit);
            if (json) {
                Output.json(spec.commandLine().getOut(), page);
            } else {
                Output.sessionTable(spec.commandLine().getOut(), page.sessions());
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "sessions %d-%d of %d%n",
                                Math.min(page.totalSessions(), offset + 1L),
                                Math.min(
                                        page.totalSessions(),
                                        (long) offset + page.sessions().size()),
                                page.totalSessions());
            }
            return LockbenchCommand.OK;
        }
    }
}
