package io.lockbench.harness.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockbench.harness.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a synthetic Claude Code transcript tree ({@code <out>/<project-dir>/<session>.jsonl}) with the
 * traits that make real transcripts hard to count: a response streamed over several lines that each
 * repeat its usage (the first with a placeholder output count), tool calls and their results, system
 * and snapshot lines, summaries at the top of later files, sessions that replay the last record of the
 * session they continue, and subagent files under {@code <session>/subagents/}.
 */
public final class CorpusGenerator {

    /** What was written, for the caller to report. */
    public record Corpus(Path root, int files, long lines, long bytes, long responses) {}

    private static final String[] MODELS = {
        "claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-haiku-4-5-20251001"
    };
    private static final String[] TOOLS = {"Bash", "Read", "Edit", "Grep", "Glob", "Write"};
    private static final String[] WORDS =
            ("the build test fails because null check missing in parser so we add a guard and rerun"
                            + " module import session timeline lock wait batch size commit writer reader snapshot")
                    .split(" ");

    private final ObjectMapper json = Json.MAPPER;
    private final CorpusSpec spec;
    private final Random random;
    private long lines;
    private long bytes;
    private long responses;
    private int files;

    public CorpusGenerator(CorpusSpec spec) {
        this.spec = spec;
        this.random = new Random(spec.seed());
    }

    public Corpus writeTo(Path out) {
        try {
            Files.createDirectories(out);
            long sessionSpacing = Math.max(1, (long) spec.days() * 86_400_000L / spec.sessions());
            ObjectNode previousLast = null;
            for (int s = 0; s < spec.sessions(); s++) {
                String project = "-home-dev-project-" + (s % spec.projects());
                Path dir = Files.createDirectories(out.resolve(project));
                String sessionId = uuid().toString();
                long t = spec.start().toEpochMilli() + s * sessionSpacing + random.nextInt(60_000);
                boolean continues = previousLast != null && random.nextInt(10) == 0;
                List<ObjectNode> records = new ArrayList<>();
                if (continues) {
                    records.add(previousLast);
                }
                if (s > 0 && random.nextInt(8) == 0 && previousLast != null) {
                    ObjectNode summary = json.createObjectNode();
                    summary.put("type", "summary")
                            .put("summary", sentence(6))
                            .put("leafUuid", previousLast.path("uuid").asText());
                    records.add(0, summary);
                }
                t = session(records, sessionId, project, t);
                previousLast = lastAssistant(records);
                write(dir.resolve(sessionId + ".jsonl"), records);
                if (random.nextInt(5) == 0) {
                    List<ObjectNode> agent = new ArrayList<>();
                    String agentId = Long.toHexString(random.nextLong() & 0xfffffffL);
                    subagent(agent, sessionId, agentId, t - 60_000);
                    Path agentDir =
                            Files.createDirectories(dir.resolve(sessionId).resolve("subagents"));
                    write(agentDir.resolve("agent-" + agentId + ".jsonl"), agent);
                }
            }
            return new Corpus(out, files, lines, bytes, responses);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long session(List<ObjectNode> records, String sessionId, String project, long t) {
        String cwd = "/home/dev/" + project.substring("-home-dev-".length());
        String parent = null;
        for (int turn = 0; turn < spec.turns(); turn++) {
            ObjectNode user = envelope("user", sessionId, cwd, parent, t);
            user.putObject("message").put("role", "user").put("content", sentence(spec.textBytes() / 6));
            records.add(user);
            parent = user.get("uuid").asText();
            t += 2_000 + random.nextInt(20_000);
            if (random.nextInt(6) == 0) {
                ObjectNode snapshot = json.createObjectNode();
                snapshot.put("type", "file-history-snapshot")
                        .put("messageId", parent)
                        .put("isSnapshotUpdate", false);
                snapshot.putObject("snapshot")
                        .put("messageId", parent)
                        .put("timestamp", Instant.ofEpochMilli(t).toString());
                records.add(snapshot);
            }
            parent = response(records, sessionId, cwd, parent, t, false, null);
            t += 5_000 + random.nextInt(60_000);
            if (random.nextInt(4) == 0) {
                ObjectNode system = envelope("system", sessionId, cwd, parent, t);
                system.put("subtype", "turn_duration")
                        .put("durationMs", 1000 + random.nextInt(90_000))
                        .put("isMeta", false);
                records.add(system);
            }
        }
        return t;
    }

    private void subagent(List<ObjectNode> records, String sessionId, String agentId, long t) {
        String parent = null;
        for (int turn = 0; turn < Math.max(1, spec.turns() / 5); turn++) {
            parent = response(records, sessionId, "/home/dev", parent, t, true, agentId);
            t += 3_000 + random.nextInt(10_000);
        }
    }

    /** One API response streamed over several lines, plus the tool result it asked for. */
    private String response(
            List<ObjectNode> records,
            String sessionId,
            String cwd,
            String parent,
            long t,
            boolean sidechain,
            String agentId) {
        responses++;
        String messageId = "msg_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        String requestId = "req_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        String model = MODELS[random.nextInt(MODELS.length)];
        long input = 3L + random.nextInt(2000);
        long output = 20L + random.nextInt(3000);
        long cacheCreation = random.nextInt(3) == 0 ? random.nextInt(30_000) : 0;
        long cacheRead = random.nextInt(50_000);
        List<ObjectNode> blocks = new ArrayList<>();
        if (random.nextBoolean()) {
            blocks.add(json.createObjectNode()
                    .put("type", "thinking")
                    .put("thinking", sentence(spec.textBytes() / 8))
                    .put("signature", "sig"));
        }
        blocks.add(json.createObjectNode().put("type", "text").put("text", sentence(spec.textBytes() / 6)));
        String toolUseId = null;
        if (random.nextInt(3) > 0) {
            toolUseId = "toolu_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
            ObjectNode tool = json.createObjectNode()
                    .put("type", "tool_use")
                    .put("id", toolUseId)
                    .put("name", TOOLS[random.nextInt(TOOLS.length)]);
            tool.putObject("input").put("command", sentence(8));
            blocks.add(tool);
        }
        for (int i = 0; i < blocks.size(); i++) {
            ObjectNode line = envelope("assistant", sessionId, cwd, parent, t + i * 300L);
            if (sidechain) {
                line.put("isSidechain", true).put("agentId", agentId);
            }
            line.put("requestId", requestId);
            ObjectNode message = line.putObject("message");
            message.put("id", messageId)
                    .put("type", "message")
                    .put("role", "assistant")
                    .put("model", model);
            message.putArray("content").add(blocks.get(i));
            message.putNull("stop_reason");
            ObjectNode usage = message.putObject("usage");
            usage.put("input_tokens", input)
                    .put("cache_creation_input_tokens", cacheCreation)
                    .put("cache_read_input_tokens", cacheRead);
            usage.putObject("cache_creation")
                    .put("ephemeral_5m_input_tokens", cacheCreation)
                    .put("ephemeral_1h_input_tokens", 0);
            // The first streamed line carries a placeholder output count; the final count comes later.
            usage.put("output_tokens", i == 0 && blocks.size() > 1 ? 1 + random.nextInt(9) : output)
                    .put("service_tier", "standard");
            records.add(line);
            parent = line.get("uuid").asText();
        }
        if (toolUseId != null) {
            ObjectNode result = envelope("user", sessionId, cwd, parent, t + blocks.size() * 300L + 1500);
            if (sidechain) {
                result.put("isSidechain", true).put("agentId", agentId);
            }
            boolean error = random.nextInt(10) == 0;
            ArrayNode content = result.putObject("message").put("role", "user").putArray("content");
            content.addObject()
                    .put("type", "tool_result")
                    .put("tool_use_id", toolUseId)
                    .put("content", sentence(spec.textBytes() / 4))
                    .put("is_error", error);
            result.putObject("toolUseResult")
                    .put("stdout", sentence(10))
                    .put("stderr", "")
                    .put("interrupted", false);
            records.add(result);
            parent = result.get("uuid").asText();
        }
        return parent;
    }

    private ObjectNode envelope(String type, String sessionId, String cwd, String parent, long t) {
        ObjectNode node = json.createObjectNode();
        node.put("type", type).put("uuid", uuid().toString());
        if (parent == null) {
            node.putNull("parentUuid");
        } else {
            node.put("parentUuid", parent);
        }
        node.put("sessionId", sessionId)
                .put("timestamp", Instant.ofEpochMilli(t).toString())
                .put("cwd", cwd)
                .put("gitBranch", "main")
                .put("version", "2.1.41")
                .put("userType", "external")
                .put("isSidechain", false);
        return node;
    }

    private ObjectNode lastAssistant(List<ObjectNode> records) {
        for (int i = records.size() - 1; i >= 0; i--) {
            if ("assistant".equals(records.get(i).path("type").asText())) {
                return records.get(i);
            }
        }
        return null;
    }

    private void write(Path file, List<ObjectNode> records) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (ObjectNode record : records) {
                String line = json.writeValueAsString(record);
                if (spec.malformedRate() > 0 && random.nextDouble() < spec.malformedRate()) {
                    line = line.substring(0, line.length() / 2);
                }
                out.write(line);
                out.write('\n');
                lines++;
                bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        files++;
    }

    private UUID uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }

    private String sentence(int approxBytes) {
        StringBuilder text = new StringBuilder(approxBytes + 16);
        int target = Math.max(8, approxBytes / 2 + random.nextInt(Math.max(1, approxBytes)));
        while (text.length() < target) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
