package io.lockbench.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.store.lock.LockTrace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL of one's own through the store's face: write and read transactions, and the writer held across several. */
class OwnSqlTest {

    @TempDir
    Path dir;

    @Test
    void aWriteCommitsWhenItReturns_andRollsBackWhenItThrows() throws Exception {
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.write(c -> execute(c, "CREATE TABLE own (id INTEGER PRIMARY KEY, note TEXT)"));
            store.write(c -> execute(c, "INSERT INTO own (id, note) VALUES (1, 'kept')"));
            assertThatThrownBy(() -> store.write(c -> {
                        execute(c, "INSERT INTO own (id, note) VALUES (2, 'rolled back')");
                        throw new SQLException("the work failed");
                    }))
                    .hasMessage("the work failed");
            List<String> notes =
                    store.read(r -> r.list("SELECT note FROM own ORDER BY id", Map.of(), (rs, ctx) -> rs.getString(1)));
            assertThat(notes).containsExactly("kept");
        }
    }

    @Test
    void withWriter_runsEveryTransactionOnTheOneWriterConnection_andEachIsTraced() throws Exception {
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.write(c -> execute(c, "CREATE TABLE own (id INTEGER PRIMARY KEY)"));
            List<Connection> seen = new ArrayList<>();
            try (LockTrace trace = store.trace("two transactions")) {
                store.withWriter(writer -> {
                    for (int i = 1; i <= 2; i++) {
                        int id = i;
                        writer.transaction(c -> {
                            seen.add(c.unwrap(Connection.class));
                            return execute(c, "INSERT INTO own (id) VALUES (" + id + ")");
                        });
                    }
                    return null;
                });
                assertThat(trace.writeTransactions()).isEqualTo(2);
            }
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).isSameAs(seen.get(1));
            try (Connection c = TestStores.connections(store).openReader();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM own")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    private static int execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    @Test
    void noStoreConnectionAttachesAnotherFile_whateverTheSqlSays() throws Exception {
        Path other = dir.resolve("other.db");
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            assertThatThrownBy(() -> store.runScript("ATTACH '" + other + "' AS o"))
                    .hasMessageContaining("too many attached databases");
            try (Connection writer = TestStores.connections(store).openWriter()) {
                assertThatThrownBy(() -> execute(writer, "VACUUM INTO '" + other + "'"))
                        .hasMessageContaining("too many attached databases");
            }
            assertThatThrownBy(() -> store.read(r -> r.list("SELECT load_extension('x')", Map.of(), (rs, ctx) -> 1)))
                    .hasMessageContaining("not authorized");
        }
        assertThat(other).doesNotExist();
    }
}
