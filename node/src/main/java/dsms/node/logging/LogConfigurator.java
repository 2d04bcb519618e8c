package dsms.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Configures logging in code, exactly as {@code logback.xml} describes it: one line per event on
 * standard error with the time, the level, the process ({@code DSMS_PROCESS}) and the logger; the
 * level from {@code DSMS_LOG_LEVEL} (INFO by default); Jetty and Javalin at WARN.
 *
 * <p>Why in code: reading the XML file loads an XML parser and logback's configuration model, a
 * few hundred classes and about a quarter of a second of every dsms JVM's start on the project's
 * 2-core machine, and a restarted or replaced replica waits for that start. Logback finds this
 * class through {@code META-INF/services} before it looks for a file. A configuration file given
 * with {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} on the class path, still
 * wins: then this class steps aside.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    /** The line format; {@code logback.xml} has the same, with the process name as a variable. */
    static final String PATTERN_BEFORE_PROCESS = "%d{HH:mm:ss.SSS} %-5level [";
    static final String PATTERN_AFTER_PROCESS = "] %logger{0}: %msg%n";
    static final String DEFAULT_PROCESS = "dsms";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, System.getenv());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets up {@code context} as the environment {@code environment} asks. */
    static void configure(LoggerContext context, Map<String, String> environment) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern(environment.getOrDefault("DSMS_PROCESS", DEFAULT_PROCESS)));
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        context.getLogger("io.javalin").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(environment.get("DSMS_LOG_LEVEL"), Level.INFO));
        root.addAppender(appender);
    }

    /** The line pattern for a process; percent signs in its name are escaped, not interpreted. */
    static String pattern(String process) {
        return PATTERN_BEFORE_PROCESS + process.replace("%", "\\%") + PATTERN_AFTER_PROCESS;
    }
}
