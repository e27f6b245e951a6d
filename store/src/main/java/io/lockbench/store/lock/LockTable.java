package io.lockbench.store.lock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.function.LongPredicate;

/**
 * The kernel's table of file locks, {@code /proc/locks} on Linux: every POSIX, OFD and flock lock of
 * every process, with its type, owner pid, file (device and inode) and byte range. Reading it takes
 * no lock and opens none of the locked files, so watching a database this way cannot disturb it.
 *
 * <p>A line is {@code 1: POSIX  ADVISORY  WRITE 26814 fe:00:2146393 120 120}; a lock request that is
 * blocked waiting follows the lock it waits for as {@code 1: -> POSIX ...}. Only blocking requests
 * ({@code F_SETLKW}) wait in the kernel: SQLite's unix VFS tries without blocking and retries in its
 * busy handler, so its waiters are not in the table.
 */
public final class LockTable implements AutoCloseable {

    public static final Path PROC_LOCKS = Path.of("/proc/locks");

    /** One lock (or blocked lock request) on a file. {@code end} is -1 for "to end of file". */
    public record Entry(
            String kind,
            boolean write,
            long pid,
            int major,
            int minor,
            long inode,
            long start,
            long end,
            boolean blocked) {

        public FileId file() {
            return new FileId(major, minor, inode);
        }

        /** Whether the lock covers byte {@code offset}. */
        public boolean covers(long offset) {
            return start <= offset && (end < 0 || offset <= end);
        }
    }

    /** A file as the kernel names it in the table: device numbers and inode. */
    public record FileId(int major, int minor, long inode) {}

    /** The file at {@code path} as the table names it (found with {@code stat}: nothing is opened), or null if there is none. */
    public static FileId fileId(Path path) throws IOException {
        try {
            long dev = (Long) Files.getAttribute(path, "unix:dev");
            long inode = (Long) Files.getAttribute(path, "unix:ino");
            return new FileId(major(dev), minor(dev), inode);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** glibc's gnu_dev_major: st_dev as userspace sees it, split into the numbers the kernel prints. */
    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }

    private static final Set<String> BYTE_RANGE_KINDS = Set.of("POSIX", "OFDLCK");

    private final Path source;
    // Kept open and read again from offset 0 at every sample: one pread instead of open, read and close.
    private FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    // The wanted lines of the last read and what they parsed to: most samples find the same lines, and
    // then return the same list without parsing anything.
    private final ByteArrayOutputStream matched = new ByteArrayOutputStream();
    private byte[] lastMatched = new byte[0];
    private List<Entry> lastEntries;

    public LockTable(Path source) {
        this.source = source;
    }

    /** True when this system has a lock table to read (Linux with /proc mounted). */
    public static boolean available() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && Files.isReadable(PROC_LOCKS);
    }

    /**
     * The byte-range locks (POSIX and OFD) of the table now, and the blocked requests among them. When
     * the lines read are the same as last time, the same (unmodifiable) list is returned.
     */
    public List<Entry> read() throws IOException {
        return read(inode -> true);
    }

    /**
     * The same, for the files whose inode {@code wanted} accepts: the other lines are skipped by
     * their inode alone, without building a string, which keeps a sample cheap on a busy system.
     */
    public List<Entry> read(LongPredicate wanted) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(source, StandardOpenOption.READ);
        }
        buffer.clear();
        long position = 0;
        while (true) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            position += n;
            if (!buffer.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }
        byte[] bytes = buffer.array();
        int length = buffer.position();
        matched.reset();
        for (int start = 0; start < length; ) {
            int end = start;
            while (end < length && bytes[end] != '\n') {
                end++;
            }
            if (wanted.test(inodeOf(bytes, start, end))) {
                matched.write(bytes, start, end - start);
                matched.write('\n');
            }
            start = end + 1;
        }
        byte[] now = matched.toByteArray();
        if (lastEntries != null && Arrays.equals(now, lastMatched)) {
            return lastEntries;
        }
        lastMatched = now;
        lastEntries = List.copyOf(parse(new String(now, StandardCharsets.US_ASCII)));
        return lastEntries;
    }

    /** The inode of a line: the digits after the second ':' of the first field that has two; -1 if none. */
    static long inodeOf(byte[] line, int start, int end) {
        int colons = 0;
        boolean afterOrdinal = false;
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (!afterOrdinal) {
                afterOrdinal = b == ':';
                continue;
            }
            if (b == ' ') {
                colons = 0;
            } else if (b == ':') {
                if (++colons == 2) {
                    long inode = 0;
                    int j = i + 1;
                    for (; j < end && line[j] >= '0' && line[j] <= '9'; j++) {
                        inode = inode * 10 + (line[j] - '0');
                    }
                    return j > i + 1 ? inode : -1;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    static List<Entry> parse(String table) {
        List<Entry> entries = new ArrayList<>();
        table.lines().forEach(line -> {
            Entry entry = parseLine(line);
            if (entry != null) {
                entries.add(entry);
            }
        });
        return entries;
    }

    /** One line of the table, or null for a line of another kind (flock, lease) or one it cannot read. */
    static Entry parseLine(String line) {
        StringTokenizer tokens = new StringTokenizer(line);
        String[] f = new String[tokens.countTokens()];
        for (int t = 0; t < f.length; t++) {
            f[t] = tokens.nextToken();
        }
        int i = 1; // f[0] is the ordinal "12:"
        boolean blocked = false;
        if (f.length > i && f[i].equals("->")) {
            blocked = true;
            i++;
        }
        if (f.length < i + 7 || !BYTE_RANGE_KINDS.contains(f[i])) {
            return null;
        }
        String kind = f[i];
        String access = f[i + 2];
        String device = f[i + 4];
        int first = device.indexOf(':');
        int second = device.indexOf(':', first + 1);
        if (first < 0 || second < 0) {
            return null;
        }
        String[] id = {device.substring(0, first), device.substring(first + 1, second), device.substring(second + 1)};
        try {
            long pid = Long.parseLong(f[i + 3]);
            int major = Integer.parseInt(id[0], 16);
            int minor = Integer.parseInt(id[1], 16);
            long inode = Long.parseLong(id[2]);
            long start = Long.parseLong(f[i + 5]);
            long end = f[i + 6].equals("EOF") ? -1 : Long.parseLong(f[i + 6]);
            return new Entry(kind, access.equals("WRITE"), pid, major, minor, inode, start, end, blocked);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
