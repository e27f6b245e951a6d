package io.lockbench.store.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One rule for links under an import root, special files never read, unreadable parts reported. */
class TranscriptDiscoveryTest {

    private static final String STEM = "cccccccc-0000-4000-8000-000000000003";

    @TempDir
    Path dir;

    @Test
    void aTranscriptNamedLinkToAFileOutsideTheRootIsSkippedAndReportedNotStored() throws Exception {
        Path root = TestStores.copyFixture(dir);
        Files.createSymbolicLink(root.resolve("-home-dev-app/" + STEM + ".jsonl"), Path.of("/etc/passwd"));
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            ImportReport report = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(report.problems())
                    .anySatisfy(p -> assertThat(p.reason())
                            .contains("a link to a file outside")
                            .contains("--follow-links"));
            assertThat(TestStores.count(store, "SELECT count(*) FROM import_errors WHERE excerpt LIKE '%root:%'"))
                    .isZero();
            assertThat(TestStores.count(store, "SELECT count(*) FROM import_state WHERE path LIKE '%" + STEM + "%'"))
                    .isZero();
        }
    }

    @Test
    void withFollowLinksTheOutsideFileIsRead() throws Exception {
        Path root = TestStores.copyFixture(dir.resolve("a"));
        Path outside = Files.createDirectories(dir.resolve("elsewhere"));
        Path session = Files.copy(
                root.resolve("-home-dev-app/" + TestStores.SESSION_B + ".jsonl"), outside.resolve("b.jsonl"));
        Files.delete(root.resolve("-home-dev-app/" + TestStores.SESSION_B + ".jsonl"));
        Files.createSymbolicLink(root.resolve("-home-dev-app/" + TestStores.SESSION_B + ".jsonl"), session);
        assertThat(TranscriptDiscovery.find(root, false).files()).hasSize(2);
        assertThat(TranscriptDiscovery.find(root, true).files()).hasSize(3);
    }

    @Test
    void aLinkedRootAndALinkedProjectDirectoryInsideTheRootAreFollowed() throws Exception {
        Path real = TestStores.copyFixture(dir.resolve("dotfiles"));
        Path root = Files.createSymbolicLink(dir.resolve("projects-link"), real);
        assertThat(TranscriptDiscovery.find(root, false).files()).hasSize(3);
        Files.move(real.resolve("-home-dev-app"), real.resolve(".store-app"));
        Files.createSymbolicLink(real.resolve("-home-dev-app"), real.resolve(".store-app"));
        TranscriptDiscovery.Found found = TranscriptDiscovery.find(root, false);
        assertThat(found.files()).extracting(TranscriptFile::projectDir).contains("-home-dev-app");
    }

    @Test
    void aDirectoryLinkOutsideTheRootIsSkippedAndALoopIsReported() throws Exception {
        Path root = TestStores.copyFixture(dir.resolve("a"));
        Path outside = TestStores.copyFixture(dir.resolve("b")).resolve("-home-dev-app");
        Files.createSymbolicLink(root.resolve("-home-other"), outside);
        Files.createSymbolicLink(root.resolve("-home-dev-app/loop"), root.resolve("-home-dev-app"));
        TranscriptDiscovery.Found found = TranscriptDiscovery.find(root, false);
        assertThat(found.files()).hasSize(3);
        assertThat(found.skipped())
                .extracting(LineProblem::reason)
                .anySatisfy(r -> assertThat(r).contains("a link to a directory outside"))
                .anySatisfy(r -> assertThat(r).contains("loops back"));
        assertThat(TranscriptDiscovery.find(root, true).files()).hasSize(6);
    }

    @Test
    void aPipeNamedLikeATranscriptIsReportedAndNeverOpened() throws Exception {
        Path root = TestStores.copyFixture(dir);
        Path fifo = root.resolve("-home-dev-app/" + STEM + ".jsonl");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        TranscriptDiscovery.Found found = TranscriptDiscovery.find(root, false);
        assertThat(found.files()).hasSize(3);
        assertThat(found.skipped()).anySatisfy(p -> assertThat(p.reason()).startsWith("not a regular file"));
    }

    @Test
    void procIsWalkedToTheEndWithUnreadablePartsReported() throws Exception {
        TranscriptDiscovery.Found found = TranscriptDiscovery.find(Path.of("/proc"), false);
        assertThat(found.files()).isEmpty();
        assertThat(found.skipped()).isNotEmpty();
    }
}
