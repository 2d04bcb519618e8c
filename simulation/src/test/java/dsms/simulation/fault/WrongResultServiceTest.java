package dsms.simulation.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.core.AuditSink;
import dsms.market.MarketService;
import dsms.market.codec.CommandCodec;
import dsms.market.command.Command;
import dsms.market.workload.Mix;
import dsms.market.workload.Universe;
import dsms.market.workload.WorkloadGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrongResultServiceTest {
    private static final int COMMANDS = 300;

    private static List<byte[]> commands() {
        WorkloadGenerator generator = new WorkloadGenerator(3, Universe.crowded(), Mix.FULL);
        List<byte[]> commands = new ArrayList<>();
        for (int index = 0; index < COMMANDS; index++) {
            Command command = generator.next();
            commands.add(CommandCodec.encode(command));
        }
        return commands;
    }

    private static List<byte[]> results(dsms.core.DeterministicService service, List<byte[]> commands) {
        List<byte[]> results = new ArrayList<>();
        for (int index = 0; index < commands.size(); index++) {
            results.add(service.apply(index + 1, 1_707_123_600_000L + index, commands.get(index), AuditSink.NONE));
        }
        return results;
    }

    private static int differing(List<byte[]> first, List<byte[]> second) {
        int count = 0;
        for (int index = 0; index < first.size(); index++) {
            count += Arrays.equals(first.get(index), second.get(index)) ? 0 : 1;
        }
        return count;
    }

    @Test
    void shouldCorruptResultsAsToldButNeverTheState() {
        List<byte[]> commands = commands();
        MarketService reference = new MarketService();
        List<byte[]> right = results(reference, commands);

        WrongResultService<MarketService> correct = new WrongResultService<>(new MarketService());
        WrongResultService<MarketService> always = new WrongResultService<>(new MarketService());
        always.corrupt(Corruption.EVERY_RESULT);
        WrongResultService<MarketService> sometimes = new WrongResultService<>(new MarketService());
        sometimes.corrupt(Corruption.SOME_RESULTS);

        assertThat(differing(results(correct, commands), right)).isZero();
        assertThat(differing(results(always, commands), right)).isEqualTo(COMMANDS);
        assertThat(differing(results(sometimes, commands), right)).isBetween(COMMANDS / 6, COMMANDS / 2);
        assertThat(always.resultsCorrupted()).isEqualTo(COMMANDS);
        assertThat(always.digest()).isEqualTo(reference.digest());
        assertThat(sometimes.digest()).isEqualTo(reference.digest());
        assertThat(correct.hasBeenWrong()).isFalse();
        assertThat(sometimes.hasBeenWrong()).isTrue();
    }

    @Test
    void shouldCorruptTheSameResultsTheSameWay() {
        List<byte[]> commands = commands();
        WrongResultService<MarketService> first = new WrongResultService<>(new MarketService());
        WrongResultService<MarketService> second = new WrongResultService<>(new MarketService());
        first.corrupt(Corruption.SOME_RESULTS);
        second.corrupt(Corruption.SOME_RESULTS);

        assertThat(differing(results(first, commands), results(second, commands))).isZero();
    }
}
