package io.lockbench.harness.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.lockbench.harness.text.BoundedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed YAML file and the line of every key in it, so validation errors can point at
 * {@code file:line}. Paths are written {@code store.batch_size} and {@code workloads[2].threads}.
 */
final class YamlDocument {

    /** Scenario files are a page or two; anything near this is a mistake or an attack. */
    static final int MAX_BYTES = 1 << 20;

    private static final int MAX_NESTING = 64;
    private static final int MAX_STRING = 100_000;

    // YAML 1.2 reads yes/no/on/off as words: `synchronous: off` is the setting off, not the boolean false.
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(MAX_STRING)
                    .build())
            .build();
    /** The one YAML codec: scenario files, and --set values read as YAML scalars. */
    static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    final Path file;
    final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(Path file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    static YamlDocument read(Path file) {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ScenarioException(null, "scenario", file + " is a directory; give a scenario file");
            }
            if (!Files.exists(file)) {
                throw new ScenarioException(null, "scenario", "file " + file + " does not exist");
            }
            byte[] bytes;
            try {
                bytes = BoundedFiles.read(file, MAX_BYTES);
            } catch (BoundedFiles.TooLargeException e) {
                throw new ScenarioException(
                        null, "scenario", e.getMessage() + "; scenario files are limited to " + MAX_BYTES);
            } catch (BoundedFiles.UnreadableFileException e) {
                throw new ScenarioException(null, "scenario", e.getMessage());
            }
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new ScenarioException(null, "scenario", "file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ScenarioException(file.toString(), "scenario", "not UTF-8 text");
        } catch (IOException e) {
            throw new ScenarioException(null, "scenario", "cannot read " + file + ": " + e.getMessage());
        }
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                throw new ScenarioException(
                        file.toString(), "scenario", "expected a YAML mapping with store, seed, run and workloads");
            }
            return new YamlDocument(file, root, lines(file, text));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String original = String.valueOf(e.getOriginalMessage());
            // SnakeYAML says where it really stopped in its own text ("in 'reader', line 2, column 1").
            Matcher at = Pattern.compile("line (\\d+), column \\d+").matcher(original);
            if (at.find()) {
                line = Integer.parseInt(at.group(1));
            }
            String message = original.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty()
                            && !l.startsWith("in 'reader'")
                            && !l.startsWith("^")
                            && !l.startsWith("at [Source"))
                    .limit(2)
                    .reduce((a, b) -> a + ": " + b)
                    .orElse("not valid YAML");
            if (message.startsWith("while scanning") || message.startsWith("while parsing")) {
                message = message.substring(message.indexOf(": ") + 2);
            }
            if (e instanceof StreamConstraintsException) {
                // Jackson names its own API (`StreamReadConstraints.getMaxNestingDepth()`); say the limit instead.
                message = message.contains("nesting depth")
                        ? "nested more than " + MAX_NESTING + " levels deep; a scenario needs a handful"
                        : message.contains("String value length")
                                ? "a value longer than " + MAX_STRING + " characters"
                                : message.replaceAll(", from `[^`]*`", "");
            }
            throw new ScenarioException(file + (line > 0 ? ":" + line : ""), "scenario", "not valid YAML: " + message);
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), "scenario", "cannot parse: " + e.getMessage());
        }
    }

    /** {@code file:line} of a key path, or the file alone when the key is not in it. */
    String where(String path) {
        Integer line = lines.get(path);
        return line == null ? file.toString() : file + ":" + line;
    }

    /** A whole number as YAML 1.2 and a person read it alike: decimal digits with an optional sign. */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9]*)");

    /**
     * Why {@code text}, read as a whole number by the YAML parser (YAML 1.1: {@code 0100} is octal 64,
     * {@code 0x10} is 16), is refused, or null when it is plain decimal.
     */
    static String otherBase(String text, Number value) {
        if (DECIMAL.matcher(text).matches()) {
            return null;
        }
        String digits = text.replaceFirst("^([-+]?)0+(?=[0-9])", "$1");
        boolean octal = !text.toLowerCase(java.util.Locale.ROOT).contains("x") && !digits.equals(text);
        return "'" + text + "' is " + value + " to YAML 1.1 (a leading 0 makes it octal, 0x hexadecimal); write"
                + " the number in decimal: " + value + (octal ? ", or " + digits + " if that was meant" : "");
    }

    private static Map<String, Integer> lines(Path file, String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.createParser(text)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<int[]> arrayIndex = new ArrayDeque<>();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case FIELD_NAME -> {
                        String prefix = path.isEmpty() ? "" : path.peek() + ".";
                        lines.putIfAbsent(
                                prefix + parser.currentName(),
                                parser.currentTokenLocation().getLineNr());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String here = containerPath(parser, path, arrayIndex);
                        if (here != null) {
                            lines.putIfAbsent(
                                    here, parser.currentTokenLocation().getLineNr());
                        }
                        path.push(here == null ? "" : here);
                        arrayIndex.push(new int[] {token == JsonToken.START_ARRAY ? 0 : -1});
                    }
                    case END_OBJECT, END_ARRAY -> {
                        path.pop();
                        arrayIndex.pop();
                    }
                    default -> {
                        String here = containerPath(parser, path, arrayIndex);
                        if (token == JsonToken.VALUE_NUMBER_INT) {
                            String problem = otherBase(parser.getText(), parser.getNumberValue());
                            if (problem != null) {
                                throw new ScenarioException(
                                        file + ":"
                                                + parser.currentTokenLocation().getLineNr(),
                                        here,
                                        problem);
                            }
                        }
                    }
                }
            }
        }
        return lines;
    }

    /** The path of the value at the parser's token; advances the index when the value sits in an array. */
    private static String containerPath(JsonParser parser, Deque<String> path, Deque<int[]> arrayIndex)
            throws IOException {
        if (path.isEmpty()) {
            return null;
        }
        int[] index = arrayIndex.peek();
        if (index[0] >= 0) {
            return path.peek() + "[" + index[0]++ + "]";
        }
        String prefix = path.peek().isEmpty() ? "" : path.peek() + ".";
        return prefix + parser.currentName();
    }
}
