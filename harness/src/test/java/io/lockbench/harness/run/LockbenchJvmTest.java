package io.lockbench.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

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
    }

    @Test
    void importCommandPutsTheImportOptionsBeforeTheInheritedOnesAndNamesTheSubcommand() {
        List<String> command = LockbenchJvm.importCommand("corpus", "--db", "x.db");
        int main = command.indexOf(LockbenchJvm.MAIN_CLASS);
        assertThat(command.subList(1, 1 + LockbenchJvm.IMPORT_OPTIONS.size()))
                .containsExactlyElementsOf(LockbenchJvm.IMPORT_OPTIONS);
        assertThat(command.subList(main + 1, command.size())).containsExactly("import", "corpus", "--db", "x.db");
    }
}
