package io.lockbench.harness.cli;

import io.lockbench.harness.ExitCodes;
import io.lockbench.store.config.Setting;
import io.lockbench.store.config.Settings;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the store's settings table: what {@code --set} and a scenario's {@code store:} section accept. */
@Command(
        name = "settings",
        mixinStandardHelpOptions = true,
        description = "List the store settings (--set KEY=VALUE, a scenario's store: section) with their defaults,"
                + " allowed values, units and meaning, as Markdown tables.")
final class SettingsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Both backends");
        out.println();
        out.print(Settings.markdownTable(Setting.Scope.BOTH));
        out.println();
        out.println("SQLite (the default backend)");
        out.println();
        out.print(Settings.markdownTable(Setting.Scope.SQLITE));
        out.println();
        out.println("PostgreSQL (backend=postgresql)");
        out.println();
        out.print(Settings.markdownTable(Setting.Scope.POSTGRESQL));
        out.flush();
        return ExitCodes.OK;
    }

    /** The keys {@code --set} accepts, for its help text and shell completion. */
    static final class Keys implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Settings.keys().iterator();
        }
    }
}
