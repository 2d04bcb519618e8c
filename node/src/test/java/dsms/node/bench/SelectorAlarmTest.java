package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SelectorAlarmTest {
    /** Far longer than any alarm here: a select that lasts this long was not woken. */
    private static final long SELECT_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(30);
    private static final long ALARM_IN_NS = TimeUnit.MILLISECONDS.toNanos(20);

    @Test
    void shouldWakeASelectingSelectorWhenTheAlarmIsDueAndNotBefore() throws IOException {
        try (Selector selector = Selector.open(); SelectorAlarm alarm = new SelectorAlarm(selector, "alarm-test")) {
            long startNs = System.nanoTime();
            alarm.set(startNs + ALARM_IN_NS);
            selector.select(SELECT_TIMEOUT_MS);
            long elapsedNs = System.nanoTime() - startNs;

            assertThat(elapsedNs).isGreaterThanOrEqualTo(ALARM_IN_NS).isLessThan(TimeUnit.MILLISECONDS.toNanos(SELECT_TIMEOUT_MS));
        }
    }

    @Test
    void shouldRingAtAnEarlierTimeSetWhileItSleepsUntilALaterOne() throws Exception {
        try (Selector selector = Selector.open(); SelectorAlarm alarm = new SelectorAlarm(selector, "alarm-test")) {
            long startNs = System.nanoTime();
            alarm.set(startNs + TimeUnit.SECONDS.toNanos(60));
            // Gives the alarm's thread time to go to sleep until the later time.
            Thread.sleep(50);
            alarm.set(System.nanoTime() + ALARM_IN_NS);
            selector.select(SELECT_TIMEOUT_MS);

            assertThat(System.nanoTime() - startNs).isLessThan(TimeUnit.MILLISECONDS.toNanos(SELECT_TIMEOUT_MS));
        }
    }

    @Test
    void shouldRingOncePerTimeSet() throws IOException {
        try (Selector selector = Selector.open(); SelectorAlarm alarm = new SelectorAlarm(selector, "alarm-test")) {
            alarm.set(System.nanoTime() + ALARM_IN_NS);
            selector.select(SELECT_TIMEOUT_MS);

            // Nothing set since it rang: a short select runs out its timeout instead of returning at once.
            long startNs = System.nanoTime();
            selector.select(200);
            assertThat(System.nanoTime() - startNs).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
        }
    }
}
