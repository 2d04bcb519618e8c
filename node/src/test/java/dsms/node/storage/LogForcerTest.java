package dsms.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dsms.core.InvariantViolation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogForcerTest {
    @TempDir
    Path directory;

    private FileChannel open(String name) throws IOException {
        return FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Test
    void shouldReachTheNewestTicketAndHandBackEveryBatchItForced() throws IOException {
        try (FileChannel retired = open("segment-1"); FileChannel active = open("segment-2");
                LogForcer forcer = new LogForcer("log-forcer-test")) {
            forcer.request(1, new WriteAheadLog.ForceBatch(List.of(retired), active, 1));
            forcer.request(2, new WriteAheadLog.ForceBatch(List.of(), active, 1));
            forcer.awaitForced(2);

            assertThat(forcer.forcedTicket()).isEqualTo(2);
            // Batches handed over while a force ran are merged, so one or two come back, with the full segment once.
            List<WriteAheadLog.ForceBatch> forced = forcer.takeForcedBatches();
            assertThat(forced.stream().flatMap(batch -> batch.retired().stream())).containsExactly(retired);
            assertThat(forcer.takeForcedBatches()).isEmpty();
        }
    }

    @Test
    void shouldStopAndReportEveryWaiterOnceAForceFailed() throws IOException {
        FileChannel closed = open("segment-1");
        closed.close();
        LogForcer forcer = new LogForcer("log-forcer-test");
        forcer.request(1, new WriteAheadLog.ForceBatch(List.of(), closed, 1));

        assertThatThrownBy(() -> forcer.awaitForced(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(forcer::forcedTicket).isInstanceOf(IOException.class);
        assertThatThrownBy(forcer::close).as("closing reports it too").isInstanceOf(IOException.class);
    }

    @Test
    void shouldRefuseATicketThatDoesNotIncrease() throws IOException {
        try (FileChannel active = open("segment-1"); LogForcer forcer = new LogForcer("log-forcer-test")) {
            forcer.request(1, new WriteAheadLog.ForceBatch(List.of(), active, 1));

            assertThatThrownBy(() -> forcer.request(1, new WriteAheadLog.ForceBatch(List.of(), active, 1)))
                    .isInstanceOf(InvariantViolation.class);
        }
    }

    @Test
    void shouldLogAForceAsSlowWithItsDurationOnlyOnceItTakesTheThreshold() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(LogForcer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (FileChannel active = open("segment-1");
                LogForcer everyForceSlow = new LogForcer("log-forcer-slow", 0);
                LogForcer usual = new LogForcer("log-forcer-usual")) {
            usual.request(1, new WriteAheadLog.ForceBatch(List.of(), active, 1));
            usual.awaitForced(1);
            assertThat(appender.list).as("a force of an empty file is far below the usual threshold").isEmpty();

            everyForceSlow.request(1, new WriteAheadLog.ForceBatch(List.of(), active, 1));
            everyForceSlow.awaitForced(1);
            assertThat(appender.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                    .matches("log-forcer-slow: forcing the log to disk took \\d+ ms"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}
