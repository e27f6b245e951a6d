package io.lockbench.harness.run;

import io.lockbench.harness.results.RunResult;
import io.lockbench.store.db.WalFiles;
import java.nio.file.Path;

/**
 * The WAL at one moment of a run, read from its files ({@link WalFiles}): size, checkpoint sequence,
 * frames in the log and frames checkpointed. Sampling opens no connection and runs no checkpoint, so
 * the run checkpoints exactly as it would unobserved.
 */
final class WalSampler {

    private WalSampler() {}

    static RunResult.WalSample sample(Path database, long startNanos) {
        WalFiles.State state = WalFiles.read(database);
        return new RunResult.WalSample(
                (System.nanoTime() - startNanos) / 1e9,
                state.walBytes(),
                state.checkpointSequence(),
                state.logFrames(),
                state.checkpointedFrames());
    }
}
