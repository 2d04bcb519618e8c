package dsms.node.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
    @Test
    void shouldSetUpWhatLogbackXmlDescribes() {
        LoggerContext context = new LoggerContext();

        LogConfigurator.configure(context, Map.of("DSMS_PROCESS", "replica-C", "DSMS_LOG_LEVEL", "debug"));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.javalin").getLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern())
                .isEqualTo("%d{HH:mm:ss.SSS} %-5level [replica-C] %logger{0}: %msg%n");
    }

    @Test
    void shouldDefaultToInfoAndTheNameDsms() {
        LoggerContext context = new LoggerContext();

        LogConfigurator.configure(context, Map.of());

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(((PatternLayoutEncoder) ((ConsoleAppender<?>) root.getAppender("STDERR")).getEncoder()).getPattern())
                .contains("[dsms]");
    }

    @Test
    void shouldAgreeWithTheXmlFileThatStaysAsTheFallback() throws Exception {
        try (InputStream xml = LogConfigurator.class.getResourceAsStream("/logback.xml")) {
            String text = new String(xml.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(text).contains(LogConfigurator.PATTERN_BEFORE_PROCESS + "${DSMS_PROCESS:-dsms}"
                    + LogConfigurator.PATTERN_AFTER_PROCESS);
        }
    }
}
