package dsms.node.process;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.market.ShareMarket;
import dsms.market.codec.CommandCodec;
import dsms.market.command.Command;
import dsms.market.result.Result;
import dsms.market.workload.Mix;
import dsms.market.workload.Universe;
import dsms.market.workload.WorkloadGenerator;
import java.util.Arrays;

/**
 * Runs the market's hot paths in a replica process standing by, so that the JIT has compiled them
 * before its manager calls it. A called replica at once restores a snapshot and replays its log,
 * or installs a peer's checkpoint and executes the entries after it: in a fresh JVM all of that
 * starts interpreted, and restoring 1,000,000 holdings took 0.3 to 0.7 s there against about
 * 0.29 s warm (BENCHMARKS.md).
 *
 * <p>It works on markets of its own, never on the replica's data, and writes audit lines nowhere;
 * a fixed seed makes it the same work every time.
 */
public final class StandbyWarmUp {
    static final long SEED = 20_261_123L;
    static final int SHARE_COUNT = 2_000;
    static final long HOLDING_COUNT = 40_000;
    /** Enough restores of the populated market for the decoder's loops to be compiled. */
    static final int RESTORES = 5;
    /** Trade-mix operations executed through the service's byte interface, with audit lines built. */
    static final int OPERATIONS = 40_000;

    /**
     * What the warm-up did, for its log line; {@code pathsAgree} tells that the typed market and the
     * service, given the same commands, ended in the same state, as replicas must.
     */
    public record Report(long holdings, int restores, int operations, boolean pathsAgree, long elapsedMs) {}

    private StandbyWarmUp() {}

    public static Report run() {
        long startedNs = System.nanoTime();
        ShareMarket market = new ShareMarket();
        WorkloadGenerator generator = new WorkloadGenerator(SEED, Universe.large(SHARE_COUNT), Mix.TRADE);
        long sequence = generator.populate(market, SHARE_COUNT, HOLDING_COUNT) + 1;
        byte[] snapshot = market.snapshot();
        MarketService service = new MarketService();
        for (int restore = 0; restore < RESTORES; restore++) {
            service.restore(snapshot);
        }
        AuditSink discarding = new DiscardingAudit();
        for (int operation = 0; operation < OPERATIONS; operation++) {
            Command command = generator.next();
            Result result = market.execute(sequence, sequence, command, AuditSink.NONE);
            generator.observe(result);
            service.apply(sequence, sequence, CommandCodec.encode(command), discarding);
            sequence++;
        }
        boolean pathsAgree = Arrays.equals(market.snapshot(), service.snapshot());
        return new Report(market.holdingCount(), RESTORES, OPERATIONS, pathsAgree,
                (System.nanoTime() - startedNs) / 1_000_000L);
    }

    /** Wants every line, so that building them is warmed up too, and keeps none. */
    private static final class DiscardingAudit implements AuditSink {
        @Override
        public void record(String logName, String line) {}

        @Override
        public void record(String logName, byte[] line, int length) {}
    }
}
