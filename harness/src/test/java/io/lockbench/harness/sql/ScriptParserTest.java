package io.lockbench.harness.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.harness.sql.SqlScript.SetVariable;
import io.lockbench.harness.sql.SqlScript.Sleep;
import io.lockbench.harness.sql.SqlScript.Statement;
import io.lockbench.store.config.TransactionMode;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scripts in pgbench's syntax: what each piece becomes, and every refusal named by file and line. */
class ScriptParserTest {

    private static final Path FILE = Path.of("s.sql");

    private static SqlScript parse(String text) {
        return ScriptParser.parse(FILE, 1, text, Set.of("vendor"));
    }

    @Test
    void variablesBecomeParameters_butNotInsideQuotesCommentsCastsOrDollarQuotes() {
        SqlScript script = parse("""
                \\set aid random(1, 100000 * :scale)
                -- a comment with :aid in it
                SELECT ':aid', ":aid", $$ :aid $$, :aid::text, /* :aid */ :vendor
                FROM t WHERE a[1:2] = :aid;
                """);
        Statement select = script.statements().get(0);
        assertThat(select.parameters()).containsExactly("aid", "vendor", "aid");
        assertThat(select.sql())
                .contains("':aid'", "\":aid\"", "$$ :aid $$", "?::text", "/* :aid */", "a[1:2] = ?")
                .doesNotContain(":vendor");
        assertThat(select.line())
                .as("the line its code starts on, after the comment")
                .isEqualTo(3);
        assertThat(script.body().get(0)).isInstanceOf(SetVariable.class);
    }

    @Test
    void statementsEndAtSemicolons_outsideQuotes_andKeepTheirFirstLine() {
        SqlScript script = parse("INSERT INTO t VALUES ('a;b');\n\n  UPDATE t\n  SET x = 1;\nSELECT 1");
        assertThat(script.statements()).extracting(Statement::line).containsExactly(1, 3, 5);
        assertThat(script.statements().get(0).sql()).isEqualTo("INSERT INTO t VALUES ('a;b')");
        assertThat(script.hasOwnTransaction()).isFalse();
    }

    @Test
    void sleepTakesAnAmountOrAVariable_inMicrosMillisOrSeconds() {
        SqlScript script = parse("\\set w 3\n\\sleep 5 ms\n\\sleep :w us\n\\sleep 2\nSELECT 1;");
        assertThat(script.body()).hasSize(5);
        assertThat(((Sleep) script.body().get(1)).nanosPerUnit()).isEqualTo(1_000_000L);
        assertThat(((Sleep) script.body().get(2)).nanosPerUnit()).isEqualTo(1_000L);
        assertThat(((Sleep) script.body().get(3)).nanosPerUnit()).isEqualTo(1_000_000_000L);
    }

    @Test
    void aMetaCommandContinuesOnTheNextLineAfterABackslash() {
        SqlScript script = parse("\\set x 1 + \\\n  2\nSELECT :x;\n");
        assertThat(script.statements().get(0).line()).isEqualTo(3);
    }

    @Test
    void pgbenchsOwnTransaction_splitsMetaCommandsAroundIt() {
        SqlScript script = parse("""
                \\set aid random(1, 10)
                BEGIN;
                UPDATE a SET v = v + 1 WHERE id = :aid;
                \\sleep 1 ms
                END;
                \\set done 1
                """);
        assertThat(script.ownTransaction()).isEqualTo(TransactionMode.DEFERRED);
        assertThat(script.prologue()).hasSize(1);
        assertThat(script.body()).hasSize(2);
        assertThat(script.epilogue()).hasSize(1);
        assertThat(parse("BEGIN IMMEDIATE;\nSELECT 1;\nCOMMIT;").ownTransaction())
                .isEqualTo(TransactionMode.IMMEDIATE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "SELECT 1;\\nATTACH DATABASE 'x.db' AS x;|s.sql:2: ATTACH is refused",
                "DETACH x;|s.sql:1: DETACH is refused",
                "SELECT 1;\\n\\nPRAGMA journal_mode = delete;|s.sql:3: PRAGMA is refused",
                "SELECT load_extension('evil');|s.sql:1: load_extension() is refused",
                "VACUUM INTO '/tmp/copy.db';|s.sql:1: VACUUM INTO is refused",
                "SELECT :nope;|s.sql:1: unknown variable :nope",
                "\\set x rand(1, 2)|s.sql:1: unknown function rand()",
                "\\setshell x echo 1|s.sql:1: \\setshell is not supported",
                "\\sleep 1 minutes|s.sql:1: \\sleep unit must be us, ms or s",
                "\\set client_id 3|s.sql:1: :client_id is built in",
                "BEGIN;\\nSELECT 1;|s.sql:1: BEGIN without COMMIT",
                "SELECT 1;\\nCOMMIT;|s.sql:2: 'COMMIT' is refused here",
                "BEGIN;\\nSELECT 1;\\nCOMMIT;\\nSELECT 2;|s.sql:4: SQL outside BEGIN",
                "BEGIN ISOLATION LEVEL SERIALIZABLE;\\nSELECT 1;\\nCOMMIT;|s.sql:1: 'BEGIN ISOLATION LEVEL SERIALIZABLE' is refused",
                "BEGIN;\\nSAVEPOINT a;\\nCOMMIT;|s.sql:2: 'SAVEPOINT a' is refused here",
                "SELECT 'open;|s.sql:1: a string is never closed",
                "\\set x 1|s.sql: the script has no SQL statement",
            })
    void whatCannotRunIsRefusedWithFileAndLine(String text, String message) {
        assertThatThrownBy(() -> parse(text.replace("\\n", "\n")))
                .isInstanceOf(ScriptException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aTriggerIsOneStatement_itsEndIsNotTransactionControl() {
        SqlScript script = parse("""
                CREATE TRIGGER IF NOT EXISTS audit AFTER INSERT ON t BEGIN
                  INSERT INTO log VALUES (new.x);
                  UPDATE log SET n = n + 1;
                END;
                INSERT INTO t VALUES (1);
                """);
        assertThat(script.statements()).extracting(Statement::line).containsExactly(1, 5);
        assertThat(script.statements().get(0).sql()).endsWith("END");
    }
}
