package io.lockbench.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreConfigTest {

    private final Path db = Path.of("x.db");

    @Test
    void defaults_areTheTunedConfiguration() {
        StoreConfig config = StoreConfig.defaults(db);
        assertThat(config.get(Settings.JOURNAL_MODE)).isEqualTo(JournalMode.WAL);
        assertThat(config.get(Settings.SYNCHRONOUS)).isEqualTo(SynchronousMode.NORMAL);
        assertThat(config.get(Settings.BUSY_TIMEOUT_MS)).isEqualTo(10_000);
        assertThat(config.get(Settings.FOREIGN_KEYS)).isTrue();
        assertThat(config.get(Settings.TRANSACTION_MODE)).isEqualTo(TransactionMode.IMMEDIATE);
        assertThat(config.get(Settings.CONNECTION_STRATEGY)).isEqualTo(ConnectionStrategy.SPLIT);
        assertThat(config.get(Settings.READ_PATH)).isEqualTo(ReadPath.SNAPSHOT);
    }

    @Test
    void fromMap_acceptsConfigSpellingAndTypedValues() {
        StoreConfig config = StoreConfig.fromMap(
                db,
                Map.of(
                        "connection_strategy",
                        "per-call",
                        "batch_size",
                        10,
                        "busy_timeout_ms",
                        "30000",
                        "journal_mode",
                        "DELETE",
                        "foreign_keys",
                        "off"));
        assertThat(config.get(Settings.CONNECTION_STRATEGY)).isEqualTo(ConnectionStrategy.PER_CALL);
        assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(10);
        assertThat(config.get(Settings.BUSY_TIMEOUT_MS)).isEqualTo(30_000);
        assertThat(config.get(Settings.JOURNAL_MODE)).isEqualTo(JournalMode.DELETE);
        assertThat(config.get(Settings.FOREIGN_KEYS)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "journal_mode|wall|journal_mode: expected one of [delete, truncate, persist, memory, wal, off] but was 'wall'",
                "batch_size|0|batch_size: must be between 1 and 1000000 but was 0",
                "batch_size|1.5|batch_size: expected a whole number but was '1.5'",
                "busy_timeout_ms|-1|busy_timeout_ms: must be between 0 and 3600000 but was -1",
                "synchronous|NORMAL; DROP TABLE sessions|synchronous: expected one of [off, normal, full, extra] but was 'NORMAL; DROP TABLE sessions'",
                "mmap_size|1e9|mmap_size: expected a whole number but was '1e9'",
                "foreign_keys|maybe|foreign_keys: expected true or false but was 'maybe'",
                "reader_pool_size|65|reader_pool_size: must be between 1 and 64 but was 65",
            })
    void with_rejectsBadValue_namingKeyAndAllowedValues(String key, String value, String message) {
        assertThatThrownBy(() -> StoreConfig.defaults(db).with(key, value))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(message);
    }

    @Test
    void with_rejectsAMistypedKey_namingTheNearestOnes() {
        assertThatThrownBy(() -> StoreConfig.defaults(db).with("batchsize", "10"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("batchsize: unknown key; did you mean batch_size? ('lockbench settings' lists all "
                        + Settings.keys().size() + ")");
        assertThatThrownBy(() -> StoreConfig.defaults(db).with("bach_size", "10"))
                .hasMessageStartingWith("bach_size: unknown key; did you mean batch_size or cache_size?");
    }

    @Test
    void with_rejectsAKeyNearNoOther_listingTheKnownOnes() {
        assertThatThrownBy(() -> StoreConfig.defaults(db).with("colour", "10"))
                .hasMessageStartingWith(
                        "colour: unknown key; allowed keys are [backend, batch_max_hold_ms, batch_size, busy_handler, busy_interval_ms");
    }

    @Test
    void with_acceptsTheScenarioSpelling_storeDotKey() {
        assertThat(StoreConfig.defaults(db).with("store.batch_size", "10").get(Settings.BATCH_SIZE))
                .isEqualTo(10);
    }

    @Test
    void postgresqlConfig_roundTripsThroughFromMap_andLeavesOutSqliteKeys() {
        StoreConfig config = StoreConfig.defaults(db)
                .with("backend", "postgresql")
                .with("url", "jdbc:postgresql://db.example:5432/app")
                .with("lock_timeout", 250)
                .with("default_transaction_isolation", "serializable");
        assertThat(config.get(Settings.CONNECTION_STRATEGY)).isEqualTo(ConnectionStrategy.POOLED);
        assertThat(config.toMap()).doesNotContainKeys("journal_mode", "busy_timeout_ms", "path");
        assertThat(config.toMap()).containsEntry("default_transaction_isolation", "serializable");
        assertThat(StoreConfig.fromMap(db, config.toMap())).isEqualTo(config);
    }

    @Test
    void aUrlThatIsNotAPostgresqlJdbcUrl_isRejectedNamingTheKey() {
        assertThatThrownBy(() ->
                        StoreConfig.defaults(db).with("backend", "postgresql").with("url", "postgres://h/db"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("url: expected a PostgreSQL JDBC URL");
    }

    @Test
    void toMap_hidesAPasswordInTheUrl() {
        StoreConfig config = StoreConfig.defaults(db)
                .with("backend", "postgresql")
                .with("url", "jdbc:postgresql://db.example/app?user=u&password=secret");
        assertThat(config.toMap().get("url")).isEqualTo("jdbc:postgresql://db.example/app?user=u&password=***");
    }

    @Test
    void toMap_roundTripsThroughFromMap() {
        StoreConfig config = StoreConfig.defaults(db).with("batch_size", 7).with("read_path", "plain");
        assertThat(StoreConfig.fromMap(Path.of("other.db"), config.toMap())).isEqualTo(config);
    }

    @Test
    void aPostgresqlStore_holdsNoSqliteSetting_andASqliteStoreNoPostgresqlOne() {
        StoreConfig postgresql = StoreConfig.defaults(db).with("backend", "postgresql");
        assertThat(postgresql.has(Settings.JOURNAL_MODE)).isFalse();
        assertThatThrownBy(() -> postgresql.get(Settings.BUSY_TIMEOUT_MS)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> StoreConfig.defaults(db).get(Settings.LOCK_TIMEOUT_MS))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Settings.of(Backend.POSTGRESQL)).doesNotContain(Settings.PATH, Settings.TRANSACTION_MODE);
    }

    @Test
    void anOlderSpellingOfAKey_isRead_andAProblemNamesItAsWritten() {
        StoreConfig config = StoreConfig.defaults(db).with("backend", "postgresql");
        assertThat(config.with("lock_timeout", "250").get(Settings.LOCK_TIMEOUT_MS))
                .isEqualTo(250);
        assertThat(config.with("statement_timeout", 900).get(Settings.STATEMENT_TIMEOUT_MS))
                .isEqualTo(900);
        assertThatThrownBy(() -> config.with("lock_timeout", "1s"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("lock_timeout: expected a whole number but was '1s'");
    }

    @Test
    void everySetting_readsBackItsOwnDefaultAsWritten() {
        for (Setting<?> setting : Settings.ALL) {
            assertRoundTrip(setting);
        }
    }

    private static <T> void assertRoundTrip(Setting<T> setting) {
        T value = setting.defaultValue();
        assertThat(setting.parse(setting.format(value))).as(setting.key()).isEqualTo(value);
        assertThat(Settings.find(setting.key())).contains(setting);
    }

    @Test
    void switchingToPostgresqlAndBack_keepsTheDatabaseFileAndTheSharedSettings() {
        StoreConfig config = StoreConfig.defaults(db)
                .with("batch_size", 7)
                .with("backend", "postgresql")
                .with("backend", "sqlite");
        assertThat(config.path()).isEqualTo(db);
        assertThat(config.get(Settings.BATCH_SIZE)).isEqualTo(7);
        assertThat(config.get(Settings.CONNECTION_STRATEGY)).isEqualTo(ConnectionStrategy.SPLIT);
    }

    @Test
    void theBackendIsAppliedFirst_whateverOrderTheKeysCome() {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("lock_timeout_ms", 100);
        values.put("backend", "postgresql");
        assertThat(StoreConfig.fromMap(db, values).get(Settings.LOCK_TIMEOUT_MS))
                .isEqualTo(100);
    }
}
