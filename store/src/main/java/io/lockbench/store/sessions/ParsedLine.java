package io.lockbench.store.sessions;

import io.lockbench.store.sessions.SessionRows.MessageRow;
import io.lockbench.store.sessions.SessionRows.SessionTouch;
import io.lockbench.store.sessions.SessionRows.SummaryRow;
import io.lockbench.store.sessions.SessionRows.ToolResultRow;
import io.lockbench.store.sessions.SessionRows.ToolUseRow;
import io.lockbench.store.sessions.SessionRows.UsageRow;
import java.util.List;

/** One well-formed transcript line, as rows. Any part may be absent. */
record ParsedLine(
        String type,
        boolean knownType,
        SessionTouch session,
        MessageRow message,
        UsageRow usage,
        List<ToolUseRow> toolUses,
        List<ToolResultRow> toolResults,
        SummaryRow summary) {}
