package io.lockbench.harness.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.harness.reliability.LockbenchProcess;
import io.lockbench.store.PostgresTestDatabase;
import io.lockbench.store.SessionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL password never reaches a byte lockbench writes (run files, reports, console, error
 * lines), in any of the shapes a URL or a server can give it; and a PostgreSQL connection killed
 * mid-import ends in one line with no statement text and no row values.
 */
@ProcessTest
class PostgresSecretsTest {

    /** The server trusts loopback, so any password logs in: what matters is where it shows up. */
    private static final String SECRET = "S3cretPw0rd";

    @TempDir
    Path dir;

    @RegisterExtension
    final PostgresTestDatabase pg = PostgresTestDatabase.perTest();

    private String urlWithPassword() {
        return pg.url() + "&password=" + SECRET;
    }

    @Test
    void aPasswordInTheStoreUrl_isInNoRunFileReportOrConsoleLine() throws Exception {
        LockbenchProcess run = LockbenchProcess.start(
                dir.resolve("logs"),
                "run",
                Path.of("..", "scenarios", "timeline-under-import.yaml").toString(),
                "--set",
                "run.duration=2s",
                "--set",
                "store.backend=postgresql",
                "--set",
                "store.url=" + urlWithPassword(),
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString(),
                "--run-id",
                "secret");
        assertThat(run.await(180)).as(run.output()).isIn(0, 1);
        LockbenchProcess report = LockbenchProcess.start(
                dir.resolve("logs"),
                "report",
                dir.resolve("results/secret").toString(),
                "--out",
                dir.resolve("report").toString());
        assertThat(report.await(120)).as(report.output()).isZero();

        assertThat(dir.resolve("report/report.md")).exists();
        assertThat(filesHolding(SECRET)).isEmpty();
        assertThat(Files.readString(dir.resolve("results/secret/run.json"))).contains("password=***");
    }

    @Test
    void aPasswordInUserInfoOrQuotedBackByTheServer_isMaskedInTheErrorLine() throws Exception {
        Path corpus = corpus(3, 2);
        String[] urls = {
            // user:password@host: nothing listens on port 1.
            "jdbc:postgresql://postgres:" + SECRET + "@127.0.0.1:1/test",
            // A ';' where '&' belongs: the server is asked for the role "postgres;password=..." and names it.
            PostgresTestDatabase.serverUrl() + (PostgresTestDatabase.serverUrl().contains("?") ? "&" : "?")
                    + "user=postgres;password=" + SECRET,
        };
        for (String url : urls) {
            LockbenchProcess importer = LockbenchProcess.start(
                    dir.resolve("logs"),
                    "import",
                    corpus.toString(),
                    "--set",
                    "backend=postgresql",
                    "--set",
                    "url=" + url);
            assertThat(importer.await(60)).as(importer.output()).isEqualTo(1);
            assertThat(importer.output()).doesNotContain(SECRET).contains("***");
            assertThat(importer.output().lines()).hasSize(1);
        }
    }

    @Test
    void aConnectionKilledMidImport_endsInOneLineWithoutStatementOrRowValues() throws Exception {
        Path corpus = corpus(5, 20);
        // The tables exist before the importer starts, so it blocks on the lock below, not on DDL.
        SessionStore.open(pg.config()).close();
        try (Connection holder = pg.connect();
                Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE messages IN ACCESS EXCLUSIVE MODE");
            int holderPid = pid(holder);
            LockbenchProcess importer = LockbenchProcess.start(
                    dir.resolve("logs"),
                    "import",
                    corpus.toString(),
                    "--set",
                    "backend=postgresql",
                    "--set",
                    "lock_timeout=120000",
                    "--set",
                    "url=" + urlWithPassword());
            try (Connection observer = pg.connect()) {
                int blocked = awaitBlockedBy(observer, holderPid, importer);
                try (PreparedStatement kill = observer.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    kill.setInt(1, blocked);
                    kill.execute();
                }
            }
            holder.rollback();
            assertThat(importer.await(60)).as(importer.output()).isEqualTo(1);
            String output = importer.output();
            assertThat(output.lines()).as(output).hasSize(1);
            assertThat(output)
                    .contains("stopped")
                    .doesNotContain("INSERT", "VALUES", "\tat ", "Exception", "WARN", SECRET);
        }
    }

    private static int pid(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }

    /**
     * The pid of the lockbench backend waiting for {@code holderPid}'s lock, once there is one. Asked
     * on a connection in autocommit: inside a transaction the statistics views keep their first snapshot.
     */
    private static int awaitBlockedBy(Connection observer, int holderPid, LockbenchProcess importer) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        try (PreparedStatement waiting =
                observer.prepareStatement("SELECT pid FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
            waiting.setInt(1, holderPid);
            while (System.nanoTime() < deadline) {
                try (ResultSet r = waiting.executeQuery()) {
                    if (r.next()) {
                        return r.getInt(1);
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the import never waited for the held lock: " + importer.output());
    }

    private Path corpus(long seed, int sessions) {
        return new CorpusGenerator(
                        new CorpusSpec(seed, sessions, 30, 3, 200, Instant.parse("2026-02-01T00:00:00Z"), 10, 0.01))
                .writeTo(dir.resolve("corpus-" + seed))
                .root();
    }

    private List<Path> filesHolding(String secret) throws Exception {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    holding.add(file);
                }
            }
        }
        return holding;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
