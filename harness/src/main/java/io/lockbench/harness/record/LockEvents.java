package io.lockbench.harness.record;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lock-event logs of one recording ({@code events-PID.log}, format 1 of {@code docs/lock-events.md}),
 * one {@link ProcessLog} per process. A log written by another format version is refused whole, never
 * half read; a line cut short by a process killed mid-write is counted and skipped.
 */
public final class LockEvents {

    /** The format this reader understands, the first field after {@code V}. */
    public static final int FORMAT_VERSION = 1;

    /** One lock request on a watched file: granted ({@code errno} 0) or refused, an acquisition or a release. */
    public record Lock(
            long startNanos,
            long endNanos,
            long tid,
            int database,
            char file,
            boolean blocking,
            char type,
            long offset,
            long length,
            int errno,
            int statement) {

        boolean granted() {
            return errno == 0;
        }

        boolean release() {
            return type == 'U';
        }

        /** Whether this request's range includes {@code byte} (a length of 0 reaches the end of the file). */
        boolean covers(long byteOffset) {
            return offset <= byteOffset && (length == 0 || byteOffset < offset + length);
        }

        /** Whether it takes or releases a transaction's write lock: WAL's write lock, rollback's RESERVED. */
        boolean writeLock() {
            return (file == 'S' && covers(WAL_WRITE_BYTE)) || (file == 'D' && covers(RESERVED_BYTE));
        }

        /** Whether a refusal of it makes a writer wait: the write lock, or rollback's PENDING and EXCLUSIVE. */
        boolean writerLock() {
            return writeLock() || (file == 'D' && type == 'W' && (covers(PENDING_BYTE) || covers(SHARED_FIRST)));
        }
    }

    /**
     * The end of a write-lock hold: the statement that began the transaction, how many it ran, and what the
     * holding thread did to the watched files meanwhile (syncs, bytes written to the database, WAL and
     * journal, write calls) and the CPU time it used.
     */
    public record TransactionEnd(
            long nanos,
            long tid,
            int database,
            int firstStatement,
            int statements,
            long syncs,
            long dbBytes,
            long walBytes,
            long journalBytes,
            long writes,
            long cpuNanos) {}

    /** One sleep of SQLite's busy handler. */
    public record Sleep(long startNanos, long endNanos, long tid, int statement) {}

    /** A SQLite call whose busy handler slept returned without SQLITE_BUSY: its wait was over by then. */
    public record WaitOver(long nanos, long tid, int statement) {}

    /** A SQLite call that returned SQLITE_BUSY or SQLITE_LOCKED ({@code call}: s step, e exec, p prepare). */
    public record Busy(long nanos, long tid, long connection, char call, int code, int extendedCode, int statement) {}

    /**
     * A watched file first locked through a descriptor: which file the path named then, by inode and
     * birth time (0 where the file system keeps none), since a deleted file's inode number is reused.
     */
    public record FileSeen(long nanos, long tid, int fd, int database, char file, long device, long inode, long birth) {

        /** The file's identity: two of them under one path mean the database was replaced. */
        public String identity() {
            return device + ":" + inode + ":" + birth;
        }
    }

    /** A busy timeout a connection was given (milliseconds; -1 for a busy handler of the program's own). */
    public record Timeout(long nanos, long tid, long connection, long millis) {}

    /** Everything one process logged, in the order it happened. */
    public record ProcessLog(
            long pid,
            long parentPid,
            String command,
            boolean sqliteApi,
            List<Lock> locks,
            List<TransactionEnd> transactionEnds,
            List<Sleep> sleeps,
            List<Busy> busy,
            List<WaitOver> waitsOver,
            List<FileSeen> files,
            List<Timeout> timeouts,
            Map<Integer, String> statements,
            long droppedEvents,
            long malformedLines) {

        /** The statement shape of an id of this process, or null for 0 or an unknown id. */
        public String statement(int id) {
            return id == 0 ? null : statements.get(id);
        }

        /** Whether the busy handler's sleeps can be seen in this process: waits are then exact. */
        public boolean sleepsVisible() {
            return sqliteApi || !sleeps.isEmpty();
        }
    }

    static final long WAL_WRITE_BYTE = 120;
    static final long PENDING_BYTE = 0x40000000L;
    static final long RESERVED_BYTE = PENDING_BYTE + 1;
    static final long SHARED_FIRST = PENDING_BYTE + 2;

    private final List<ProcessLog> processes;

    private LockEvents(List<ProcessLog> processes) {
        this.processes = List.copyOf(processes);
    }

    /** Logs already read, as one recording. */
    static LockEvents of(List<ProcessLog> processes) {
        return new LockEvents(processes);
    }

    public List<ProcessLog> processes() {
        return processes;
    }

    /** Reads every {@code events-*.log} in {@code dir}; none (or no directory) is an empty recording. */
    public static LockEvents read(Path dir) throws IOException {
        List<ProcessLog> logs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "events-*.log")) {
                for (Path file : files) {
                    logs.add(readLog(file));
                }
            }
        }
        logs.sort((a, b) -> Long.compare(a.pid(), b.pid()));
        return new LockEvents(logs);
    }

    static ProcessLog readLog(Path file) throws IOException {
        // A reader that replaces bytes that are not UTF-8 (in a command line) instead of failing on them.
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            return parse(file.getFileName().toString(), in);
        }
    }

    static ProcessLog parse(String name, BufferedReader in) throws IOException {
        long pid = -1;
        long parent = -1;
        String command = "";
        boolean api = false;
        List<Lock> locks = new ArrayList<>();
        List<TransactionEnd> ends = new ArrayList<>();
        List<Sleep> sleeps = new ArrayList<>();
        List<Busy> busy = new ArrayList<>();
        List<WaitOver> over = new ArrayList<>();
        List<FileSeen> files = new ArrayList<>();
        List<Timeout> timeouts = new ArrayList<>();
        Map<Integer, String> statements = new HashMap<>();
        long dropped = 0;
        long malformed = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.length() < 2 || line.charAt(1) != ' ') {
                malformed++;
                continue;
            }
            char kind = line.charAt(0);
            String rest = line.substring(2);
            try {
                switch (kind) {
                    case 'V' -> {
                        String[] f = fields(rest, 4);
                        int version = Integer.parseInt(f[0]);
                        if (version != FORMAT_VERSION) {
                            throw new IOException(name + " is a lock-event log of format " + version
                                    + "; this lockbench reads format " + FORMAT_VERSION);
                        }
                        pid = Long.parseLong(f[1]);
                        parent = Long.parseLong(f[2]);
                    }
                    case 'C' -> command = capped(rest.strip());
                    case 'A' -> api = true;
                    case 'Q' -> {
                        int space = rest.indexOf(' ');
                        int second = rest.indexOf(' ', space + 1);
                        if (space < 0 || second < 0) {
                            throw new IllegalArgumentException("short Q line");
                        }
                        statements.put(Integer.parseInt(rest.substring(0, space)), rest.substring(second + 1));
                    }
                    case 'L' -> {
                        String[] f = fields(rest, 11);
                        locks.add(new Lock(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Long.parseLong(f[2]),
                                Integer.parseInt(f[3]),
                                f[4].charAt(0),
                                f[5].equals("W"),
                                f[6].charAt(0),
                                Long.parseLong(f[7]),
                                Long.parseLong(f[8]),
                                Integer.parseInt(f[9]),
                                Integer.parseInt(f[10])));
                    }
                    case 'T' -> {
                        String[] f = fields(rest, 11);
                        ends.add(new TransactionEnd(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Integer.parseInt(f[2]),
                                Integer.parseInt(f[3]),
                                Integer.parseInt(f[4]),
                                Long.parseLong(f[5]),
                                Long.parseLong(f[6]),
                                Long.parseLong(f[7]),
                                Long.parseLong(f[8]),
                                Long.parseLong(f[9]),
                                Long.parseLong(f[10])));
                    }
                    case 'S' -> {
                        String[] f = fields(rest, 4);
                        sleeps.add(new Sleep(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Long.parseLong(f[2]),
                                Integer.parseInt(f[3])));
                    }
                    case 'B' -> {
                        String[] f = fields(rest, 7);
                        busy.add(new Busy(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Long.parseLong(f[2]),
                                f[3].charAt(0),
                                Integer.parseInt(f[4]),
                                Integer.parseInt(f[5]),
                                Integer.parseInt(f[6])));
                    }
                    case 'W' -> {
                        String[] f = fields(rest, 3);
                        over.add(new WaitOver(Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2])));
                    }
                    case 'F' -> {
                        String[] f = fields(rest, 8);
                        files.add(new FileSeen(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Integer.parseInt(f[2]),
                                Integer.parseInt(f[3]),
                                f[4].charAt(0),
                                Long.parseLong(f[5]),
                                Long.parseLong(f[6]),
                                Long.parseLong(f[7])));
                    }
                    case 'O' -> {
                        String[] f = fields(rest, 4);
                        timeouts.add(new Timeout(
                                Long.parseLong(f[0]),
                                Long.parseLong(f[1]),
                                Long.parseLong(f[2]),
                                Long.parseLong(f[3])));
                    }
                    case 'D' -> dropped += Long.parseLong(rest.strip());
                    default -> malformed++;
                }
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                malformed++; // a line cut short by a process killed mid-write
            }
        }
        if (pid < 0) {
            pid = pidOf(name);
        }
        return new ProcessLog(
                pid,
                parent,
                command,
                api,
                locks,
                ends,
                sleeps,
                busy,
                over,
                files,
                timeouts,
                statements,
                dropped,
                malformed);
    }

    /** A command line as the figures show it: a JVM's class path alone can run to kilobytes. */
    static String capped(String command) {
        return command.length() <= COMMAND_CHARS ? command : command.substring(0, COMMAND_CHARS - 1) + "…";
    }

    private static final int COMMAND_CHARS = 240;

    private static String[] fields(String rest, int count) {
        String[] f = rest.split(" ", -1);
        if (f.length != count) {
            throw new IllegalArgumentException("expected " + count + " fields");
        }
        return f;
    }

    private static long pidOf(String name) {
        try {
            return Long.parseLong(name.substring("events-".length(), name.length() - ".log".length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
