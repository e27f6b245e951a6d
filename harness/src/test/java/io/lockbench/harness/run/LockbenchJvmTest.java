package io.lockbench.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.store.config.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockbenchJvmTest {

    @Test
    void launcherGivesAnImportTheSameJvmOptionsAsTheBenchmarkDoes() throws Exception {
        String launcher = Files.readString(Path.of("..", "lockbench"), StandardCharsets.UTF_8);
        for (String option : LockbenchJvm.IMPORT_OPTIONS) {
            assertThat(launcher).contains(option);
        }
        assertThat(launcher)
                .contains("import_nice=\"${" + LockbenchJvm.IMPORT_NICE_VARIABLE + ":-" + LockbenchJvm.IMPORT_NICENESS
                        + "}\"");
    }

    @Test
    void importRunsNicedByDefaultAtTheLevelTheVariableSetsAndNotAtAllForZero() {
        assertThat(LockbenchJvm.nice(null))
                .containsExactly("nice", "-n", Integer.toString(LockbenchJvm.IMPORT_NICENESS));
        assertThat(LockbenchJvm.nice("")).containsExactly("nice", "-n", Integer.toString(LockbenchJvm.IMPORT_NICENESS));
        assertThat(LockbenchJvm.nice("12")).containsExactly("nice", "-n", "12");
        assertThat(LockbenchJvm.nice("0")).isEmpty();
    }

    @Test
    void aNiceLevelOutsideZeroToNineteenIsRefusedNamingTheVariable() {
        for (String bad : new String[] {"20", "-1", "abc", "5 "}) {
            assertThatThrownBy(() -> LockbenchJvm.nice(bad))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith(LockbenchJvm.IMPORT_NICE_VARIABLE + ": ")
                    .hasMessageContaining("0 to 19");
        }
    }

    @Test
    void importCommandPutsTheImportOptionsBeforeTheInheritedOnesAndNamesTheSubcommand() {
        List<String> command = LockbenchJvm.importCommand("corpus", "--db", "x.db");
        int main = command.indexOf(LockbenchJvm.MAIN_CLASS);
        int java = command.indexOf(
                command.stream().filter(a -> a.endsWith("java")).findFirst().orElseThrow());
        assertThat(command.subList(java + 1, java + 1 + LockbenchJvm.IMPORT_OPTIONS.size()))
                .containsExactlyElementsOf(LockbenchJvm.IMPORT_OPTIONS);
        assertThat(command.subList(main + 1, command.size())).containsExactly("import", "corpus", "--db", "x.db");
    }
}
