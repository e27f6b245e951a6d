package io.lockbench.harness.cli;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.Visible;
import io.lockbench.store.query.SessionSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/** Shared output formats of the query commands. */
final class Output {

    private Output() {}

    static void json(PrintWriter out, Object value) {
        try {
            out.println(Json.pretty().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sessionTable(PrintWriter out, List<SessionSummary> sessions) {
        out.printf(
                Locale.ROOT,
                "%-36s %-26s %-20s %8s %12s  %s%n",
                "session",
                "project",
                "last activity (UTC)",
                "messages",
                "tokens",
                "summary");
        for (SessionSummary s : sessions) {
            out.printf(
                    Locale.ROOT,
                    "%-36s %-26s %-20s %8d %12d  %s%n",
                    Visible.of(s.sessionId()),
                    Visible.of(s.projectDir(), 26),
                    s.lastActivity() == null
                            ? "-"
                            : s.lastActivity().toString().replace("T", " ").substring(0, 19),
                    s.messages(),
                    s.tokens().total(),
                    s.summary() == null ? "" : Visible.of(s.summary(), 40));
        }
    }
}
