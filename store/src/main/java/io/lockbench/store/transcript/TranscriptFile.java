package io.lockbench.store.transcript;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a transcript file sits in {@code <root>/<project-dir>/...} and so which session it belongs to.
 *
 * <ul>
 *   <li>{@code <project>/<uuid>.jsonl}: a session, keyed by the file stem;</li>
 *   <li>{@code <project>/<uuid>/subagents/agent-<id>.jsonl}: a subagent of session {@code <uuid>};</li>
 *   <li>{@code <project>/agent-<id>.jsonl}: an older subagent file; its records name the parent session.</li>
 * </ul>
 * A subagent file is never a session of its own. Any other {@code .jsonl} file is not a transcript.
 */
public record TranscriptFile(Path path, String projectDir, Kind kind, String sessionId, String agentId) {

    public enum Kind {
        SESSION,
        SUBAGENT
    }

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Classifies {@code file} relative to the transcripts {@code root}; empty if it is not a transcript. */
    public static Optional<TranscriptFile> classify(Path root, Path file) {
        Path relative = root.relativize(file);
        int depth = relative.getNameCount();
        String name = relative.getFileName().toString();
        if (!name.endsWith(".jsonl") || depth < 2) {
            return Optional.empty();
        }
        String stem = name.substring(0, name.length() - ".jsonl".length());
        String project = relative.getName(0).toString();
        if (depth == 2 && UUID.matcher(stem).matches()) {
            return Optional.of(new TranscriptFile(file, project, Kind.SESSION, stem, null));
        }
        if (!stem.startsWith("agent-")) {
            return Optional.empty();
        }
        String agent = stem.substring("agent-".length());
        if (depth == 2) {
            return Optional.of(new TranscriptFile(file, project, Kind.SUBAGENT, null, agent));
        }
        if (depth == 4
                && relative.getName(2).toString().equals("subagents")
                && UUID.matcher(relative.getName(1).toString()).matches()) {
            return Optional.of(new TranscriptFile(
                    file, project, Kind.SUBAGENT, relative.getName(1).toString(), agent));
        }
        return Optional.empty();
    }

    /**
     * The session a record of this file belongs to: the one the record names (a resumed session's file
     * replays records of the session it continues, and they stay that session's whichever file is read
     * first), else the one the file's name or place says, else null.
     */
    public String sessionFor(String recordSessionId) {
        return recordSessionId != null && !recordSessionId.isEmpty() ? recordSessionId : sessionId;
    }
}
