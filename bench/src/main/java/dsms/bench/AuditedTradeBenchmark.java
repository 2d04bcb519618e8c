package dsms.bench;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.market.codec.CommandCodec;
import dsms.market.codec.ResultCodec;
import dsms.market.command.AddShare;
import dsms.market.command.PurchaseShare;
import dsms.market.command.SellShare;
import dsms.market.result.ResultCode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a replica does per operation of {@code dsms bench --mix trade} apart from the protocol:
 * decode the command, execute it, build its audit line (written into every log it belongs in) and
 * encode its result. The state is the benchmark's: 32 buyers, each buying one unit of each of 100
 * shares and selling it again, so the state is small and in the cache, as it is in the cluster
 * benchmark, and every operation succeeds. The audit sink keeps nothing but the lines' lengths.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuditedTradeBenchmark {
    private static final int BUYERS = 32;
    private static final int SLOTS = 100;
    private static final List<String> SHARE_TYPES = List.of("EQUITY", "BONUS", "DIVIDEND");
    /** 1 January 2026 00:00 UTC: the operations' time, before every share's date. */
    private static final long TIMESTAMP_MILLIS_FIRST = 1_767_225_600_000L;

    /** Counts the bytes of the lines it is given, so that building them cannot be optimized away. */
    static final class CountingAudit implements AuditSink {
        long bytes;

        @Override
        public void record(String logName, String line) {
            bytes += line.length();
        }

        @Override
        public void record(String logName, byte[] line, int length) {
            bytes += length + logName.length();
        }
    }

    @State(Scope.Benchmark)
    public static class Trade {
        final MarketService service = new MarketService();
        final CountingAudit audit = new CountingAudit();
        byte[][] commands;
        int cursor;
        long sequence;

        @Setup
        public void build() {
            DateTimeFormatter date = DateTimeFormatter.ofPattern("ddMMyy", Locale.ROOT);
            LocalDate first = LocalDate.of(2026, 1, 1);
            List<byte[]> trades = new ArrayList<>();
            for (int slot = 0; slot < SLOTS; slot++) {
                String shareId = "NYKM" + first.plusWeeks(slot / 3).format(date);
                String type = SHARE_TYPES.get(slot % 3);
                apply(CommandCodec.encode(new AddShare("NYKA0001", shareId, type, 1_000_000)));
                for (int buyer = 1; buyer <= BUYERS; buyer++) {
                    String buyerId = String.format(Locale.ROOT, "NYKB%04d", buyer);
                    trades.add(CommandCodec.encode(new PurchaseShare(buyerId, shareId, type, 1)));
                    trades.add(CommandCodec.encode(new SellShare(buyerId, shareId, 1, type)));
                }
            }
            commands = trades.toArray(new byte[0][]);
            // Every operation of the cycle must succeed, or the benchmark would measure rejections.
            for (byte[] command : commands) {
                byte[] result = apply(command);
                if (ResultCodec.codeOf(result, 0, result.length) != ResultCode.OK) {
                    throw new IllegalStateException("an operation of the trade cycle failed: " + ResultCodec.decode(result));
                }
            }
        }

        byte[] apply(byte[] command) {
            long at = sequence++;
            return service.apply(at, TIMESTAMP_MILLIS_FIRST + at / 70, command, audit);
        }
    }

    /** One operation of the trade mix, audited, through the byte interface. */
    @Benchmark
    public byte[] tradeAudited(Trade trade) {
        byte[] command = trade.commands[trade.cursor];
        trade.cursor = trade.cursor + 1 == trade.commands.length ? 0 : trade.cursor + 1;
        return trade.apply(command);
    }

    /** The same without audit lines: the difference is what building the lines costs. */
    @Benchmark
    public byte[] tradeNotAudited(Trade trade) {
        byte[] command = trade.commands[trade.cursor];
        trade.cursor = trade.cursor + 1 == trade.commands.length ? 0 : trade.cursor + 1;
        long at = trade.sequence++;
        return trade.service.apply(at, TIMESTAMP_MILLIS_FIRST + at / 70, command, AuditSink.NONE);
    }
}
