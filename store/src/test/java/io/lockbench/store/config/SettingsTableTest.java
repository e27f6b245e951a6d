package io.lockbench.store.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings tables of docs/configuration.md and docs/postgresql.md are the settings table, not a copy that drifts from it. */
class SettingsTableTest {

    private static final List<Path> DOCS =
            List.of(Path.of("../docs/configuration.md"), Path.of("../docs/postgresql.md"));

    @Test
    void readmeTables_areWrittenFromTheSettingsTable() throws IOException {
        StringBuilder docs = new StringBuilder();
        for (Path doc : DOCS) {
            docs.append(Files.readString(doc));
        }
        String readme = docs.toString();
        for (Setting.Scope scope : Setting.Scope.values()) {
            String marker = "<!-- settings:"
                    + (scope == Setting.Scope.BOTH ? "both" : scope.name().toLowerCase(java.util.Locale.ROOT))
                    + " -->\n";
            int start = readme.indexOf(marker);
            assertThat(start).as("docs marker " + marker.strip()).isNotNegative();
            int end = readme.indexOf("<!-- /settings -->", start);
            assertThat(readme.substring(start + marker.length(), end))
                    .as("docs table for " + scope + " (replace it with the output of lockbench settings)")
                    .isEqualTo(Settings.markdownTable(scope));
        }
    }

    @Test
    void everyKeyIsDocumentedOnce_withAUnitForEveryNumber() {
        assertThat(Settings.keys()).doesNotHaveDuplicates().hasSize(Settings.ALL.size());
        for (Setting<?> setting : Settings.ALL) {
            assertThat(setting.meaning()).as(setting.key()).isNotBlank();
            if (Number.class.isAssignableFrom(setting.type())) {
                assertThat(setting.unit()).as(setting.key()).isNotBlank();
            }
        }
    }
}
