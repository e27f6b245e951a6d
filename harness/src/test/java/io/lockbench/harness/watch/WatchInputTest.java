package io.lockbench.harness.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.cli.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} refuses what is not a SQLite database, and an {@code --out} it could not write,
 * before it watches: exit 2, one line naming the argument, nothing watched, no zero reported as truth.
 */
@ProcessTest
class WatchInputTest {

    @TempDir
    Path dir;

    @Test
    void somethingThatIsNotASqliteDatabase_isRefusedBeforeWatching() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS))
                .isTrue();
        Path text = Files.writeString(dir.resolve("notes.jsonl"), "{\"type\":\"user\"}\n");
        String[] notDatabases = {
            dir.toString(), fifo.toString(), "/dev/null", "/dev/zero", "/proc/self/mem", "", text.toString(),
        };
        for (String path : notDatabases) {
            InProcessCli.Result result = InProcessCli.run("watch", path, "--duration", "30s");
            assertThat(result.exit()).as("watch '%s': %s", path, result.err()).isEqualTo(2);
            assertThat(result.err().lines()).as(path).hasSize(1);
            assertThat(result.err()).as(path).contains("DATABASE").doesNotContain("watched");
            assertThat(result.out()).as(path).isEmpty();
        }
    }

    @Test
    void anOutThatCannotBeWritten_isRefusedBeforeWatching() throws Exception {
        Path database = Files.createFile(dir.resolve("empty.db"));
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        for (String out : new String[] {
            aFile.toString(), "/dev/full/x", aFile.resolve("below").toString()
        }) {
            long started = System.nanoTime();
            InProcessCli.Result result =
                    InProcessCli.run("watch", database.toString(), "--duration", "30s", "--out", out);
            assertThat(result.exit()).as("--out %s: %s", out, result.err()).isEqualTo(2);
            assertThat(result.err()).as(out).contains("out");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                    .as("refused before the 30 s watch")
                    .isLessThan(30);
        }
    }
}
