package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line larger than the heap, in a real lockbench process with a 64 MB heap: the line is skipped
 * and reported at its file and line, the file's other lines are imported, and no OutOfMemoryError
 * ends the import, with the default limit and with a limit larger than the heap.
 */
@ProcessTest
class HugeLineTest {

    private static final String SESSION = "cccccccc-0000-4000-8000-000000000003";
    private static final int HUGE_BYTES = 96 << 20;

    @TempDir
    Path dir;

    private Path transcript;

    @BeforeEach
    void transcriptWithAHugeLineBetweenTwoGoodOnes() throws IOException {
        transcript =
                Files.createDirectories(dir.resolve("projects/-home-dev-huge")).resolve(SESSION + ".jsonl");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(transcript), 1 << 16)) {
            out.write(userLine("u1", "before").getBytes(StandardCharsets.UTF_8));
            String huge = userLine("u2", "@");
            int at = huge.indexOf('@');
            out.write(huge.substring(0, at).getBytes(StandardCharsets.UTF_8));
            byte[] filler = new byte[1 << 16];
            java.util.Arrays.fill(filler, (byte) 'x');
            for (int written = 0; written < HUGE_BYTES; written += filler.length) {
                out.write(filler);
            }
            out.write(huge.substring(at + 1).getBytes(StandardCharsets.UTF_8));
            out.write(userLine("u3", "after").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String userLine(String uuid, String text) {
        return "{\"type\":\"user\",\"uuid\":\"" + uuid + "\",\"sessionId\":\"" + SESSION
                + "\",\"timestamp\":\"2026-03-09T09:00:00.000Z\",\"cwd\":\"/home/dev/huge\",\"isSidechain\":false,"
                + "\"message\":{\"role\":\"user\",\"content\":\"" + text + "\"}}\n";
    }

    @Test
    void aLineOverTheDefaultLimit_isSkippedAndTheOtherLinesKept_inASmallHeap() throws Exception {
        String output = importWithSmallHeap("default.db");
        assertThat(output).contains(transcript + ":2: line longer than the limit of max_line_bytes");
        assertThat(messages("default.db")).containsExactly("u1", "u3");
    }

    @Test
    void aLimitLargerThanTheHeap_skipsTheLineItCannotHold_andKeepsTheOthers() throws Exception {
        String output = importWithSmallHeap("unlimited.db", "--max-line-bytes", Integer.toString(1 << 30));
        assertThat(output).contains(transcript + ":2: line too long for the memory available");
        assertThat(messages("unlimited.db")).containsExactly("u1", "u3");
    }

    private String importWithSmallHeap(String db, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "import",
                dir.resolve("projects").toString(),
                "--db",
                dir.resolve(db).toString(),
                "--show-problems",
                "10"));
        args.addAll(List.of(extra));
        LockbenchProcess process =
                LockbenchProcess.startWithHeap(dir.resolve("logs"), List.of(), "-Xmx64m", args.toArray(String[]::new));
        int exit = process.await(300);
        String output = process.output();
        assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
        assertThat(exit).as(output).isIn(0, 1);
        return output;
    }

    private List<String> messages(String db) throws Exception {
        List<String> uuids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(db));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT uuid FROM messages ORDER BY uuid")) {
            while (rs.next()) {
                uuids.add(rs.getString(1));
            }
        }
        return uuids;
    }
}
