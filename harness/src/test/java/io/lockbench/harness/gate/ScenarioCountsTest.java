package io.lockbench.harness.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.cli.InProcessCli;
import io.lockbench.harness.record.EventsLibrary;
import io.lockbench.store.lock.LockTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario gate's blocks count each workload's write transactions exactly, inside the block's JVM (the
 * lock-event library sees sqlite-jdbc's writes and syncs; the run's thread map says whose they were): a
 * SQL workload whose every transaction updates two rows on two pages of its own table commits one
 * transaction per operation, writes two WAL frames (a 24-byte header and a 4,096-byte page each: four
 * write calls, 8,240 bytes; the WAL's own 32-byte header once after a restart), and syncs the WAL once at
 * commit with {@code synchronous=full}, never with {@code normal}. A workload that only reads commits none.
 */
@ProcessTest
class ScenarioCountsTest {

    @TempDir
    static Path dir;

    private static Path scenario;

    @BeforeAll
    static void scenario() throws Exception {
        Assumptions.assumeTrue(LockTable.available(), "the lock events are Linux's");
        Assumptions.assumeTrue(
                EventsLibrary.build(EventsLibrary.defaultCache()).library().isPresent(),
                "needs the lock-event library (a C compiler)");
        Files.writeString(dir.resolve("schema.sql"), """
                CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, pad TEXT NOT NULL);
                """);
        // 2,000 rows of 200 bytes: row 1 and row 2,000 lie on two different leaf pages.
        Files.writeString(dir.resolve("fill.sql"), """
                INSERT INTO t (v, pad) VALUES (0, printf('%.*c', 200, 'x'));
                """);
        Files.writeString(dir.resolve("two-pages.sql"), """
                UPDATE t SET v = v + 1 WHERE id = 1;
                UPDATE t SET v = v + 1 WHERE id = 2000;
                """);
        Files.writeString(dir.resolve("read.sql"), """
                SELECT count(*) FROM t;
                """);
        scenario = Files.writeString(dir.resolve("counts.yaml"), """
                name: counts
                store: {schema: schema.sql}
                seed:
                  sql: {script: fill.sql, executions: 2000}
                run: {warmup: 200ms}
                workloads:
                  - {name: writer, type: sql, rate: 40, params: {script: two-pages.sql}}
                  - {name: reader, type: sql, rate: 40, params: {script: read.sql, read_only: true}}
                """);
    }

    private static List<WorkloadCounts> blocks(String synchronous) throws Exception {
        Path recorded = dir.resolve("blocks-" + synchronous);
        InProcessCli.Result r = InProcessCli.run(
                "gate",
                scenario.toString(),
                "--record-baseline",
                recorded.toString(),
                "--baseline-set",
                "store.synchronous=" + synchronous,
                "--blocks",
                "2",
                "--block-duration",
                "1s",
                "--min-ops",
                "0",
                "--work",
                dir.resolve("work").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<WorkloadCounts> counts = new ArrayList<>();
        for (String block : List.of("baseline-01", "baseline-02")) {
            WorkloadCounts c = WorkloadCounts.read(recorded.resolve(block));
            assertThat(c).as(block + " has counts.json").isNotNull();
            counts.add(c);
        }
        return counts;
    }

    @Test
    void eachWriteTransactionOfTheWorkload_isCountedExactly_andASyncPerCommitOnlyWithFull() throws Exception {
        for (String synchronous : List.of("normal", "full")) {
            for (WorkloadCounts block : blocks(synchronous)) {
                WorkloadCounts.Workload writer = block.workloads().get("writer");
                assertThat(writer.operations()).as(synchronous).isGreaterThan(10);
                assertThat(writer.transactions()).as(synchronous).isEqualTo(writer.operations());
                assertThat(writer.value(CountTier.TRANSACTIONS_PER_OP)).isEqualTo(1.0);
                assertThat(writer.syncs())
                        .as("syncs with synchronous=" + synchronous)
                        .isEqualTo(synchronous.equals("full") ? writer.transactions() : 0);
                // Two frames a transaction; a WAL that restarted gets its 32-byte header in one more write.
                long headers = writer.writes() - 4 * writer.transactions();
                assertThat(headers).as(synchronous).isBetween(0L, 2L);
                assertThat(writer.bytes()).as(synchronous).isEqualTo(8240 * writer.transactions() + 32 * headers);
                assertThat(writer.cpuTransactions()).isPositive();
                WorkloadCounts.Workload reader = block.workloads().get("reader");
                assertThat(reader.operations()).isGreaterThan(10);
                assertThat(reader.transactions()).isZero();
            }
        }
    }
}
