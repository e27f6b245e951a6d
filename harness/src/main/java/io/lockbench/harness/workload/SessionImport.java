package io.lockbench.harness.workload;

import io.lockbench.store.SessionStore;
import io.lockbench.store.config.Settings;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import io.lockbench.store.transcript.TranscriptFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code import-sessions}: the next {@code files} transcript files, imported again from their start;
 * with {@code mode: reimport} their rows are forgotten first, so the data readers see keeps changing.
 */
final class SessionImport {

    private SessionImport() {}

    static Operation create(WorkloadParams params, RunContext context) {
        SessionStore store = context.store();
        List<TranscriptFile> files = context.transcripts();
        int perOperation = params.intParam("files");
        boolean reimport = params.textParam("mode").equals("reimport");
        AtomicLong next = new AtomicLong();
        ImportOptions options = ImportOptions.defaults().withIncremental(false);
        return caller -> {
            int from = (int) (next.getAndAdd(perOperation) % files.size());
            List<TranscriptFile> picked = new ArrayList<>(perOperation);
            for (int i = 0; i < perOperation; i++) {
                picked.add(files.get((from + i) % files.size()));
            }
            Workloads.describe(store.config().get(Settings.BATCH_SIZE), 0);
            ImportReport report = reimport
                    ? store.importer().reimportFiles(picked, options)
                    : store.importer().importFiles(picked, options);
            Workloads.describe(store.config().get(Settings.BATCH_SIZE), report.recordsImported());
            return true;
        };
    }
}
