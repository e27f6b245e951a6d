package io.lockbench.store.importer;

/** The rows one transcript line turns into, ready for the writer. */
final class SessionRows {

    private SessionRows() {}

    record MessageRow(
            String uuid,
            String sessionId,
            long lineNo,
            String type,
            String parentUuid,
            String agentId,
            boolean sidechain,
            boolean meta,
            Long ts,
            String messageId,
            String requestId,
            String model,
            String role,
            String textPreview) {}

    /**
     * One response's usage. {@code ts} is the earliest of its lines (with the session, agent and
     * sidechain flag of that line); the figures and {@code figuresTs} come from the line the usage
     * policy picked.
     */
    record UsageRow(
            String messageId,
            String requestId,
            String sessionId,
            String uuid,
            String agentId,
            boolean sidechain,
            String model,
            String serviceTier,
            long ts,
            long figuresTs,
            long input,
            long output,
            long cacheCreation,
            long cache5m,
            long cache1h,
            long cacheRead) {}

    record ToolUseRow(String toolUseId, String sessionId, String uuid, String name, String inputJson, Long ts) {}

    record ToolResultRow(
            String toolUseId, String sessionId, String uuid, boolean error, String preview, long chars, Long ts) {}

    record SummaryRow(String leafUuid, String summary) {}

    /** What one line says about its session: first and last activity, and where the session ran. */
    record SessionTouch(String sessionId, String projectDir, String cwd, String gitBranch, String version, Long ts) {}
}
