package io.lockbench.harness.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's view of a run, for tests: the write-lock grants in an {@code strace -f -ttt -T -y -e
 * trace=fcntl,fcntl64} of it, counted per process. Lines that strace split between two processes'
 * system calls ({@code <unfinished ...>} and {@code <... fcntl resumed>}) are joined first.
 */
final class StraceLocks {

    private static final Pattern UNFINISHED = Pattern.compile("^(\\d+)\\s+(\\S+) (.*) <unfinished \\.\\.\\.>$");
    private static final Pattern RESUMED = Pattern.compile("^(\\d+)\\s+\\S+ <\\.\\.\\. fcntl(?:64)? resumed>(.*)$");
    private static final Pattern LOCK =
            Pattern.compile("^(\\d+)\\s+\\S+ fcntl(?:64)?\\(\\d+<([^>]*)>, F_(?:OFD_)?SETLKW?,"
                    + " \\{l_type=(F_\\w+), l_whence=SEEK_SET, l_start=(\\d+), l_len=(\\d+)\\}\\) = (-?\\d+).*$");

    private StraceLocks() {}

    /** Grants of the write lock (WAL's byte 120 of -shm, rollback's RESERVED) of {@code database}, per pid. */
    static Map<Long, Integer> writeLockGrants(Path trace, Path database) throws IOException {
        Map<String, String> pending = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(trace, StandardCharsets.ISO_8859_1)) {
            Matcher u = UNFINISHED.matcher(line);
            if (u.matches()) {
                pending.put(u.group(1), u.group(1) + " " + u.group(2) + " " + u.group(3));
                continue;
            }
            Matcher r = RESUMED.matcher(line);
            if (r.matches()) {
                String head = pending.remove(r.group(1));
                if (head != null) {
                    lines.add(head + r.group(2));
                }
                continue;
            }
            lines.add(line);
        }
        Map<Long, Integer> grants = new HashMap<>();
        Map<Long, Boolean> holding = new HashMap<>();
        String db = database.toString();
        for (String line : lines) {
            Matcher m = LOCK.matcher(line);
            if (!m.matches()) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            String path = m.group(2);
            long writeByte = path.equals(db + "-shm") ? 120 : path.equals(db) ? 0x40000001L : -1;
            long start = Long.parseLong(m.group(4));
            long len = Long.parseLong(m.group(5));
            if (writeByte < 0 || start > writeByte || (len != 0 && writeByte >= start + len)) {
                continue;
            }
            boolean held = holding.getOrDefault(pid, false);
            if (m.group(3).equals("F_WRLCK") && m.group(6).equals("0") && !held) {
                grants.merge(pid, 1, Integer::sum);
                holding.put(pid, true);
            } else if (m.group(3).equals("F_UNLCK")) {
                holding.put(pid, false);
            }
        }
        return grants;
    }
}
