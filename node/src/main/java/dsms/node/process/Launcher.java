package dsms.node.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Starting further dsms processes from this one, and stopping when the starter goes away. */
public final class Launcher {
    /**
     * Set for processes started by another dsms process: they stop when their parent does, which
     * they notice as the end of their standard input (the parent holds its write end).
     */
    public static final String WATCH_PARENT_ENVIRONMENT = "DSMS_WATCH_PARENT";

    /**
     * The one byte a parent ever writes to its child's standard input: it calls a standby (a
     * process started ahead of need, {@code --standby}) to start for real.
     */
    public static final int CALL_BYTE = 'g';

    /** Released when the parent calls this process; see {@link #awaitCall}. */
    private static final CountDownLatch CALLED = new CountDownLatch(1);

    /** The JVM's uptime in milliseconds when the parent called, or -1 before that. */
    private static volatile long calledAtUptimeMs = -1;

    private Launcher() {}

    /**
     * The command that runs this same program as a process of {@code role}: this JVM's binary and
     * system properties, the class-data archive when there is a usable one ({@link
     * ClassDataArchive}), the role's JVM options ({@link JvmOptions}), this jar.
     */
    public static List<String> javaCommand(JvmOptions.Role role) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        Path jar = ownJar();
        // Before the role's options, so that an operator's DSMS_<ROLE>_JAVA_OPTS can turn it off (-Xshare:off).
        ClassDataArchive.usable(jar).ifPresent(archive -> command.add("-XX:SharedArchiveFile=" + archive));
        command.addAll(JvmOptions.forRole(role, ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv(),
                JvmOptions.hugePagesOnRequest()));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The jar this program runs from. */
    public static Path ownJar() {
        try {
            return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the dsms jar", e);
        }
    }

    /**
     * When started by another dsms process, exits once that process is gone, so that stopping
     * {@code dsms up} (even with kill -9) never leaves orphans holding ports.
     */
    public static void exitWithParent() {
        if (!watchesParent()) {
            return;
        }
        Thread watcher = new Thread(() -> {
            try {
                InputStream input = System.in;
                int read;
                while ((read = input.read()) >= 0) {
                    // The parent writes nothing but the call of a standby; anything else is ignored.
                    if (read == CALL_BYTE && CALLED.getCount() > 0) {
                        calledAtUptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
                        CALLED.countDown();
                    }
                }
            } catch (IOException e) {
                // A broken pipe means the parent is gone, like the end of the stream.
            }
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Whether this process was started by another dsms process, which it then watches. */
    public static boolean watchesParent() {
        return System.getenv(WATCH_PARENT_ENVIRONMENT) != null;
    }

    /**
     * Waits until the parent calls this standby ({@link #CALL_BYTE}); the process exits instead
     * when the parent goes away first. Needs {@link #exitWithParent} to be watching.
     */
    public static void awaitCall() throws InterruptedException {
        CALLED.await();
    }

    /**
     * Milliseconds from the parent's call to now for a standby that was called, else the JVM's
     * uptime: how long this process took to get going, for the start-up figures replicas log.
     */
    public static long msSinceStartOrCall() {
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        long calledMs = calledAtUptimeMs;
        return calledMs < 0 ? uptimeMs : uptimeMs - calledMs;
    }

    /** Whether a parent called this process as a standby. */
    public static boolean wasCalled() {
        return calledAtUptimeMs >= 0;
    }
}
