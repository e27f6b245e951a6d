package io.lockbench.store.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.lockbench.store.importer.SessionRows.MessageRow;
import io.lockbench.store.importer.SessionRows.SessionTouch;
import io.lockbench.store.importer.SessionRows.SummaryRow;
import io.lockbench.store.importer.SessionRows.ToolResultRow;
import io.lockbench.store.importer.SessionRows.ToolUseRow;
import io.lockbench.store.importer.SessionRows.UsageRow;
import io.lockbench.store.importer.TranscriptRecord.Usage;
import io.lockbench.store.transcript.Timestamps;
import io.lockbench.store.transcript.TranscriptFile;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns one transcript line into rows. Lenient about what it does not use (unknown record types and
 * fields), strict about what it stores: token counts must be non-negative whole numbers, and a line
 * with usage needs an id and a valid timestamp, or its tokens could not be counted exactly once.
 */
final class TranscriptParser {

    static final int PREVIEW_CHARS = 500;
    static final int INPUT_JSON_CHARS = 2000;
    /** 2^40 tokens: a million times the largest context window; a count above it is not a real response. */
    static final long MAX_TOKENS = 1L << 40;

    static final Set<String> KNOWN_TYPES = Set.of(
            "user",
            "assistant",
            "system",
            "summary",
            "attachment",
            "progress",
            "file-history-snapshot",
            "queue-operation",
            "permission-mode",
            "last-prompt",
            "ai-title",
            "custom-title",
            "compact_boundary");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A number or boolean where the format has text ("type": 42) is a broken line, not text.
            .withCoercionConfig(
                    LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    static {
        // Transcript lines legitimately carry multi-megabyte strings (tool output, base64 images);
        // nesting deeper than this is hostile input, not a transcript.
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNestingDepth(200)
                        .maxNumberLength(40)
                        .build());
    }

    private static final ObjectReader READER = MAPPER.readerFor(TranscriptRecord.class);

    private final TranscriptFile file;

    TranscriptParser(TranscriptFile file) {
        this.file = file;
    }

    ParsedLine parse(byte[] bytes, int length, long lineNo) throws MalformedLineException {
        TranscriptRecord record;
        try {
            record = READER.readValue(bytes, 0, length);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("invalid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new MalformedLineException("unreadable line: " + firstLine(e.getMessage()));
        }
        if (record == null) {
            throw new MalformedLineException("not a JSON object");
        }
        return toRows(record, lineNo);
    }

    private ParsedLine toRows(TranscriptRecord r, long lineNo) throws MalformedLineException {
        String type = r.type() == null ? "" : r.type();
        if (type.equals("summary")) {
            SummaryRow summary =
                    r.leafUuid() != null && r.summary() != null ? new SummaryRow(r.leafUuid(), r.summary()) : null;
            return new ParsedLine(type, true, null, null, null, List.of(), List.of(), summary);
        }
        String sessionId = file.sessionFor(r.sessionId());
        Long ts = parseTimestamp(r.timestamp());
        boolean sidechain = Boolean.TRUE.equals(r.isSidechain()) || file.kind() == TranscriptFile.Kind.SUBAGENT;
        String agentId = r.agentId() != null ? r.agentId() : file.agentId();
        TranscriptRecord.Message message = r.message();
        SessionTouch touch = null;
        MessageRow messageRow = null;
        UsageRow usageRow = null;
        List<ToolUseRow> toolUses = List.of();
        List<ToolResultRow> toolResults = List.of();
        if (sessionId != null && r.uuid() != null) {
            touch = new SessionTouch(
                    sessionId, file.projectDir(), r.cwd(), emptyToNull(r.gitBranch()), r.version(), ts);
            messageRow = new MessageRow(
                    r.uuid(),
                    sessionId,
                    lineNo,
                    type,
                    r.parentUuid(),
                    agentId,
                    sidechain,
                    Boolean.TRUE.equals(r.isMeta()),
                    ts,
                    message == null ? null : message.id(),
                    r.requestId(),
                    message == null ? null : message.model(),
                    message == null ? null : message.role(),
                    message == null ? null : textPreview(message.content()));
        }
        if (message != null && message.usage() != null) {
            if (sessionId == null) {
                throw new MalformedLineException(
                        "usage line without a sessionId in a subagent file that does not name its session");
            }
            usageRow = usage(r, message, sessionId, ts, agentId, sidechain);
        }
        if (message != null && message.content() != null && message.content().isArray() && sessionId != null) {
            toolUses = new ArrayList<>(0);
            toolResults = new ArrayList<>(0);
            for (JsonNode block : message.content()) {
                String blockType = block.path("type").asText("");
                if (blockType.equals("tool_use") && block.hasNonNull("id")) {
                    String input = block.has("input") ? cap(block.get("input").toString(), INPUT_JSON_CHARS) : null;
                    toolUses.add(new ToolUseRow(
                            block.get("id").asText(),
                            sessionId,
                            r.uuid(),
                            block.path("name").asText(null),
                            input,
                            ts));
                } else if (blockType.equals("tool_result") && block.hasNonNull("tool_use_id")) {
                    String text = contentText(block.get("content"));
                    toolResults.add(new ToolResultRow(
                            block.get("tool_use_id").asText(),
                            sessionId,
                            r.uuid(),
                            block.path("is_error").asBoolean(false),
                            cap(text, PREVIEW_CHARS),
                            text.length(),
                            ts));
                }
            }
        }
        return new ParsedLine(
                type, KNOWN_TYPES.contains(type), touch, messageRow, usageRow, toolUses, toolResults, null);
    }

    private static UsageRow usage(
            TranscriptRecord r,
            TranscriptRecord.Message message,
            String sessionId,
            Long ts,
            String agentId,
            boolean sidechain)
            throws MalformedLineException {
        Usage u = message.usage();
        if (u.inputTokens() == null || u.outputTokens() == null) {
            throw new MalformedLineException("usage without input_tokens and output_tokens");
        }
        if (ts == null) {
            throw new MalformedLineException("usage line without a valid timestamp");
        }
        String messageId = message.id() != null ? message.id() : r.uuid() != null ? "uuid:" + r.uuid() : null;
        if (messageId == null) {
            throw new MalformedLineException("usage line without message.id or uuid");
        }
        long cache5m = u.cacheCreation() == null
                ? 0
                : tokens(
                        "cache_creation.ephemeral_5m_input_tokens",
                        u.cacheCreation().ephemeral5m());
        long cache1h = u.cacheCreation() == null
                ? 0
                : tokens(
                        "cache_creation.ephemeral_1h_input_tokens",
                        u.cacheCreation().ephemeral1h());
        return new UsageRow(
                messageId,
                r.requestId() == null ? "" : r.requestId(),
                sessionId,
                r.uuid(),
                agentId,
                sidechain,
                message.model(),
                u.serviceTier(),
                ts,
                ts,
                tokens("input_tokens", u.inputTokens()),
                tokens("output_tokens", u.outputTokens()),
                tokens("cache_creation_input_tokens", u.cacheCreationInputTokens()),
                cache5m,
                cache1h,
                tokens("cache_read_input_tokens", u.cacheReadInputTokens()));
    }

    private static long tokens(String field, Long value) throws MalformedLineException {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw new MalformedLineException("negative token count in " + field + ": " + value);
        }
        if (value > MAX_TOKENS) {
            // A bound far above any real response keeps every sum over a store far below 2^63.
            throw new MalformedLineException("token count in " + field + " above 2^40: " + value);
        }
        return value;
    }

    /** Null when the line has no timestamp or one that is not ISO-8601; malformed when it is outside the store's range. */
    static Long parseTimestamp(String text) throws MalformedLineException {
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
        if (!Timestamps.representable(instant)) {
            throw new MalformedLineException("timestamp " + text + " outside " + Timestamps.RANGE);
        }
        return instant.toEpochMilli();
    }

    /** The first text of a message: the string content, or the first text block. */
    private static String textPreview(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return cap(content.asText(), PREVIEW_CHARS);
        }
        if (content.isArray()) {
            for (JsonNode block : content) {
                if ("text".equals(block.path("type").asText())
                        && block.path("text").isTextual()) {
                    return cap(block.get("text").asText(), PREVIEW_CHARS);
                }
            }
        }
        return null;
    }

    /** A tool result's content: a string, or text blocks joined by newlines (images are left out). */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode block : content) {
                if (block.path("text").isTextual()) {
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append(block.get("text").asText());
                }
            }
        }
        return text.toString();
    }

    static String cap(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return cap(newline < 0 ? message : message.substring(0, newline), 200);
    }
}
