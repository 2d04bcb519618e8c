package dsms.bench;

import dsms.core.AuditSink;
import dsms.market.ShareMarket;
import dsms.market.command.Command;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.workload.Mix;
import dsms.market.workload.Universe;
import dsms.market.workload.WorkloadGenerator;
import java.util.EnumMap;
import java.util.Map;

/**
 * Builds the benchmark state (100,000 shares, 1,000,000 holdings) and a recorded trade workload
 * over it, both from one seed so that every run measures the same operations.
 */
final class MarketWorkloads {
    static final long SEED = 20_240_210L;
    static final int SHARE_COUNT = 100_000;
    static final long HOLDING_COUNT = 1_000_000;

    /** A populated market, the generator that knows its state, and the next sequence number. */
    record Populated(ShareMarket market, WorkloadGenerator generator, long nextSequence) {}

    private MarketWorkloads() {}

    static Populated populate() {
        ShareMarket market = new ShareMarket();
        WorkloadGenerator generator = new WorkloadGenerator(SEED, Universe.large(SHARE_COUNT), Mix.TRADE);
        long executed = generator.populate(market, SHARE_COUNT, HOLDING_COUNT);
        return new Populated(market, generator, executed + 1);
    }

    /**
     * Records {@code count} trade-mix commands by running them on the populated market, so that
     * the generator learns from each result; the market is changed, and the caller restores it
     * from a snapshot taken before. Prints how the results are distributed over the codes.
     */
    static Command[] recordTradeMix(Populated populated, int count) {
        Command[] commands = new Command[count];
        Map<ResultCode, Integer> codes = new EnumMap<>(ResultCode.class);
        long sequence = populated.nextSequence();
        for (int index = 0; index < count; index++) {
            Command command = populated.generator().next();
            Result result = populated.market().execute(sequence, sequence, command, AuditSink.NONE);
            sequence++;
            populated.generator().observe(result);
            codes.merge(result.code(), 1, Integer::sum);
            commands[index] = command;
        }
        StringBuilder mix = new StringBuilder("result codes of the recorded workload:");
        codes.forEach((code, seen) -> mix.append(String.format(" %s %.1f%%", code, 100.0 * seen / count)));
        System.out.println(mix);
        return commands;
    }
}
