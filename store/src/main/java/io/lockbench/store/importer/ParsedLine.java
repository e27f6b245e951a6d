package io.lockbench.store.importer;

import io.lockbench.store.importer.SessionRows.MessageRow;
import io.lockbench.store.importer.SessionRows.SessionTouch;
import io.lockbench.store.importer.SessionRows.SummaryRow;
import io.lockbench.store.importer.SessionRows.ToolResultRow;
import io.lockbench.store.importer.SessionRows.ToolUseRow;
import io.lockbench.store.importer.SessionRows.UsageRow;
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
