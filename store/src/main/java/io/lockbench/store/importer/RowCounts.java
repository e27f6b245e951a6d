package io.lockbench.store.importer;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rows inserted or changed per table during one import (rows left as they were are not counted). */
final class RowCounts {
    long sessions;
    long messages;
    long tokenUsage;
    long toolResults;
    long summaries;
    long importErrors;

    void add(RowCounts other) {
        sessions += other.sessions;
        messages += other.messages;
        tokenUsage += other.tokenUsage;
        toolResults += other.toolResults;
        summaries += other.summaries;
        importErrors += other.importErrors;
    }

    Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sessions", sessions);
        m.put("messages", messages);
        m.put("token_usage", tokenUsage);
        m.put("tool_results", toolResults);
        m.put("summaries", summaries);
        m.put("import_errors", importErrors);
        return m;
    }
}
