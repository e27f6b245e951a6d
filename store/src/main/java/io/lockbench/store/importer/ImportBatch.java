package io.lockbench.store.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lines read and parsed for one transaction, with what they count for the report. Parsing happens
 * before the transaction begins, so the write lock is held only for the writes.
 */
final class ImportBatch {

    static final int EXCERPT_BYTES = 200;

    record BadLine(long lineNo, String reason, String excerpt) {}

    final List<ParsedLine> lines = new ArrayList<>();
    final List<BadLine> badLines = new ArrayList<>();
    final Map<String, Long> unknownTypes = new TreeMap<>();
    long startOffset;
    long endOffset;
    long endLineNo;
    long linesRead;
    long blankLines;
    boolean partialLinePending;

    int records() {
        return lines.size() + badLines.size();
    }

    boolean advancesOffset(long offset) {
        return endOffset > offset;
    }

    /** Reads until {@code maxRecords} records (parsed or malformed) or the end of the file. */
    static ImportBatch read(JsonlLineReader reader, TranscriptParser parser, int maxRecords, long offset, long lineNo)
            throws IOException {
        ImportBatch batch = new ImportBatch();
        batch.startOffset = offset;
        batch.endOffset = offset;
        batch.endLineNo = lineNo;
        while (batch.records() < maxRecords) {
            JsonlLineReader.Line line = reader.next();
            if (line == null) {
                break;
            }
            long number = batch.endLineNo + 1;
            if (line.oversized) {
                batch.badLines.add(new BadLine(number, line.oversizedReason, ""));
            } else if (isBlank(line.bytes, line.length)) {
                batch.blankLines++;
            } else {
                try {
                    ParsedLine parsed = parser.parse(line.bytes, line.length, number);
                    batch.lines.add(parsed);
                    if (!parsed.knownType()) {
                        batch.unknownTypes.merge(parsed.type().isEmpty() ? "(none)" : parsed.type(), 1L, Long::sum);
                    }
                } catch (OutOfMemoryError e) {
                    // The parse tree of a line under the limit did not fit: this line is lost, not the file.
                    batch.badLines.add(new BadLine(
                            number,
                            "line of " + line.length + " bytes too large to parse in the memory available",
                            ""));
                } catch (MalformedLineException e) {
                    if (!line.terminated) {
                        // The writer may still be appending to this line: leave it for the next import.
                        batch.partialLinePending = true;
                        break;
                    }
                    batch.badLines.add(new BadLine(number, e.getMessage(), excerpt(line.bytes, line.length)));
                }
            }
            batch.linesRead++;
            batch.endLineNo = number;
            batch.endOffset = line.end;
        }
        return batch;
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    static String excerpt(byte[] bytes, int length) {
        String text = new String(bytes, 0, Math.min(length, EXCERPT_BYTES), StandardCharsets.UTF_8);
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return clean.toString();
    }
}
