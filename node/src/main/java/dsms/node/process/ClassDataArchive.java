package dsms.node.process;

import dsms.node.config.ClusterConfig;
import dsms.node.config.ConfigWriter;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application class-data archive (AppCDS) for this jar: the classes a replica loads when it
 * starts, parsed and laid out once, mapped into every later dsms JVM instead of being loaded
 * again. A replica's JVM spends most of its start-up loading about 3,000 classes (the config
 * parser, logging, the protocol, the market); with the archive that part takes about 40 % less
 * (0.73 s down to 0.44 s on the project's 2-core machine), which a restarted or replaced replica
 * gains on every start.
 *
 * <p>The archive is made by a training run: a replica started with {@code
 * -XX:ArchiveClassesAtExit} against a throw-away cluster config, which stops right after it
 * started ({@code dsms start replica --exit-after-start}). It lives next to the jar and is used
 * only while it is newer than the jar; the JVM itself checks it too, and runs without it (with a
 * warning) when it does not match. Where the archive cannot be made (a read-only install, a JVM
 * without CDS) everything works as before, only slower to start.
 */
public final class ClassDataArchive {
    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    /** A training run that takes longer than this is stopped; the processes start without the archive. */
    static final long TRAINING_SECONDS_MAX = 120;
    static final String ARCHIVE_NAME = "dsms-classes.jsa";

    private ClassDataArchive() {}

    /** Where the archive of {@code jar} lives. */
    static Path archiveOf(Path jar) {
        return jar.resolveSibling(ARCHIVE_NAME);
    }

    /** The archive of {@code jar} when it exists and was made after the jar, so it can match. */
    public static Optional<Path> usable(Path jar) {
        Path archive = archiveOf(jar);
        try {
            FileTime jarTime = Files.getLastModifiedTime(jar);
            return Files.isRegularFile(archive) && Files.getLastModifiedTime(archive).compareTo(jarTime) >= 0
                    ? Optional.of(archive) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes the archive of {@code jar} unless a usable one exists; tells whether one is usable
     * afterwards. The training run takes a few seconds, once per build of the jar.
     */
    public static boolean ensure(Path jar) throws InterruptedException {
        if (usable(jar).isPresent()) {
            return true;
        }
        Path training = null;
        try {
            training = Files.createTempDirectory("dsms-cds-training");
            Path config = training.resolve("cluster.conf");
            ConfigWriter.write(trainingConfig(), config);
            // Written beside the archive and renamed into place, so that a reader never sees half a file.
            Path partial = Files.createTempFile(jar.toAbsolutePath().getParent(), "dsms-classes", ".jsa.partial");
            Files.delete(partial);
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-XX:ArchiveClassesAtExit=" + partial);
            command.addAll(JvmOptions.Role.REPLICA.defaults());
            command.addAll(List.of("-jar", jar.toString(), "start", "replica", "--config", config.toString(), "--id", "A",
                    "--exit-after-start"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(training.resolve("training.log").toFile()).start();
            if (!process.waitFor(TRAINING_SECONDS_MAX, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("the class-data training run took over {} s; processes start without the archive",
                        TRAINING_SECONDS_MAX);
                Files.deleteIfExists(partial);
                return false;
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(partial)) {
                LOG.warn("the class-data training run failed (exit {}); processes start without the archive; see {}",
                        process.exitValue(), training.resolve("training.log"));
                Files.deleteIfExists(partial);
                training = null; // keep its log for whoever looks
                return false;
            }
            Files.move(partial, archiveOf(jar), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            LOG.warn("cannot make a class-data archive next to {}: {}; processes start without it", jar, e.getMessage());
            return false;
        } finally {
            if (training != null) {
                deleteQuietly(training);
            }
        }
    }

    /** A one-replica-sized cluster on free loopback ports; only replica A ever runs, and only briefly. */
    private static ClusterConfig trainingConfig() throws IOException {
        String host = "127.0.0.1";
        List<ClusterConfig.ReplicaConfig> replicas = new ArrayList<>();
        for (String id : List.of("A", "B", "C")) {
            replicas.add(new ClusterConfig.ReplicaConfig(id, host, freePort(), freePort(), null));
        }
        return new ClusterConfig(ClusterConfig.FailureMode.CRASH, ConfigWriter.newSecret(new SecureRandom()), false,
                ClusterConfig.FsyncPolicy.ALWAYS, new ClusterConfig.FrontEndConfig(host, freePort(), freePort(), null),
                new ClusterConfig.SequencerConfig(host, freePort()), replicas, null);
    }

    /** A UDP port free a moment ago; another process may take it meanwhile, which only fails the training. */
    private static int freePort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
