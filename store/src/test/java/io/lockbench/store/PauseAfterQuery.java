package io.lockbench.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.access.ReadListener;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Stops the first query whose SQL contains a fragment until the test has written. */
public final class PauseAfterQuery implements ReadListener {
    private final String fragment;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);

    public PauseAfterQuery(String fragment) {
        this.fragment = fragment;
    }

    @Override
    public void queryDone(String sql) {
        if (sql.contains(fragment) && armed.compareAndSet(true, false)) {
            reached.countDown();
            try {
                if (!resume.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the read go on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Runs {@code read} on the reader thread, commits {@code write} between its queries. */
    public <T> T around(ExecutorService thread, Callable<T> read, Callable<?> write) throws Exception {
        armed.set(true);
        Future<T> response = thread.submit(read);
        assertThat(reached.await(10, TimeUnit.SECONDS))
                .as("the read reached the pause")
                .isTrue();
        try {
            write.call();
        } finally {
            resume.countDown();
        }
        return response.get(10, TimeUnit.SECONDS);
    }
}
