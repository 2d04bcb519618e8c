package dsms.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.node.config.ClusterConfig.FailureMode;
import dsms.node.testing.LoopbackCluster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client prompt, fed lines as a terminal would, against a live front end. */
class InteractiveShellTest {
    private static LoopbackCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(FailureMode.CRASH, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Session(int exitStatus, String screen) {}

    private static Session type(String user, String lines, Path history, boolean json) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        OperationClient client = new OperationClient(cluster.baseUrl(), cluster.keyOf(user), user, Duration.ofSeconds(20));
        try (DumbTerminal terminal = new DumbTerminal(
                new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), screen)) {
            int status = new InteractiveShell(terminal, history, client, json).run(user);
            terminal.flush();
            return new Session(status, screen.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void eachLineRunsLikeTheOneShotFormUntilQuit(@TempDir Path directory) throws Exception {
        Path history = directory.resolve("history");
        Session session = type("LONA0001", String.join("\n", "help", "addShare LONE020226 equity 30",
                "listShareAvailability EQUITY", "", "removeShare LONE020226", "quit", "getShares", ""), history, false);

        assertThat(session.screen())
                .contains("swapShares OLDID OLDTYPE NEWID NEWTYPE")
                .contains("share LONE020226 EQUITY added with capacity 30")
                .contains("LON    LONE020226 EQUITY    30       30")
                .contains("USAGE_ERROR: wrong number of arguments for removeShare")
                .doesNotContain("holdings");
        assertThat(session.exitStatus()).isEqualTo(2);
        assertThat(Files.readString(history)).contains("addShare LONE020226 equity 30").contains("help");
    }

    @Test
    void endOfInputEndsTheSessionWithTheLastStatus() throws Exception {
        Session session = type("LONB0001", "getShares\npurchaseShare LONE090926 BONUS 1\n", null, false);
        assertThat(session.screen()).contains("0 holdings").contains("SHARE_NOT_FOUND: ");
        assertThat(session.exitStatus()).isEqualTo(1);
    }

    @Test
    void jsonPrintsOneObjectPerLine() throws Exception {
        Session session = type("LONB0002", "getShares\nbogus\n", null, true);
        assertThat(session.screen())
                .contains("{\"ok\":true,\"code\":\"OK\",\"message\":\"0 holdings\",\"data\":{\"holdings\":[]}}")
                .contains("{\"ok\":false,\"code\":\"USAGE_ERROR\",\"message\":\"unknown operation 'bogus'");
    }
}
