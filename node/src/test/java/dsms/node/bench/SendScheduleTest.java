package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fixed-rate schedule's intended times, and why latency counts from them. */
class SendScheduleTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void shouldSpreadTheRateOverConnectionsWithOffsets() {
        // 1,000 requests/s over 4 connections: each sends every 4 ms, offset by 1 ms from the previous one.
        for (int connection = 0; connection < 4; connection++) {
            SendSchedule schedule = SendSchedule.fixedRate(1_000 * MS, 1_000, 4, connection);
            assertThat(schedule.isFixedRate()).isTrue();
            for (int request = 0; request < 3; request++) {
                assertThat(schedule.nextIntendedNs()).isEqualTo(1_000 * MS + connection * MS + request * 4 * MS);
                assertThat(schedule.take(0)).isEqualTo(1_000 * MS + connection * MS + request * 4 * MS);
            }
            assertThat(schedule.taken()).isEqualTo(3);
        }
    }

    @Test
    void shouldNotDriftAtRatesWithFractionalIntervals() {
        // 3 requests/s: intervals of 333,333,333.33 ns must add up to exactly 1 s every third request.
        SendSchedule schedule = SendSchedule.fixedRate(0, 3, 1, 0);
        for (int request = 0; request < 3_000; request++) {
            schedule.take(0);
        }
        assertThat(schedule.nextIntendedNs()).isEqualTo(TimeUnit.SECONDS.toNanos(1_000));
    }

    @Test
    void shouldCountUntakenRequestsOfAConnectionThatStopped() {
        SendSchedule schedule = SendSchedule.fixedRate(0, 100, 1, 0);
        for (int request = 0; request < 5; request++) {
            schedule.take(0);
        }
        // Intended at 50, 60, ... 990 ms; only those from 100 ms to 1 s are in the window.
        assertThat(schedule.untakenBetween(100 * MS, 1_000 * MS)).isEqualTo(90);
        assertThat(SendSchedule.closedLoop().untakenBetween(0, 1_000 * MS)).isZero();
    }

    @Test
    void shouldIntendAClosedLoopRequestWhenItIsSent() {
        SendSchedule schedule = SendSchedule.closedLoop();
        assertThat(schedule.nextIntendedNs()).isEqualTo(Long.MIN_VALUE);
        assertThat(schedule.take(42 * MS)).isEqualTo(42 * MS);
        assertThat(schedule.taken()).isEqualTo(1);
    }

    /**
     * One connection at 100 requests/s against a server that answers in 1 ms, except that it
     * stalls for 200 ms on the request intended at 100 ms. Sends follow the loop's rule: at the
     * intended time, or as soon as the previous answer is in when behind.
     */
    @Test
    void shouldChargeTheStallToEveryRequestThatWaitedBehindIt() {
        SendSchedule schedule = SendSchedule.fixedRate(0, 100, 1, 0);
        List<Long> fromIntended = new ArrayList<>();
        List<Long> fromSent = new ArrayList<>();
        long previousAnswerNs = 0;
        for (int request = 0; request < 50; request++) {
            long sentNs = Math.max(schedule.nextIntendedNs(), previousAnswerNs);
            long intendedNs = schedule.take(sentNs);
            long serviceNs = intendedNs == 100 * MS ? 200 * MS : MS;
            previousAnswerNs = sentNs + serviceNs;
            fromIntended.add(previousAnswerNs - intendedNs);
            fromSent.add(previousAnswerNs - sentNs);
        }
        // Before the stall every request takes its 1 ms.
        assertThat(fromIntended.subList(0, 10)).containsOnly(MS);
        // The stalled request, then every request intended during the stall: each waited for it,
        // less the later it was meant to leave, until the connection has caught up.
        assertThat(fromIntended.get(10)).isEqualTo(200 * MS);
        for (int request = 11; request < 30; request++) {
            assertThat(fromIntended.get(request)).as("request %d", request)
                    .isEqualTo(fromIntended.get(request - 1) - 10 * MS + MS);
        }
        assertThat(fromIntended.get(11)).isEqualTo(191 * MS);
        assertThat(fromIntended.subList(35, 50)).containsOnly(MS);
        // Counting from the actual send would have hidden all of it but the one stalled request.
        assertThat(fromSent.stream().filter(latency -> latency > MS)).hasSize(1);
        assertThat(fromIntended.stream().filter(latency -> latency > 10 * MS)).hasSizeGreaterThan(15);
    }
}
