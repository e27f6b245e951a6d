package io.lockbench.store.db;

import io.lockbench.store.access.ReadListener;
import io.lockbench.store.access.ReadRequest;
import io.lockbench.store.access.Reads;
import io.lockbench.store.config.ReadPath;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Runs the queries of one read request along a {@link ReadPath}: all in one read transaction on a
 * reader connection ({@code snapshot}), or each on its own writer-path connection outside any
 * transaction ({@code plain}, the behaviour that let one API response mix two database states).
 */
public final class ReadRequests {

    private final ReadPath path;
    private final Jdbi readers;
    private final Jdbi writers;
    private final ReadListener listener;

    public ReadRequests(ConnectionProvider connections, ReadPath path, ReadListener listener) {
        this.path = path;
        this.readers = Jdbi.create(connections.reader());
        this.writers = Jdbi.create(connections.writer());
        this.listener = listener;
    }

    public <T> T run(ReadRequest<T> request) {
        if (path == ReadPath.PLAIN) {
            return request.run(new Reads() {
                @Override
                public <R> List<R> list(String sql, Map<String, ?> binds, RowMapper<R> mapper) {
                    List<R> rows = writers.withHandle(h -> query(h, sql, binds, mapper));
                    listener.queryDone(sql);
                    return rows;
                }
            });
        }
        return readers.withHandle(handle -> {
            try {
                return Transactions.read(
                        handle.getConnection(),
                        c -> request.run(new Reads() {
                            @Override
                            public <R> List<R> list(String sql, Map<String, ?> binds, RowMapper<R> mapper) {
                                List<R> rows = query(handle, sql, binds, mapper);
                                listener.queryDone(sql);
                                return rows;
                            }
                        }));
            } catch (SQLException e) {
                throw new ConnectionException(e);
            }
        });
    }

    private static <R> List<R> query(Handle handle, String sql, Map<String, ?> binds, RowMapper<R> mapper) {
        try (Query query = handle.createQuery(sql)) {
            binds.forEach(query::bind);
            return query.map(mapper).list();
        }
    }
}
