package io.lockbench.store.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BusyScheduleTest {

    @Test
    void sqliteScheduleSleepsLikeSqlitesDefaultHandler() {
        BusySchedule schedule = BusySchedule.sqliteDefault(10_000);
        long[] expected = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100, 100, 100};
        for (int retry = 0; retry < expected.length; retry++) {
            assertThat(schedule.delayMs(retry)).as("retry %d", retry).isEqualTo(expected[retry]);
        }
    }

    @Test
    void sqliteScheduleCutsTheLastSleepAtTheTimeoutThenGivesUp() {
        BusySchedule schedule = BusySchedule.sqliteDefault(100);
        long slept = 0;
        int retry = 0;
        for (long delay = schedule.delayMs(retry); delay > 0; delay = schedule.delayMs(++retry)) {
            slept += delay;
        }
        assertThat(slept).isEqualTo(100);
        // 1+2+5+10+15+20+25 = 78, then 22 of the next 25
        assertThat(retry).isEqualTo(8);
    }

    @Test
    void zeroTimeoutNeverWaits() {
        assertThat(BusySchedule.sqliteDefault(0).delayMs(0)).isZero();
        assertThat(BusySchedule.fixed(5, 0).delayMs(0)).isZero();
    }

    @Test
    void fixedScheduleRetriesAtTheIntervalUntilTheTimeout() {
        BusySchedule schedule = BusySchedule.fixed(30, 100);
        assertThat(schedule.delayMs(0)).isEqualTo(30);
        assertThat(schedule.delayMs(2)).isEqualTo(30);
        assertThat(schedule.delayMs(3)).isEqualTo(10);
        assertThat(schedule.delayMs(4)).isZero();
    }
}
