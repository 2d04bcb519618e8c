package dsms.node.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starting further dsms processes from this one, and stopping when the starter goes away. */
public final class Launcher {
    /**
     * Set for processes started by another dsms process: they stop when their parent does, which
     * they notice as the end of their standard input (the parent holds its write end).
     */
    public static final String WATCH_PARENT_ENVIRONMENT = "DSMS_WATCH_PARENT";

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
        if (System.getenv(WATCH_PARENT_ENVIRONMENT) == null) {
            return;
        }
        Thread watcher = new Thread(() -> {
            try {
                InputStream input = System.in;
                while (input.read() >= 0) {
                    // The parent never writes; anything read is ignored until the end of the stream.
                }
            } catch (IOException e) {
                // A broken pipe means the parent is gone, like the end of the stream.
            }
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
