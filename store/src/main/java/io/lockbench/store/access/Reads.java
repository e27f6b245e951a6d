package io.lockbench.store.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** The queries of one read request, with named parameters ({@code :name}) bound from a map. */
public interface Reads {
    <T> List<T> list(String sql, Map<String, ?> binds, RowMapper<T> mapper);

    default <T> Optional<T> first(String sql, Map<String, ?> binds, RowMapper<T> mapper) {
        List<T> rows = list(sql, binds, mapper);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
