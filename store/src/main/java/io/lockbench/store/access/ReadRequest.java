package io.lockbench.store.access;

/**
 * One read request: its queries run along the store's {@code read_path}, all in one snapshot or each
 * on its own.
 *
 * @param <T> what the request answers
 */
@FunctionalInterface
public interface ReadRequest<T> {
    T run(Reads reads);
}
