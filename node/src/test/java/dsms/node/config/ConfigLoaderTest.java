package dsms.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.config.ClusterConfig.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    private static String validConfig() {
        return """
                mode: byzantine
                secret: %s
                frontEnd: {host: 127.0.0.1, httpPort: 8080, port: 7100}
                sequencer: {host: 127.0.0.1, port: 7000}
                replicas:
                  - {id: A, host: 127.0.0.1, port: 9000, managerPort: 9100}
                  - {id: B, host: 127.0.0.1, port: 9001, managerPort: 9101}
                  - {id: C, host: 127.0.0.1, port: 9002, managerPort: 9102}
                """.formatted(SECRET);
    }

    @Test
    void shouldLoadValidConfigWithDefaultsForOptionalKeys() throws ConfigException {
        ClusterConfig config = ConfigLoader.parse("test.conf", validConfig());
        assertThat(config.mode()).isEqualTo(FailureMode.BYZANTINE);
        assertThat(config.replicaCount()).isEqualTo(3);
        assertThat(config.replica("b").port()).isEqualTo(9001);
        assertThat(config.fsync()).isEqualTo(FsyncPolicy.ALWAYS);
        assertThat(config.faultInjection()).isFalse();
        assertThat(config.timeouts()).isEqualTo(ClusterConfig.TimeoutsConfig.DEFAULTS);
    }

    @Test
    void shouldNameUnknownKeyAndItsPlace() {
        String text = validConfig().replace("port: 9001,", "port: 9001, colour: red,");
        assertThatThrownBy(() -> ConfigLoader.parse("test.conf", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'colour'")
                .hasMessageContaining("replicas[1]");
    }

    @Test
    void shouldRejectBadPort() {
        String text = validConfig().replace("port: 7000", "port: 70000");
        assertThatThrownBy(() -> ConfigLoader.parse("test.conf", text))
                .hasMessageContaining("sequencer: bad port 70000");
    }

    @Test
    void shouldLeaveTheStreamOffWithoutAStreamPortAndCheckOneThatIsGiven() throws ConfigException {
        assertThat(ConfigLoader.parse("test.conf", validConfig()).frontEnd().streamPort()).as("absent: off").isNull();
        assertThat(ConfigLoader.parse("test.conf", validConfig().replace("httpPort: 8080,", "httpPort: 8080, streamPort: 8083,"))
                .frontEnd().streamPort()).isEqualTo(8083);
        assertThatThrownBy(() -> ConfigLoader.parse("test.conf",
                validConfig().replace("httpPort: 8080,", "httpPort: 8080, streamPort: 8080,")))
                .hasMessageContaining("frontEnd.streamPort 8080 is already frontEnd.httpPort");
        assertThatThrownBy(() -> ConfigLoader.parse("test.conf",
                validConfig().replace("httpPort: 8080,", "httpPort: 8080, streamPort: 0,")))
                .hasMessageContaining("frontEnd.streamPort: missing port");
    }

    @Test
    void shouldRejectMissingReplica() {
        String text = validConfig().replace("id: B", "id: D");
        assertThatThrownBy(() -> ConfigLoader.parse("test.conf", text)).hasMessageContaining("missing replica B");
    }

    @Test
    void shouldRejectTooFewReplicas() {
        String text = validConfig().replace("  - {id: C, host: 127.0.0.1, port: 9002, managerPort: 9102}\n", "");
        assertThatThrownBy(() -> ConfigLoader.parse("test.conf", text))
                .hasMessageContaining("'replicas' must list 3 to 9 replicas, found 2");
    }

    @Test
    void shouldRejectUnknownModeListingTheChoices() {
        String text = validConfig().replace("mode: byzantine", "mode: paranoid");
        assertThatThrownBy(() -> ConfigLoader.parse("test.conf", text))
                .hasMessageContaining("bad value 'paranoid' at mode")
                .hasMessageContaining("expected one of crash, byzantine");
    }

    @Test
    void shouldRejectShortSecretAndPortsUsedTwice() {
        String text = validConfig().replace(SECRET, "abcd").replace("port: 9002,", "port: 9001,");
        assertThatThrownBy(() -> ConfigLoader.parse("test.conf", text))
                .hasMessageContaining("'secret' must be at least 32 bytes")
                .hasMessageContaining("replicas[2] uses 127.0.0.1:9001, already used by replicas[1]");
    }

    @Test
    void shouldRejectMissingFileClearly(@TempDir Path directory) {
        assertThatThrownBy(() -> ConfigLoader.load(directory.resolve("absent.conf")))
                .hasMessageEndingWith("absent.conf: no such config file");
    }

    @Test
    void shouldRoundTripWrittenConfigWithOwnerOnlyPermissions(@TempDir Path directory) throws Exception {
        ClusterConfig original = ConfigLoader.parse("test.conf", validConfig());
        ClusterConfig fresh = new ClusterConfig(original.mode(), ConfigWriter.newSecret(new SecureRandom()), true,
                FsyncPolicy.NEVER, new ClusterConfig.FrontEndConfig("127.0.0.1", 8080, 7100, 8083), original.sequencer(),
                original.replicas(), original.timeouts());
        Path file = directory.resolve("cluster.conf");
        ConfigWriter.write(fresh, file);
        assertThat(ConfigLoader.load(file)).isEqualTo(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void shouldAcceptTheThreeMachineExampleOfTheDocs() throws ConfigException {
        ClusterConfig config = ConfigLoader.load(Path.of("..", "docs", "three-machines.conf"));
        assertThat(config.replicas()).extracting(ClusterConfig.ReplicaConfig::host)
                .isEqualTo(List.of("192.168.0.10", "192.168.0.11", "192.168.0.12"));
        assertThat(config.frontEnd().streamPort()).isEqualTo(8083);
    }
}
