package io.lockbench.store.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LockTableTest {

    @Test
    void readsPosixAndOfdLocksWithTheirWaitersAndLeavesOtherKindsOut() {
        List<LockTable.Entry> entries = LockTable.parse("""
                1: POSIX  ADVISORY  WRITE 26814 fe:00:2146393 120 120
                2: POSIX  ADVISORY  READ 26814 fe:00:2146393 124 124
                2: -> POSIX  ADVISORY  WRITE 4242 fe:00:2146393 120 120
                3: FLOCK  ADVISORY  WRITE 25363 fe:00:2154513 0 EOF
                4: OFDLCK ADVISORY  READ -1 103:02:77 1073741826 1073742335
                5: POSIX  ADVISORY  WRITE 3720 fe:00:1466425 0 EOF
                6: LEASE  ACTIVE    READ 99 fe:00:1 0 EOF
                garbage
                """);
        assertThat(entries).hasSize(5);
        LockTable.Entry write = entries.get(0);
        assertThat(write.write()).isTrue();
        assertThat(write.pid()).isEqualTo(26814);
        assertThat(write.file()).isEqualTo(new LockTable.FileId(0xfe, 0, 2146393));
        assertThat(write.covers(120)).isTrue();
        assertThat(write.covers(121)).isFalse();
        assertThat(entries.get(2).blocked()).isTrue();
        assertThat(entries.get(2).pid()).isEqualTo(4242);
        assertThat(entries.get(3).kind()).isEqualTo("OFDLCK");
        assertThat(entries.get(3).file()).isEqualTo(new LockTable.FileId(0x103, 2, 77));
        assertThat(entries.get(4).end()).isEqualTo(-1);
        assertThat(entries.get(4).covers(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void deviceNumbersAreSplitLikeGlibcDoes() {
        assertThat(LockTable.major(0xfe00)).isEqualTo(0xfe);
        assertThat(LockTable.minor(0xfe00)).isZero();
        assertThat(LockTable.major(0x10302)).isEqualTo(0x103);
        assertThat(LockTable.minor(0x10302)).isEqualTo(2);
        // makedev(8, 300): a minor number above 255 spills into bits 20 and up of st_dev.
        assertThat(LockTable.major(1_050_668)).isEqualTo(8);
        assertThat(LockTable.minor(1_050_668)).isEqualTo(300);
    }

    @Test
    void theInodeOfALineIsFoundWithoutParsingIt() {
        byte[] line = "12: -> POSIX  ADVISORY  WRITE 26814 fe:00:2146393 120 120"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(LockTable.inodeOf(line, 0, line.length)).isEqualTo(2146393);
        byte[] odd = "3: FLOCK ADVISORY WRITE 1 nonsense".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(LockTable.inodeOf(odd, 0, odd.length)).isEqualTo(-1);
    }
}
