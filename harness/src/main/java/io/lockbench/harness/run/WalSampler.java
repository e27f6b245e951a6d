package io.lockbench.harness.run;

import io.lockbench.harness.results.RunResult;
import io.lockbench.store.wal.WalFiles;

/**
 * The WAL at one moment of a run, read from its files ({@link WalFiles}): size, checkpoint sequence,
 * frames in the log and frames checkpointed. Sampling opens no connection and runs no checkpoint, so
 * the run checkpoints exactly as it would unobserved; the runner keeps the files open until its store
 * is closed, so sampling never drops the locks SQLite holds on them for this process.
 */
final class WalSampler {

    private WalSampler() {}

    static RunResult.WalSample sample(WalFiles files, long startNanos) {
        WalFiles.State state = files.read();
        return new RunResult.WalSample(
                (System.nanoTime() - startNanos) / 1e9,
                state.walBytes(),
                state.checkpointSequence(),
                state.logFrames(),
                state.checkpointedFrames());
    }
}
