package io.lockbench.store.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What a person reads when SQLite refuses a database that may well be another application's. */
class SqliteFailuresTest {

    private static String describe(SQLiteErrorCode code) {
        return SqliteFailures.describe(Path.of("/data/app.db"), 5000, new SQLiteException("x", code))
                .getMessage();
    }

    @Test
    void aHotJournalOnAReadOnlyOpen_isNamedAsSuch_notAsPermissions() {
        assertThat(describe(SQLiteErrorCode.SQLITE_READONLY_ROLLBACK))
                .contains("hot journal", "/data/app.db-journal", "PRAGMA quick_check")
                .doesNotContain("permissions", "--db");
    }

    @Test
    void aCorruptDatabase_isNotToldToImportAgainAsIfItWereLockbenchs() {
        assertThat(describe(SQLiteErrorCode.SQLITE_CORRUPT))
                .contains("restore it from a backup")
                .startsWith("database /data/app.db is not a SQLite database or is corrupt; check the path");
    }

    @Test
    void noMessageNamesAnOptionTheCommandMayNotHave() {
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {
            SQLiteErrorCode.SQLITE_READONLY, SQLiteErrorCode.SQLITE_CANTOPEN, SQLiteErrorCode.SQLITE_NOTADB
        }) {
            assertThat(describe(code)).doesNotContain("--db");
        }
    }
}
