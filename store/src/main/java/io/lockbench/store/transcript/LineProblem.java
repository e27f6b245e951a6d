package io.lockbench.store.transcript;

import java.nio.file.Path;

/** A line that was not imported, or a file that could not be read ({@code line} 0), and why. */
public record LineProblem(Path file, long line, String reason) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }
}
