package io.lockbench.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteStatementsTest {

    private static List<String> sql(String text) {
        return SqliteStatements.split(text).stream()
                .map(SqliteStatements.Statement::sql)
                .toList();
    }

    @Test
    void statementsEndAtSemicolonsOutsideQuotesCommentsAndBrackets() {
        assertThat(sql("SELECT ';'; /* ; */ SELECT \"a;b\" -- ;\n; SELECT [x;y];;"))
                .containsExactly("SELECT ';'", "SELECT \"a;b\" -- ;", "SELECT [x;y]");
    }

    @Test
    void aTriggerBodyIsOneStatement_evenWithCaseEndInside() {
        assertThat(sql("CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 2 END;"
                        + " DELETE FROM b; END; SELECT 1"))
                .containsExactly(
                        "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN SELECT CASE WHEN 1 THEN 2 END; DELETE FROM b; END",
                        "SELECT 1");
    }

    @Test
    void aStatementAfterASemicolonOnTheSameLine_isAStatementOfItsOwnWithItsLine() {
        List<SqliteStatements.Statement> statements = SqliteStatements.split("CREATE TABLE t (x);\n;ATTACH 'f' AS o;");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(1).firstWord()).isEqualTo("ATTACH");
        assertThat(statements.get(1).line()).isEqualTo(2);
    }

    @Test
    void anInvisibleCharacterGluedToAKeyword_isPartOfTheFirstWord() {
        assertThat(SqliteStatements.split("SELECT 1;\uFEFFPRAGMA x").get(1).firstWord())
                .isEqualTo("\uFEFFPRAGMA");
        assertThat(SqliteStatements.firstWord("/* c */ -- d\n\u200BAttach x")).isEqualTo("\u200BATTACH");
        assertThat(SqliteStatements.split("\uFEFFCREATE TABLE t (x)").get(0).firstWord())
                .as("a byte-order mark that begins the text is an editor's")
                .isEqualTo("CREATE");
    }

    @Test
    void anUnclosedQuoteIsNamedWithItsLine() {
        assertThatThrownBy(() -> SqliteStatements.split("SELECT 1;\nSELECT 'x"))
                .hasMessage("line 2: a string is never closed");
    }
}
