package dsms.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.protocol.Outbox;
import dsms.protocol.ProtocolRole;
import dsms.protocol.RecordingOutbox;
import dsms.core.StateDigest;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.CrashSuspicion;
import dsms.protocol.message.ManagerReport;
import dsms.protocol.message.Message;
import dsms.protocol.message.NodeId;
import dsms.protocol.message.ReplicaResult;
import dsms.protocol.message.RequestId;
import dsms.protocol.message.ResultVerdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The front end's view of each replica, driven by hand: results in, reports out, time by ticks. */
class ReplicaObserverTest {
    private static final long MILLI_NS = 1_000_000L;

    /** A front end stand-in that sends, on its next tick, whatever the test queued. */
    private static final class ScriptedRole implements ProtocolRole {
        final List<Message> toManagers = new ArrayList<>();

        @Override
        public NodeId id() {
            return NodeId.frontEnd(0);
        }

        final List<Message> received = new ArrayList<>();

        @Override
        public void onMessage(NodeId from, Message message, Outbox outbox) {
            received.add(message);
        }

        @Override
        public void onTick(long nowNs, Outbox outbox) {
            for (Message message : toManagers) {
                for (int manager = 0; manager < 3; manager++) {
                    outbox.send(NodeId.replicaManager(manager), message);
                }
            }
            toManagers.clear();
        }
    }

    private final ScriptedRole role = new ScriptedRole();
    private final ReplicaObserver observer = new ReplicaObserver(role, 3);
    private final RecordingOutbox outbox = new RecordingOutbox();

    private void tickAt(long ms) {
        observer.onTick(ms * MILLI_NS, outbox);
    }

    private void result(int replica, long sequence) {
        observer.onMessage(NodeId.replica(replica), new ReplicaResult(sequence, new RequestId(1, sequence), 0, 1,
                new byte[] {1}), outbox);
    }

    @Test
    void aReplicaBehindAndSilentForHalfASecondLooksDownUntilItAnswers() {
        tickAt(1_000);
        result(0, 1);
        result(1, 1);
        result(2, 1);
        tickAt(1_100);
        result(0, 2);
        result(1, 2);
        assertThat(observer.lag(2)).isEqualTo(1);
        tickAt(1_100 + 500);
        assertThat(observer.looksDown(2)).as("exactly the limit is not yet down").isFalse();
        tickAt(1_100 + 501);
        assertThat(observer.looksDown(2)).isTrue();
        assertThat(observer.looksDown(0)).isFalse();

        result(2, 2);
        assertThat(observer.looksDown(2)).isFalse();
        assertThat(observer.lag(2)).isZero();
        assertThat(observer.lastSequence(2)).isEqualTo(2);
    }

    @Test
    void aLiveReplicaAFewResultsBehindUnderLoadStaysUp() {
        for (long sequence = 1; sequence <= 100; sequence++) {
            tickAt(1_000 + 10 * sequence);
            result(0, sequence);
            result(1, sequence);
            result(2, Math.max(1, sequence - 3));
        }
        tickAt(2_100);
        assertThat(observer.lag(2)).isEqualTo(3);
        assertThat(observer.looksDown(2)).isFalse();
    }

    @Test
    void aLevelIdleClusterStaysUp() {
        tickAt(1_000);
        result(0, 5);
        result(1, 5);
        result(2, 5);
        tickAt(60_000);
        assertThat(observer.looksDown(0)).isFalse();
        assertThat(observer.looksDown(2)).isFalse();
    }

    @Test
    void aCrashSuspicionAfterTheLastResultShowsTheReplicaDownAtOnce() {
        tickAt(1_000);
        result(1, 1);
        role.toManagers.add(new CrashSuspicion(1, 1));
        tickAt(1_050);
        assertThat(observer.crashSuspicions(1)).as("one report to three managers counts once").isEqualTo(1);
        assertThat(observer.looksDown(1)).isTrue();
        assertThat(outbox.sentOfType(CrashSuspicion.class)).hasSize(3);

        tickAt(1_060);
        result(1, 2);
        assertThat(observer.looksDown(1)).isFalse();
    }

    @Test
    void verdictsCountWrongAndMissingResultsPerReplica() {
        tickAt(1_000);
        role.toManagers.add(new ResultVerdict(new RequestId(1, 1), 1, 0, ResultVerdict.Verdict.CORRECT));
        role.toManagers.add(new ResultVerdict(new RequestId(1, 1), 1, 1, ResultVerdict.Verdict.WRONG));
        role.toManagers.add(new ResultVerdict(new RequestId(1, 1), 1, 2, ResultVerdict.Verdict.MISSING));
        role.toManagers.add(new ResultVerdict(new RequestId(1, 2), 2, 1, ResultVerdict.Verdict.WRONG));
        tickAt(1_001);
        assertThat(observer.wrongResults(0)).isZero();
        assertThat(observer.wrongResults(1)).isEqualTo(2);
        assertThat(observer.missingResults(2)).isEqualTo(1);
        assertThat(observer.missingResults(1)).isZero();
    }

    private void announce(int replica, long sequence, byte digestByte) {
        byte[] digest = new byte[StateDigest.LENGTH_BYTES];
        digest[0] = digestByte;
        observer.onMessage(NodeId.replica(replica),
                new CheckpointAnnouncement(sequence, sequence + 5, 100, StateDigest.fromBytes(digest)), outbox);
    }

    @Test
    void reportsFromReplicasAndManagersFeedTheStatusAndNeverReachTheFrontEnd() {
        tickAt(1_000);
        announce(0, 64, (byte) 1);
        observer.onMessage(NodeId.replicaManager(1),
                new ManagerReport(1, ManagerReport.ObservedState.RECOVERING, 2, 1), outbox);

        assertThat(observer.reports().checkpoint(0).report().deliveredSequence()).isEqualTo(69);
        ManagerReport manager = observer.reports().manager(1).report();
        assertThat(manager.restarts()).isEqualTo(2);
        assertThat(manager.replacements()).isEqualTo(1);
        assertThat(ReplicaReports.isFresh(observer.reports().manager(1), 2_000 * MILLI_NS)).isTrue();
        assertThat(ReplicaReports.isFresh(observer.reports().manager(1), 4_000 * MILLI_NS)).isFalse();
        assertThat(role.received).isEmpty();
    }

    @Test
    void aManagerReportAboutAnotherReplicaIsIgnored() {
        tickAt(1_000);
        observer.onMessage(NodeId.replicaManager(1), new ManagerReport(2, ManagerReport.ObservedState.DOWN, 0, 0), outbox);

        assertThat(observer.reports().manager(1)).isNull();
        assertThat(observer.reports().manager(2)).isNull();
    }

    @Test
    void digestsDisagreeOnlyAtTheSameCheckpointSequence() {
        tickAt(1_000);
        announce(0, 64, (byte) 1);
        announce(1, 64, (byte) 1);
        announce(2, 128, (byte) 9);
        assertThat(observer.reports().digestAgrees(0)).isTrue();
        assertThat(observer.reports().digestAgrees(2)).as("no other checkpoint at 128 to compare").isTrue();

        announce(2, 64, (byte) 7);

        assertThat(observer.reports().digestAgrees(0)).isFalse();
        assertThat(observer.reports().digestAgrees(2)).isFalse();
    }
}
