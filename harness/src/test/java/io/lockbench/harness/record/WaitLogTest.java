package io.lockbench.harness.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lockbench.harness.record.WaitLog.Request;
import io.lockbench.harness.record.WaitLog.Wait;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaitLogTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long WAL_WRITE = 120;

    /** A non-blocking write-lock request on the -shm file at {@code atMs}, refused with EAGAIN or granted. */
    private static Request shm(long pid, long atMs, long offset, boolean granted) {
        return new Request(atMs * MS, atMs * MS + 2_000, pid, pid, 0, 'S', false, 'W', offset, granted ? 0 : 11);
    }

    @Test
    void refusedRequestsThenAGrant_areOneGrantedWaitFromTheFirstRefusalToTheGrant() {
        WaitLog log = WaitLog.of(List.of(
                shm(7, 0, WAL_WRITE, false),
                shm(7, 1, WAL_WRITE, false),
                shm(7, 5, WAL_WRITE, false),
                shm(7, 105, WAL_WRITE, false),
                shm(7, 205, WAL_WRITE, false),
                shm(7, 300, WAL_WRITE, true)));

        assertThat(log.waits()).containsExactly(new Wait(7, 7, 0, "wal-write", 0, 300 * MS + 2_000, true));
    }

    @Test
    void refusedRequestsWithoutAGrant_areAWaitGivenUpAtTheLastAttempt() {
        WaitLog log = WaitLog.of(
                List.of(shm(7, 10, WAL_WRITE, false), shm(7, 60, WAL_WRITE, false), shm(7, 160, WAL_WRITE, false)));

        assertThat(log.waits()).containsExactly(new Wait(7, 7, 0, "wal-write", 10 * MS, 150 * MS + 2_000, false));
    }

    @Test
    void refusalsFurtherApartThanTheBusyHandlerSleeps_areTwoWaits() {
        WaitLog log = WaitLog.of(List.of(
                shm(7, 0, WAL_WRITE, false),
                shm(7, 50, WAL_WRITE, false),
                shm(7, 1_000, WAL_WRITE, false),
                shm(7, 1_020, WAL_WRITE, true)));

        assertThat(log.waits())
                .extracting(Wait::startNanos, Wait::granted)
                .containsExactly(tuple(0L, false), tuple(1_000 * MS, true));
    }

    @Test
    void aSingleRefusedTryOfAReadMarkOrTheDmsLock_isNoWait_butOneOfTheWriteLockIs() {
        WaitLog log = WaitLog.of(List.of(shm(7, 0, 123, false), shm(7, 1, 128, false), shm(8, 2, WAL_WRITE, false)));

        assertThat(log.waits()).extracting(Wait::pid, Wait::lock).containsExactly(tuple(8L, "wal-write"));
    }

    @Test
    void waitsOfTwoThreadsOnOneLock_areKeptApart() {
        Request a1 = new Request(0, 1_000, 7, 70, 0, 'S', false, 'W', WAL_WRITE, 11);
        Request b1 = new Request(1 * MS, 1 * MS + 1_000, 7, 71, 0, 'S', false, 'W', WAL_WRITE, 11);
        Request a2 = new Request(20 * MS, 20 * MS + 1_000, 7, 70, 0, 'S', false, 'W', WAL_WRITE, 0);
        Request b2 = new Request(40 * MS, 40 * MS + 1_000, 7, 71, 0, 'S', false, 'W', WAL_WRITE, 0);

        WaitLog log = WaitLog.of(List.of(b2, a2, b1, a1));

        assertThat(log.waits())
                .extracting(Wait::tid, Wait::nanos)
                .containsExactly(tuple(70L, 20 * MS + 1_000), tuple(71L, 39 * MS + 1_000));
    }

    @Test
    void aBlockingRequest_isAWaitOfItsOwnLength() {
        Request blocking = new Request(0, 80 * MS, 9, 9, 0, 'D', true, 'W', 0x40000001L, 0);
        Request quick = new Request(100 * MS, 100 * MS + 5_000, 9, 9, 0, 'D', true, 'W', 0x40000001L, 0);

        WaitLog log = WaitLog.of(List.of(blocking, quick));

        assertThat(log.waits()).containsExactly(new Wait(9, 9, 0, "reserved", 0, 80 * MS, true));
    }

    @Test
    void unlocksAndGrantsWithoutARefusal_areNoWaits() {
        Request unlock = new Request(0, 1_000, 7, 7, 0, 'S', false, 'U', WAL_WRITE, 0);

        WaitLog log = WaitLog.of(List.of(shm(7, 0, WAL_WRITE, true), unlock));

        assertThat(log.waits()).isEmpty();
        assertThat(log.requests()).isEqualTo(2);
    }

    @Test
    void lockBytesAreNamedAsSqlitesUnixVfsUsesThem() {
        assertThat(WaitLog.lockName('S', 120)).isEqualTo("wal-write");
        assertThat(WaitLog.lockName('S', 121)).isEqualTo("checkpoint");
        assertThat(WaitLog.lockName('S', 123)).isEqualTo("read-mark-0");
        assertThat(WaitLog.lockName('S', 127)).isEqualTo("read-mark-4");
        assertThat(WaitLog.lockName('S', 128)).isEqualTo("dms");
        assertThat(WaitLog.lockName('D', 0x40000000L)).isEqualTo("pending");
        assertThat(WaitLog.lockName('D', 0x40000001L)).isEqualTo("reserved");
        assertThat(WaitLog.lockName('D', 0x40000002L)).isEqualTo("shared");
    }

    @Test
    void aReadMarkWaitFollowedAtOnceByAWriteLockWait_isOneWait_chargedToTheLongerPart() {
        WaitLog log = WaitLog.of(List.of(
                shm(7, 0, 124, false),
                shm(7, 20, 124, false),
                shm(7, 30, 124, true),
                shm(7, 30, WAL_WRITE, false),
                shm(7, 100, WAL_WRITE, false),
                shm(7, 150, WAL_WRITE, true),
                // the next transaction's wait, 50 ms later, is a wait of its own
                shm(7, 200, WAL_WRITE, false),
                shm(7, 210, WAL_WRITE, true)));

        assertThat(log.waits())
                .extracting(Wait::lock, Wait::startNanos, Wait::nanos)
                .containsExactly(
                        tuple("wal-write", 0L, 150 * MS + 2_000), tuple("wal-write", 200 * MS, 10 * MS + 2_000));
    }
}
