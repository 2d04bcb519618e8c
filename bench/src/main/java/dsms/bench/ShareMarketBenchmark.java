package dsms.bench;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.market.ShareMarket;
import dsms.market.codec.CommandCodec;
import dsms.market.command.Command;
import dsms.market.command.ListShareAvailability;
import dsms.market.result.Result;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The share market on one thread over 100,000 shares and 1,000,000 holdings: trade-mix throughput
 * (typed, and through the byte interface with decoding and encoding), snapshot and restore time,
 * and the cost of one availability listing of that market.
 *
 * <p>The trade workloads are recorded once per trial as a continuation of the populated state,
 * then the state is restored and the commands are replayed in order, warm-up and measurement
 * iterations alike, so every command meets exactly the state it was recorded against and the
 * result mix printed at setup is the one measured. Restoring before every iteration would instead
 * turn a few hundred megabytes into garbage each time, and the garbage collector would then
 * measure itself.
 */
// A fixed, pre-touched heap: on this virtual machine the first touch of a heap page is slow
// enough that phases of the run which grew into fresh memory measured page faults, not the market.
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ShareMarketBenchmark {
    /**
     * Enough recorded commands for 8 iterations of 1 s at about 1.2 million operations per second;
     * beyond that the replay wraps around and meets a state it was not recorded against.
     */
    private static final int TRADE_COMMAND_COUNT = 10_000_000;

    @State(Scope.Benchmark)
    public static class TypedTrade {
        ShareMarket market;
        Command[] commands;
        byte[] initialSnapshot;
        int cursor;
        long sequence;

        @Setup(Level.Trial)
        public void record() {
            MarketWorkloads.Populated populated = MarketWorkloads.populate();
            initialSnapshot = populated.market().snapshot();
            commands = MarketWorkloads.recordTradeMix(populated, TRADE_COMMAND_COUNT);
            market = populated.market();
            market.restore(initialSnapshot);
            sequence = 1;
        }

        Command nextCommand() {
            Command command = commands[cursor];
            cursor = cursor + 1 == commands.length ? 0 : cursor + 1;
            return command;
        }
    }

    @State(Scope.Benchmark)
    public static class EncodedTrade {
        MarketService service;
        byte[][] commands;
        byte[] initialSnapshot;
        int cursor;
        long sequence;

        @Setup(Level.Trial)
        public void record() {
            MarketWorkloads.Populated populated = MarketWorkloads.populate();
            initialSnapshot = populated.market().snapshot();
            Command[] typed = MarketWorkloads.recordTradeMix(populated, TRADE_COMMAND_COUNT / 2);
            commands = new byte[typed.length][];
            for (int index = 0; index < typed.length; index++) {
                commands[index] = CommandCodec.encode(typed[index]);
            }
            service = new MarketService();
            service.restore(initialSnapshot);
            sequence = 1;
        }
    }

    @State(Scope.Benchmark)
    public static class PopulatedState {
        ShareMarket market;
        ShareMarket restoreTarget;
        byte[] snapshot;

        @Setup(Level.Trial)
        public void populate() {
            market = MarketWorkloads.populate().market();
            snapshot = market.snapshot();
            restoreTarget = new ShareMarket();
            System.out.printf("snapshot of %d shares and %d holdings: %d bytes%n", market.shareCount(), market.holdingCount(), snapshot.length);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Result tradeMixTyped(TypedTrade trade) {
        long sequence = trade.sequence++;
        return trade.market.execute(sequence, sequence, trade.nextCommand(), AuditSink.NONE);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public byte[] tradeMixThroughBytes(EncodedTrade trade) {
        byte[] command = trade.commands[trade.cursor];
        trade.cursor = trade.cursor + 1 == trade.commands.length ? 0 : trade.cursor + 1;
        long sequence = trade.sequence++;
        return trade.service.apply(sequence, sequence, command, AuditSink.NONE);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] snapshot(PopulatedState state) {
        return state.market.snapshot();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ShareMarket restore(PopulatedState state) {
        state.restoreTarget.restore(state.snapshot);
        return state.restoreTarget;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Result listShareAvailability(PopulatedState state) {
        return state.market.execute(0, 0, new ListShareAvailability("NYKB0001", "EQUITY"), AuditSink.NONE);
    }
}
