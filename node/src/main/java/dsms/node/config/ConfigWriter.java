package dsms.node.config;

import dsms.node.config.ClusterConfig.ReplicaConfig;
import dsms.node.config.ClusterConfig.TimeoutsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Writes cluster configs as commented YAML that an operator can read and edit. */
public final class ConfigWriter {
    private ConfigWriter() {}

    /** A fresh random cluster secret in hex, as every new cluster gets one. */
    public static String newSecret(SecureRandom random) {
        byte[] secret = new byte[ConfigValidator.SECRET_BYTES_MIN];
        random.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /**
     * Writes {@code config} to {@code file} readable by its owner only (mode 600 where the file
     * system supports it), since it holds the cluster secret.
     */
    public static void write(ClusterConfig config, Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "cluster", ".conf.tmp");
        try {
            setOwnerOnly(temporary);
            Files.writeString(temporary, render(config));
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void setOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Non-POSIX file systems (Windows) protect the file through their own ACLs.
        }
    }

    /** The YAML text of {@code config}, with a comment on every section. */
    public static String render(ClusterConfig config) {
        StringBuilder text = new StringBuilder();
        text.append("# DSMS cluster config. Every process of the cluster reads this same file.\n");
        text.append("# It holds the cluster secret: keep it private (mode 600).\n\n");
        text.append("# crash: answer with the first result; byzantine: answer when f+1 results agree.\n");
        text.append("mode: ").append(lower(config.mode())).append('\n');
        text.append("secret: ").append(config.secret()).append('\n');
        text.append("# Allows 'dsms fault crash|byzantine|heal REPLICA'. Keep it off in production.\n");
        text.append("faultInjection: ").append(config.faultInjection()).append('\n');
        text.append("# always: a result leaves a replica only after its log entry is on disk; never: do not wait.\n");
        text.append("fsync: ").append(lower(config.fsync())).append("\n\n");
        text.append("frontEnd:\n");
        text.append("  host: ").append(config.frontEnd().host()).append('\n');
        text.append("  httpPort: ").append(config.frontEnd().httpPort()).append("   # clients and the dashboard\n");
        if (config.frontEnd().streamPort() != null) {
            text.append("  streamPort: ").append(config.frontEnd().streamPort())
                    .append("   # TCP, the stream protocol: the fastest client path\n");
        }
        text.append("  port: ").append(config.frontEnd().port()).append("   # UDP, from the sequencer and replicas\n\n");
        text.append("sequencer:\n");
        text.append("  host: ").append(config.sequencer().host()).append('\n');
        text.append("  port: ").append(config.sequencer().port()).append("\n\n");
        text.append("# Replicas A, B, C... in order. Each replica's manager runs on the replica's host.\n");
        text.append("replicas:\n");
        for (ReplicaConfig replica : config.replicas()) {
            text.append("  - id: ").append(replica.id()).append('\n');
            text.append("    host: ").append(replica.host()).append('\n');
            text.append("    port: ").append(replica.port()).append('\n');
            text.append("    managerPort: ").append(replica.managerPort()).append('\n');
            if (replica.dataDir() != null) {
                text.append("    dataDir: ").append(replica.dataDir()).append('\n');
            }
        }
        TimeoutsConfig timeouts = config.timeouts();
        text.append("\n# Milliseconds. The result timeout adapts between its bounds.\n");
        text.append("timeouts:\n");
        text.append("  resultMsMin: ").append(timeouts.resultMsMin()).append('\n');
        text.append("  resultMsMax: ").append(timeouts.resultMsMax()).append('\n');
        text.append("  requestMsMax: ").append(timeouts.requestMsMax()).append('\n');
        text.append("  retransmitMs: ").append(timeouts.retransmitMs()).append('\n');
        return text.toString();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
