package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code dsms bench --crash}: telling when the replica is back, and what the crash cost, with stand-ins for the cluster. */
class BenchCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = "{\"ok\":true,\"code\":\"OK\",\"message\":\"done\",\"data\":{}}";
    private static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final long KILLED_PID = 4242;

    /** The front end's status JSON with replicas A, B and C: each one's status and lastSeq. */
    private static JsonNode status(String statusB, long lastSeqB, long lastSeqOthers) {
        ObjectNode status = JSON.createObjectNode().put("mode", "crash");
        ArrayNode replicas = status.putArray("replicas");
        replicas.addObject().put("id", "A").put("status", "UP").put("lastSeq", lastSeqOthers);
        replicas.addObject().put("id", "B").put("status", statusB).put("lastSeq", lastSeqB);
        replicas.addObject().put("id", "C").put("status", "UP").put("lastSeq", lastSeqOthers);
        return status;
    }

    @Test
    void shouldNotTakeTheDeadReplicaForBackBeforeItWentAway() {
        EventWindow window = new EventWindow();
        window.start(1_000);
        List<String> progress = new ArrayList<>();
        RecoveryWatcher watcher = new RecoveryWatcher(() -> null, "B", window, 0, progress::add);

        // Right after the kill the front end has not noticed: B still shows UP and level.
        watcher.observe(status("UP", 500, 500), 2_000);
        watcher.observe(status("UP", 500, 520), 3_000);
        assertThat(watcher.backNs()).isZero();
        assertThat(watcher.seenDownNs()).isZero();

        watcher.observe(status("DOWN", 500, 600), 4_000);
        assertThat(watcher.seenDownNs()).isEqualTo(4_000);
        watcher.observe(status("RECOVERING", 550, 700), 5_000);
        // Up again but still catching up: more than the allowed lag behind.
        watcher.observe(status("UP", 590, 590 + RecoveryWatcher.CAUGHT_UP_LAG_MAX + 1), 6_000);
        assertThat(watcher.backNs()).isZero();
        assertThat(window.ended()).isFalse();

        watcher.observe(status("UP", 800, 800 + RecoveryWatcher.CAUGHT_UP_LAG_MAX), 7_000);
        assertThat(watcher.backNs()).isEqualTo(7_000);
        assertThat(window.endNs()).isEqualTo(7_000 + EventWindow.AFTERMATH_NS);
        assertThat(progress).hasSize(2);
        assertThat(progress.get(0)).contains("replica B is DOWN");
        assertThat(progress.get(1)).contains("replica B is back");
    }

    @Test
    void shouldWantTheReplicaPastEverySequenceAnsweredAtTheKill() {
        // Level with the others and UP, but nobody moved since the kill: nothing proves a new process answers.
        assertThat(RecoveryWatcher.sight(status("UP", 500, 500), "B").back(500)).isFalse();
        assertThat(RecoveryWatcher.sight(status("UP", 501, 501), "b").back(500)).isTrue();
        assertThat(RecoveryWatcher.sight(status("DOWN", 501, 501), "B").back(500)).isFalse();
        assertThatThrownBy(() -> RecoveryWatcher.sight(status("UP", 1, 1), "D"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the front end's status has no replica D");
    }

    /** A stand-in cluster: a server that answers slowly, or refuses, while "replica B" is down, and a status to match. */
    private static final class FakeCluster {
        final AtomicLong killNs = new AtomicLong();
        final AtomicInteger probes = new AtomicInteger();
        final long downForNs;
        final long seenDownAfterNs;

        FakeCluster(long downForMs, long seenDownAfterMs) {
            this.downForNs = TimeUnit.MILLISECONDS.toNanos(downForMs);
            this.seenDownAfterNs = TimeUnit.MILLISECONDS.toNanos(seenDownAfterMs);
        }

        boolean down() {
            long killed = killNs.get();
            return killed != 0 && System.nanoTime() - killed < downForNs;
        }

        long kill(String replica) {
            assertThat(replica).isEqualTo("B");
            killNs.set(System.nanoTime());
            return KILLED_PID;
        }

        /** Stale UP until the front end notices, DOWN until the replica is back, then UP and caught up. */
        JsonNode status() {
            long killed = killNs.get();
            long sinceKillNs = System.nanoTime() - killed;
            long lastSeq = TimeUnit.NANOSECONDS.toMillis(sinceKillNs);
            if (sinceKillNs < seenDownAfterNs) {
                return BenchCrashTest.status("UP", 0, 0);
            }
            return sinceKillNs < downForNs ? BenchCrashTest.status("DOWN", 0, lastSeq)
                    : BenchCrashTest.status("UP", lastSeq, lastSeq);
        }
    }

    private static BenchRun.Figures run(ScriptedHttpServer server, CrashEvent crash, double crashAtSeconds, int seconds,
            List<String> progress) throws Exception {
        BenchRequests.Endpoint endpoint = BenchRequests.Endpoint.parse(server.url());
        return new BenchRun(new BenchRun.Settings(endpoint, server.address(), new ApiKeys(SECRET), 8, 1, 1, BenchEncoding.JSON, 200, Duration.ZERO,
                Duration.ofSeconds(seconds), Duration.ofSeconds(5), BenchWorkload.READ, Duration.ofMillis(500),
                new BenchRun.CrashPlan(crash, Duration.ofMillis(Math.round(crashAtSeconds * 1000))), progress::add)).run();
    }

    @Test
    void shouldCountWhatTheCrashCostTheClientsFromTheKillUntilASecondAfterTheReplicaIsBack() throws Exception {
        FakeCluster cluster = new FakeCluster(600, 150);
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            if (cluster.down()) {
                Thread.sleep(50);
            }
            out.write(ScriptedHttpServer.ok(OK));
        })) {
            List<String> progress = Collections.synchronizedList(new ArrayList<>());
            CrashEvent crash = new CrashEvent(cluster::kill, "b", cluster::status, cluster.probes::incrementAndGet,
                    new EventWindow(), progress::add);

            BenchRun.Figures figures = run(server, crash, 0.5, 3, progress);

            CrashEvent.Report report = figures.crash();
            assertThat(report.killed()).isTrue();
            assertThat(report.killedPid()).isEqualTo(KILLED_PID);
            assertThat(report.replica()).isEqualTo("B");
            assertThat(report.atSeconds()).isBetween(0.5, 0.7);
            assertThat(report.back()).isTrue();
            assertThat(report.seenDownAfterMs()).isBetween(150L, 600L);
            // Back once the status says so; the watcher polls every 50 ms.
            assertThat(report.downForMs()).isBetween(600L, 900L);
            assertThat(report.eventEndedInRun()).isTrue();
            assertThat(report.eventSeconds()).isCloseTo(report.downForMs() / 1000.0 + 1, org.assertj.core.api.Assertions.within(0.01));
            // Every operation meant to leave during the event's 1.6 s or so at 200 operations/s, give or take the
            // requests at its edges; more when a stalled machine left requests from before the kill in flight.
            assertThat(report.operationsDuringEvent()).isBetween((long) (report.eventSeconds() * 200) - 20,
                    figures.operations());
            assertThat(report.errorsDuringEvent()).isZero();
            assertThat(report.p99MsDuringEvent()).isGreaterThanOrEqualTo(50.0);
            assertThat(report.maxMsDuringEvent()).isGreaterThanOrEqualTo(report.p99MsDuringEvent());
            assertThat(figures.errors()).isZero();
            assertThat(cluster.probes.get()).as("no probe while the load runs").isZero();
            assertThat(progress).anyMatch(line -> line.contains("killed replica B (pid 4242)"))
                    .anyMatch(line -> line.contains("replica B is back"));

            ObjectNode json = JSON.createObjectNode();
            report.writeJson(json);
            List<String> fields = new ArrayList<>();
            json.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("replica", "atSeconds", "killed", "pid", "back", "seenDownAfterMs", "downForMs",
                    "eventSeconds", "eventEndedInRun", "operationsDuringEvent", "errorsDuringEvent", "p50MsDuringEvent",
                    "p99MsDuringEvent", "maxMsDuringEvent");
            assertThat(json.path("downForMs").asLong()).isEqualTo(report.downForMs());
            assertThat(report.lines()).hasSize(2);
            assertThat(report.lines().get(0)).startsWith("crash of replica B at 0.").contains("back, up and caught up after");
        }
    }

    @Test
    void shouldCountRefusedRequestsDuringTheEventAsItsErrors() throws Exception {
        FakeCluster cluster = new FakeCluster(400, 0);
        byte[] refusal = "{\"ok\":false,\"code\":\"TIMED_OUT\",\"message\":\"no result in time\"}".getBytes(StandardCharsets.UTF_8);
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> {
            if (cluster.down()) {
                out.write(ScriptedHttpServer.concat(("HTTP/1.1 504 Gateway Timeout\r\nContent-Length: " + refusal.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), refusal));
            } else {
                out.write(ScriptedHttpServer.ok(OK));
            }
        })) {
            CrashEvent crash = new CrashEvent(cluster::kill, "B", cluster::status, () -> { }, new EventWindow(), line -> { });

            BenchRun.Figures figures = run(server, crash, 0.5, 2, new ArrayList<>());

            CrashEvent.Report report = figures.crash();
            // About 0.4 s of refusals at 200 operations/s (more if a stall before the kill left requests to catch
            // up on), every one inside the event.
            assertThat(figures.errors()).isPositive();
            assertThat(report.errorsDuringEvent()).isEqualTo(figures.errors());
            assertThat(report.operationsDuringEvent()).isPositive();
            assertThat(report.back()).isTrue();
        }
    }

    @Test
    void shouldWaitForTheReplicaAfterTheLoadWithProbesThatKeepRequestsFlowing() throws Exception {
        // Down for longer than the run: back only during the wait after it.
        FakeCluster cluster = new FakeCluster(1500, 100);
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> out.write(ScriptedHttpServer.ok(OK)))) {
            List<String> progress = Collections.synchronizedList(new ArrayList<>());
            CrashEvent crash = new CrashEvent(cluster::kill, "B", cluster::status, cluster.probes::incrementAndGet,
                    new EventWindow(), progress::add);

            BenchRun.Figures figures = run(server, crash, 0.5, 1, progress);

            CrashEvent.Report report = figures.crash();
            assertThat(report.back()).isTrue();
            assertThat(report.downForMs()).isBetween(1500L, 1800L);
            assertThat(report.eventEndedInRun()).as("the event is cut at the run's last answer").isFalse();
            assertThat(report.eventSeconds()).isLessThan(1.0);
            assertThat(cluster.probes.get()).isPositive();
            assertThat(progress).anyMatch(line -> line.startsWith("the load is over; waiting up to 5 s for replica B"));
        }
    }

    @Test
    void shouldReportACrashThatCouldNotBeInjected() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((request, text, out) -> out.write(ScriptedHttpServer.ok(OK)))) {
            CrashEvent crash = new CrashEvent(replica -> {
                throw new IOException("replica B is not running on this machine");
            }, "B", () -> {
                throw new IOException("no status without a crash");
            }, () -> { }, new EventWindow(), line -> { });

            BenchRun.Figures figures = run(server, crash, 0.2, 1, new ArrayList<>());

            CrashEvent.Report report = figures.crash();
            assertThat(report.killed()).isFalse();
            assertThat(report.back()).isFalse();
            assertThat(report.failure()).isEqualTo("replica B is not running on this machine");
            assertThat(report.lines()).containsExactly("crash of replica B: not injected: replica B is not running on this machine");
            assertThat(figures.errors()).isZero();
        }
    }
}
