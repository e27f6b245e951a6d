package io.lockbench.store.lock;

/**
 * The state of a server's lock-wait sampler: whether it is sampling now, how often it had to
 * reconnect, and the server process it samples from.
 */
public record LockWaitSampling(boolean sampling, long reconnects, int monitorPid) {}
