package dsms.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small pure pieces of {@code dsms bench recovery}: sampling, reading jcmd, telling retries. */
class RecoveryToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldFindTheProcessTheReplicaLogLastNamedAsStandingBy(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("replica.log");
        assertThat(RecoveryBench.latestStandby(log)).as("no log yet").isEmpty();
        Files.writeString(log, """
                23:28:55.210 INFO  [replica-A] ReplicaProcess: replica A started: snapshot at none
                23:28:59.061 INFO  [replica-A] StartCommand: replica A standing by (pid 2467) until its manager calls it
                23:29:11.348 INFO  [replica-A] StartCommand: replica A called from standby
                """);
        assertThat(RecoveryBench.latestStandby(log)).contains(2467L);
        Files.writeString(log, Files.readString(log)
                + "23:29:16.501 INFO  [replica-A] StartCommand: replica A standing by (pid 2568) until its manager calls it\n");
        assertThat(RecoveryBench.latestStandby(log)).as("the latest one").contains(2568L);
    }

    @Test
    void shouldSampleBuyersEvenlyWithTheFirstAndTheLast() {
        assertThat(HoldingsLoader.sampleBuyers(1)).containsExactly(0);
        assertThat(HoldingsLoader.sampleBuyers(3)).containsExactly(0, 1, 2);
        assertThat(HoldingsLoader.sampleBuyers(29_412))
                .hasSize(HoldingsLoader.SAMPLE_BUYERS_MAX)
                .startsWith(0)
                .endsWith(29_411)
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldSendAgainOnlyOperationsTheClusterGaveNoResultFor() throws Exception {
        assertThat(HoldingsLoader.isUnanswered(null)).isTrue();
        assertThat(HoldingsLoader.isUnanswered(JSON.readTree("{\"ok\":false,\"code\":\"OVERLOADED\"}"))).isTrue();
        assertThat(HoldingsLoader.isUnanswered(JSON.readTree("{\"ok\":false,\"code\":\"TIMED_OUT\"}"))).isTrue();
        assertThat(HoldingsLoader.isUnanswered(JSON.readTree("{\"ok\":false,\"code\":\"NO_QUORUM\"}"))).isTrue();
        assertThat(HoldingsLoader.isUnanswered(JSON.readTree("{\"ok\":false,\"code\":\"ALREADY_HELD\"}"))).isFalse();
        assertThat(HoldingsLoader.isUnanswered(JSON.readTree("{\"ok\":true,\"code\":\"OK\"}"))).isFalse();
    }

    @Test
    void shouldReadTheHeapOfG1FromHeapInfo() {
        String g1 = """
                12345:
                 garbage-first heap   total 393216K, used 72191K [0x00000000e8000000, 0x0000000100000000)
                  region size 1024K, 2 young (2048K), 0 survivors (0K)
                 Metaspace       used 20000K, committed 20480K, reserved 1114112K
                  class space    used 2000K, committed 2176K, reserved 1048576K
                """;

        assertThat(ProcessMemory.heapKibSum(g1, ProcessMemory.USED_KIB)).isEqualTo(72_191);
        assertThat(ProcessMemory.heapKibSum(g1, ProcessMemory.TOTAL_KIB)).isEqualTo(393_216);
    }

    @Test
    void shouldAddTheGenerationsOfTheSerialCollector() {
        String serial = """
                12345:
                 def new generation   total 19648K, used 1234K [0x00000000fc000000, 0x00000000fd550000, 0x00000000fd550000)
                  eden space 17472K,   7% used [0x00000000fc000000, 0x00000000fc134a00, 0x00000000fd110000)
                 tenured generation   total 43712K, used 5000K [0x00000000fd550000, 0x0000000100000000, 0x0000000100000000)
                 Metaspace       used 20000K, committed 20480K, reserved 1114112K
                """;

        assertThat(ProcessMemory.heapKibSum(serial, ProcessMemory.USED_KIB)).isEqualTo(6_234);
        assertThat(ProcessMemory.heapKibSum(serial, ProcessMemory.TOTAL_KIB)).isEqualTo(63_360);
        assertThat(ProcessMemory.heapKibSum("no heap here", ProcessMemory.USED_KIB)).isEqualTo(-1);
    }

    @Test
    void shouldReadTheResidentSetOfThisProcess() {
        assertThat(ProcessMemory.residentBytes(ProcessHandle.current().pid())).isGreaterThan(1 << 20);
        assertThat(ProcessMemory.residentBytes(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
