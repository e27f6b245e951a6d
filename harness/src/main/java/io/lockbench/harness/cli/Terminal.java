package io.lockbench.harness.cli;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;

/** Whether a person is watching: live progress lines go to a terminal, never into logs or CI output. */
final class Terminal {

    private Terminal() {}

    @SuppressWarnings("SystemConsoleNull") // handled: null before Java 22, isTerminal() from Java 22
    static boolean interactive() {
        if (System.getenv("CI") != null) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From Java 22 System.console() is never null; Console.isTerminal() then says whether it is one.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false;
        }
    }
}
