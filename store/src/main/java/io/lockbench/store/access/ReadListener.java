package io.lockbench.store.access;

/**
 * Told about each query of a read request as it completes, on the thread running the request. It
 * sees where one request's queries end and the next begin: the gap in which, on the {@code plain}
 * read path, another connection's commit can slip between two queries of one response.
 */
@FunctionalInterface
public interface ReadListener {

    /** Listens to nothing. */
    ReadListener NONE = sql -> {};

    /** The query {@code sql} has returned all its rows. */
    void queryDone(String sql);
}
