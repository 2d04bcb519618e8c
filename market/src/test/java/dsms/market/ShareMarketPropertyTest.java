package dsms.market;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.core.AuditSink;
import dsms.core.InvariantViolation;
import dsms.market.codec.CommandCodec;
import dsms.market.command.Command;
import dsms.market.workload.Mix;
import dsms.market.workload.Universe;
import dsms.market.workload.WorkloadGenerator;
import dsms.market.codec.ResultCodec;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties over many seeded workloads on a crowded universe, where every rule fires often. A
 * failure names its seed; rerun that one seed to replay it.
 */
class ShareMarketPropertyTest {
    private static final int SEED_COUNT = 200;
    private static final int OPERATIONS_PER_SEED = 2_000;

    @Test
    void shouldKeepEveryInvariantAndChangeNothingOnFailedOperations() {
        Set<ResultCode> codesSeen = EnumSet.noneOf(ResultCode.class);
        for (long seed = 1; seed <= SEED_COUNT; seed++) {
            ShareMarket market = new ShareMarket();
            WorkloadGenerator generator = new WorkloadGenerator(seed, Universe.crowded(), Mix.FULL);
            for (int operation = 1; operation <= OPERATIONS_PER_SEED; operation++) {
                Command command = generator.next();
                byte[] before = operation % 10 == 0 ? market.snapshot() : null;
                Result result = market.execute(operation, operation, command, AuditSink.NONE);
                generator.observe(result);
                codesSeen.add(result.code());
                if (before != null && !result.ok()) {
                    assertThat(market.snapshot()).as("seed %d op %d: failed %s changed the state", seed, operation, command).isEqualTo(before);
                }
                if (operation % 50 == 0) {
                    checkInvariants(market, seed, operation);
                }
            }
            checkInvariants(market, seed, OPERATIONS_PER_SEED);
        }
        assertThat(codesSeen).as("the workload reaches every result code").containsExactlyInAnyOrder(ResultCode.values());
    }

    @Test
    void shouldGiveTheSameResultsAndDigestsAfterSnapshotAndRestoreAsWithout() {
        for (long seed = 1; seed <= SEED_COUNT; seed++) {
            int restoreAt = 1 + (int) (seed * 7919 % OPERATIONS_PER_SEED);
            MarketService straight = new MarketService();
            MarketService restarted = new MarketService();
            WorkloadGenerator generator = new WorkloadGenerator(seed, Universe.crowded(), Mix.FULL);
            for (int operation = 1; operation <= OPERATIONS_PER_SEED; operation++) {
                if (operation == restoreAt) {
                    MarketService fresh = new MarketService();
                    fresh.restore(restarted.snapshot());
                    restarted = fresh;
                }
                byte[] command = CommandCodec.encode(generator.next());
                byte[] expected = straight.apply(operation, operation, command, AuditSink.NONE);
                byte[] actual = restarted.apply(operation, operation, command, AuditSink.NONE);
                assertThat(actual).as("seed %d op %d (restored at %d)", seed, operation, restoreAt).isEqualTo(expected);
                generator.observe(ResultCodec.decode(expected).orElseThrow());
            }
            assertThat(restarted.digest()).as("seed %d", seed).isEqualTo(straight.digest());
        }
    }

    @Test
    void shouldMakeTwoInstancesAgreeByteForByteOnResultsDigestsAndAuditLines() {
        for (long seed = 1; seed <= SEED_COUNT / 4; seed++) {
            MarketService first = new MarketService();
            MarketService second = new MarketService();
            RecordingAuditSink firstAudit = new RecordingAuditSink();
            RecordingAuditSink secondAudit = new RecordingAuditSink();
            WorkloadGenerator generator = new WorkloadGenerator(seed, Universe.crowded(), Mix.FULL);
            List<byte[]> firstResults = new ArrayList<>();
            for (int operation = 1; operation <= OPERATIONS_PER_SEED; operation++) {
                byte[] command = CommandCodec.encode(generator.next());
                long timestampMillis = 1_700_000_000_000L + operation * 37L;
                byte[] firstResult = first.apply(operation, timestampMillis, command, firstAudit);
                byte[] secondResult = second.apply(operation, timestampMillis, command.clone(), secondAudit);
                assertThat(secondResult).as("seed %d op %d", seed, operation).isEqualTo(firstResult);
                firstResults.add(firstResult);
                generator.observe(ResultCodec.decode(firstResult).orElseThrow());
            }
            assertThat(second.digest()).as("seed %d", seed).isEqualTo(first.digest());
            assertThat(secondAudit.lines).as("seed %d", seed).isEqualTo(firstAudit.lines);
            assertThat(firstAudit.lines.size()).as("seed %d: every operation is logged", seed).isGreaterThanOrEqualTo(firstResults.size());
        }
    }

    @Test
    void shouldProduceTheSameWorkloadForTheSameSeed() {
        WorkloadGenerator first = new WorkloadGenerator(42, Universe.crowded(), Mix.FULL);
        WorkloadGenerator second = new WorkloadGenerator(42, Universe.crowded(), Mix.FULL);
        for (int operation = 0; operation < 1_000; operation++) {
            assertThat(second.next()).isEqualTo(first.next());
        }
    }

    private static void checkInvariants(ShareMarket market, long seed, int operation) {
        try {
            market.checkInvariants();
        } catch (InvariantViolation violation) {
            throw new AssertionError("seed " + seed + " op " + operation + ": " + violation.getMessage(), violation);
        }
    }
}
