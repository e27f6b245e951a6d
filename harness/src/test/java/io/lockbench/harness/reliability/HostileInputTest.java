package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.cli.InProcessCli;
import io.lockbench.harness.run.ScenarioRunner;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Read commands that must stay read-only, foreign and special files, and result files that lie, each
 * met as a careless user or an attacker would meet it: exit code, one line naming the problem, and
 * nothing outside the test's own directory created or changed.
 */
@ProcessTest
class HostileInputTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;
    private static java.util.Set<String> journalsBeside;

    /** SQLite's side files in the directory that holds the test directories. */
    private static java.util.Set<String> journals(Path directory) throws java.io.IOException {
        try (var entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("-journal") || n.endsWith("-wal") || n.endsWith("-shm"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    private static InProcessCli.Result lockbench(String... args) {
        return InProcessCli.run(args);
    }

    private static void oneLine(InProcessCli.Result r, int exit, String... contains) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().strip())
                .startsWith("lockbench: ")
                .doesNotContain("\n")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        if (contains.length > 0) {
            assertThat(r.err()).contains(contains);
        }
    }

    private static String digest(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @BeforeAll
    static void aRealRun() throws Exception {
        journalsBeside = journals(shared.getParent());
        Path scenario = Files.writeString(shared.resolve("s.yaml"), """
                name: hostile
                run: {duration: 400ms, sample_interval: 100ms}
                workloads:
                  - {name: work, type: noop, rate: 100}
                """);
        run = shared.resolve("results/ok");
        new ScenarioRunner(
                        ScenarioLoader.load(scenario, List.of()),
                        new ScenarioRunner.Options(shared.resolve("work"), run, "ok", null, false))
                .run();
    }

    @AfterAll
    static void nothingStrayedIntoDevOrBesideTheTestDirectories() throws Exception {
        assertThat(journals(shared.getParent())).isSubsetOf(journalsBeside);
        for (String name : List.of("null", "zero")) {
            for (String suffix : List.of("-journal", "-wal", "-shm")) {
                assertThat(Path.of("/dev/" + name + suffix)).doesNotExist();
            }
        }
    }

    private Path foreignDatabase(String journalMode) throws Exception {
        Path foreign = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=" + journalMode);
            s.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, owner TEXT)");
            s.execute("INSERT INTO sessions (owner) VALUES ('someone else')");
        }
        return foreign;
    }

    // ---- read commands never write; foreign databases are refused untouched ----

    @Test
    void everyCommandRefusesAnotherApplicationsDatabaseAndLeavesIt() throws Exception {
        Path foreign = foreignDatabase("delete");
        String before = digest(foreign);
        Path corpus = dir.resolve("corpus");
        lockbench("generate", "sessions", "--out", corpus.toString(), "--sessions", "2", "--turns", "2");
        for (String[] args : new String[][] {
            {"sessions", "--db", foreign.toString()},
            {"timeline", "--db", foreign.toString()},
            {"bench", "queries", "--db", foreign.toString()},
            {"import", corpus.toString(), "--db", foreign.toString()},
            {"import", corpus.toString(), "--db", foreign.toString(), "--full"},
        }) {
            oneLine(lockbench(args), 1, "another application's SQLite database");
        }
        assertThat(digest(foreign)).isEqualTo(before);
        assertThat(dir.resolve("app.db-wal")).doesNotExist();
        assertThat(dir.resolve("app.db-journal")).doesNotExist();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("delete");
        }
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"delete", "wal"})
    void diagnoseReadsAnotherApplicationsDatabase_withoutChangingAByteOrLeavingAFile(String journalMode)
            throws Exception {
        Path foreign = foreignDatabase(journalMode);
        String before = digest(foreign);
        List<Path> files;
        try (var listing = Files.list(dir)) {
            files = listing.sorted().toList();
        }

        InProcessCli.Result r = lockbench("diagnose", "--db", foreign.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "it is:         another application's SQLite database",
                        "tables: sessions",
                        "journal_mode:  " + journalMode,
                        "page_count:    2",
                        "write lock:    free");
        assertThat(digest(foreign)).isEqualTo(before);
        try (var listing = Files.list(dir)) {
            assertThat(listing.sorted().toList())
                    .as("no -wal, -shm or -journal left beside it")
                    .isEqualTo(files);
        }
    }

    @Test
    void diagnoseOfWhatIsNoSqliteDatabaseSaysWhatItIs() throws Exception {
        oneLine(lockbench("diagnose", "--db", dir.resolve("none.db").toString()), 1, "no database at");
        Path text = Files.writeString(dir.resolve("notes.db"), "hello");
        oneLine(lockbench("diagnose", "--db", text.toString()), 1, "not an SQLite database");
        Path empty = Files.createFile(dir.resolve("empty.db"));
        oneLine(lockbench("diagnose", "--db", empty.toString()), 1, "an empty file");
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void aDatabaseOfANewerLockbenchIsRefusedByEveryCommandWithoutChangingAByte() throws Exception {
        Path corpus = dir.resolve("corpus");
        lockbench("generate", "sessions", "--out", corpus.toString(), "--sessions", "2", "--turns", "2");
        Path newer = dir.resolve("v999.db");
        assertThat(lockbench("import", corpus.toString(), "--db", newer.toString())
                        .exit())
                .isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=delete");
            s.execute("PRAGMA user_version=999");
        }
        String before = digest(newer);
        for (String[] args : new String[][] {
            {"sessions", "--db", newer.toString()},
            {"timeline", "--db", newer.toString()},
            {"bench", "queries", "--db", newer.toString()},
            {"import", corpus.toString(), "--db", newer.toString()},
            {"import", corpus.toString(), "--db", newer.toString(), "--full"},
        }) {
            oneLine(lockbench(args), 1, "schema version 999, newer than this lockbench");
            assertThat(digest(newer)).as(String.join(" ", args)).isEqualTo(before);
        }
        LockbenchProcess serve = LockbenchProcess.start(
                dir.resolve("logs"), "serve", "--db", newer.toString(), "--root", corpus.toString(), "--port", "0");
        assertThat(serve.await(120)).as(serve.output()).isEqualTo(1);
        assertThat(serve.output()).contains("schema version 999, newer than this lockbench");
        assertThat(digest(newer)).isEqualTo(before);
        // diagnose reads any lockbench database, and reads only.
        assertThat(lockbench("diagnose", "--db", newer.toString()).exit()).isZero();
        assertThat(digest(newer)).isEqualTo(before);
        assertThat(dir.resolve("v999.db-wal")).doesNotExist();
        assertThat(dir.resolve("v999.db-journal")).doesNotExist();
    }

    @Test
    void aForeignWalDatabaseKeepsItsContent() throws Exception {
        Path foreign = foreignDatabase("wal");
        String before = digest(foreign);
        oneLine(lockbench("timeline", "--db", foreign.toString()), 1, "another application's");
        assertThat(digest(foreign)).isEqualTo(before);
    }

    @Test
    void devicesAsDatabasesAreRefusedBeforeOpening() {
        for (String device : List.of("/dev/null", "/dev/zero")) {
            oneLine(lockbench("sessions", "--db", device), 1, "not a regular file");
            oneLine(lockbench("import", dir.toString(), "--db", device), 1, "not a regular file");
        }
    }

    @Test
    void aTextFileAsDatabaseIsRefusedAndUnchanged() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.db"), "dear diary\n");
        oneLine(lockbench("timeline", "--db", text.toString()), 1, "not a SQLite database");
        assertThat(Files.readString(text)).isEqualTo("dear diary\n");
    }

    // ---- import roots ----

    @Test
    void importOfProcReportsAndEndsWithOneLine() {
        oneLine(
                lockbench("import", "/proc", "--db", dir.resolve("x.db").toString()),
                2,
                "no transcript files under /proc",
                "skipped");
    }

    // ---- files that are not files ----

    @Test
    void scenarioPathsThatAreDevicesOrPipesAreRefusedWithoutReading() throws Exception {
        Path fifo = dir.resolve("scenario.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS))
                .isTrue();
        oneLine(lockbench("run", "/dev/zero"), 2, "not a regular file");
        oneLine(lockbench("run", fifo.toString()), 2, "not a regular file");
    }

    @Test
    void aPipeOrDeviceGivenToReportIsRefused() throws Exception {
        Path fifo = dir.resolve("bench.json");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS))
                .isTrue();
        oneLine(lockbench("report", fifo.toString(), "--out", dir.resolve("r").toString()), 2, fifo.toString());
        oneLine(lockbench("report", "/dev/zero", "--out", dir.resolve("r2").toString()), 2, "/dev/zero");
    }

    // ---- outputs that would overwrite ----

    @Test
    void generateRefusesAFileOrAForeignDirectoryUnlessForced() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        oneLine(lockbench("generate", "sessions", "--out", file.toString()), 2, "--out", "is a file");
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("thesis.tex"), "x");
        oneLine(lockbench("generate", "sessions", "--out", busy.toString(), "--sessions", "2"), 2, "--force");
        assertThat(lockbench(
                                "generate",
                                "sessions",
                                "--out",
                                busy.toString(),
                                "--sessions",
                                "2",
                                "--turns",
                                "2",
                                "--force")
                        .exit())
                .isZero();
        Path corpus = dir.resolve("corpus");
        assertThat(lockbench("generate", "sessions", "--out", corpus.toString(), "--sessions", "2", "--turns", "2")
                        .exit())
                .isZero();
        assertThat(lockbench("generate", "sessions", "--out", corpus.toString(), "--sessions", "2", "--turns", "2")
                        .exit())
                .as("a corpus can be written again")
                .isZero();
    }

    @Test
    void reportRefusesToWriteOverAFileOrIntoARunDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        oneLine(lockbench("report", run.toString(), "--out", file.toString()), 2, "--out", "is a file");
        String before = digest(run.resolve("report.md"));
        oneLine(lockbench("report", run.toString(), "--out", run.toString()), 2, "results directory of run ok");
        assertThat(digest(run.resolve("report.md"))).isEqualTo(before);
    }

    // ---- terminal output from transcript-controlled text ----

    @Test
    void sessionIdsAndProjectNamesCannotSplitOrReorderTableRows() throws Exception {
        Path project = Files.createDirectories(dir.resolve("projects/-home-\u202Eevil"));
        String session = "aaaaaaaa-0000-4000-8000-00000000000a";
        String hostileId = "fake\nrow\r\u2066id";
        Files.writeString(
                project.resolve(session + ".jsonl"),
                "{\"type\":\"user\",\"uuid\":\"u1\",\"sessionId\":\""
                        + hostileId.replace("\n", "\\n").replace("\r", "\\r")
                        + "\",\"timestamp\":\"2026-03-09T09:00:00.000Z\","
                        + "\"cwd\":\"/x\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n");
        String db = dir.resolve("lb.db").toString();
        assertThat(lockbench("import", dir.resolve("projects").toString(), "--db", db)
                        .exit())
                .isZero();
        InProcessCli.Result table = lockbench("sessions", "--db", db);
        assertThat(table.exit()).isZero();
        assertThat(table.out().lines().count()).as(table.out()).isEqualTo(3);
        assertThat(table.out())
                .contains("fake\\x0arow\\x0d\\u2066id", "\\u202eevil")
                .doesNotContain("\u202E")
                .doesNotContain("\u2066");
        InProcessCli.Result json = lockbench("sessions", "--db", db, "--json");
        assertThat(json.out()).contains("fake\\nrow\\r");
    }

    // ---- results that lie ----

    private Path copyOfRun(String name) {
        return TestStores.copyTree(run, dir.resolve(name));
    }

    private void lie(String name, String from, String to, String... expected) throws Exception {
        Path copy = copyOfRun(name);
        String json = Files.readString(copy.resolve("run.json"));
        assertThat(json).contains(from);
        Files.writeString(copy.resolve("run.json"), json.replaceFirst(java.util.regex.Pattern.quote(from), to));
        oneLine(
                lockbench(
                        "report",
                        copy.toString(),
                        "--out",
                        dir.resolve(name + "-report").toString()),
                2,
                expected);
    }

    @Test
    void runFilesThatLieAreRefusedNamingTheFileAndField() throws Exception {
        String attempted = Files.readString(run.resolve("run.json")).replaceAll("(?s).*\"attempted\" : (\\d+).*", "$1");
        lie("huge", "\"attempted\" : " + attempted, "\"attempted\" : 1e308", "run.json", "workloads[0].attempted");
        lie("nan", "\"p99\" : ", "\"p99\" : \"NaN\", \"x\" : ", "run.json", "p99");
        lie("negative", "\"ok\" : ", "\"ok\" : -", "run.json", "workloads[0]");
        lie(
                "unbalanced",
                "\"attempted\" : " + attempted,
                "\"attempted\" : " + (Long.parseLong(attempted) + 1),
                "run.json",
                "workloads[0].attempted",
                "is not ok + busy + other_errors");
        lie("infinite", "\"seconds\" : ", "\"seconds\" : 1e999, \"y\" : ", "run.json");
    }

    @Test
    void aLatencyLogOfRandomBytesIsRefused() throws Exception {
        Path copy = copyOfRun("garbage");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(copy.resolve("latency.hlog"), noise);
        oneLine(lockbench("report", copy.toString(), "--out", dir.resolve("g").toString()), 2, "latency.hlog");
    }

    @Test
    void aResultsDirectoryLinkedOutOfItsTreeIsRefused() throws Exception {
        Path elsewhere = copyOfRun("elsewhere");
        Path results = Files.createDirectories(dir.resolve("results"));
        Path link = Files.createSymbolicLink(results.resolve("run-1"), elsewhere);
        oneLine(lockbench("report", link.toString(), "--out", dir.resolve("l").toString()), 2, "a link to", "outside");
    }
}
