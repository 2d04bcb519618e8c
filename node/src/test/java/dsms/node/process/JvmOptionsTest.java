package dsms.node.process;

import static dsms.node.process.JvmOptions.HugePages.ALWAYS;
import static dsms.node.process.JvmOptions.HugePages.MADVISE;
import static dsms.node.process.JvmOptions.HugePages.NEVER;
import static dsms.node.process.JvmOptions.HugePages.UNKNOWN;
import static dsms.node.process.JvmOptions.TRANSPARENT_HUGE_PAGES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {
    @Test
    void shouldGiveEveryRoleAnExplicitHeapThatFitsTheMachineTogether() {
        long totalMiB = 0;
        for (JvmOptions.Role role : JvmOptions.Role.values()) {
            List<String> options = JvmOptions.forRole(role, List.of(), Map.of(), NEVER);
            assertThat(options).anyMatch(option -> option.startsWith("-Xmx")).anyMatch(option -> option.startsWith("-Xms"));
            int copies = role == JvmOptions.Role.REPLICA || role == JvmOptions.Role.MANAGER ? 3 : 1;
            totalMiB += copies * heapMiB(options);
        }
        assertThat(heapMiB(JvmOptions.forRole(JvmOptions.Role.REPLICA, List.of(), Map.of(), NEVER)) * 1024 * 1024)
                .as("the issue's bound for a replica with 1,000,000 holdings, 400 MB in decimal megabytes")
                .isLessThanOrEqualTo(400_000_000L);
        assertThat(totalMiB).as("a whole cluster's heaps on one machine").isLessThan(2_048);
    }

    @Test
    void shouldPassOnSystemPropertiesButNotTheStartersHeap() {
        List<String> options = JvmOptions.forRole(JvmOptions.Role.MANAGER,
                List.of("-Xmx8g", "-Dlogback.level=DEBUG", "-XX:+UseParallelGC"), Map.of(), NEVER);

        assertThat(options).contains("-Dlogback.level=DEBUG", "-Xmx64m", "-XX:+UseSerialGC")
                .doesNotContain("-Xmx8g", "-XX:+UseParallelGC");
    }

    @Test
    void shouldLetTheRolesEnvironmentVariableWinAfterTheDefaults() {
        List<String> options = JvmOptions.forRole(JvmOptions.Role.REPLICA, List.of(),
                Map.of("DSMS_REPLICA_JAVA_OPTS", "  -Xms1g   -Xmx1g ", "DSMS_MANAGER_JAVA_OPTS", "-Xmx2g"), NEVER);

        assertThat(options).endsWith("-Xms1g", "-Xmx1g").doesNotContain("-Xmx2g");
        assertThat(JvmOptions.Role.ofCommandName("frontend")).isEqualTo(JvmOptions.Role.FRONTEND);
    }

    @Test
    void shouldAskForHugePagesForTheRolesOnTheRequestsPathOnlyWhereTheKernelWaitsToBeAsked() {
        for (JvmOptions.Role role : JvmOptions.Role.values()) {
            boolean onThePath = role != JvmOptions.Role.MANAGER;
            assertThat(JvmOptions.forRole(role, List.of(), Map.of(), MADVISE).contains(TRANSPARENT_HUGE_PAGES))
                    .as("%s with madvise", role).isEqualTo(onThePath);
            for (JvmOptions.HugePages mode : List.of(ALWAYS, NEVER, UNKNOWN)) {
                assertThat(JvmOptions.forRole(role, List.of(), Map.of(), mode)).as("%s with %s", role, mode)
                        .doesNotContain(TRANSPARENT_HUGE_PAGES);
            }
        }
        // An operator turns them off after the defaults: the last of HotSpot's boolean flags wins.
        assertThat(JvmOptions.forRole(JvmOptions.Role.REPLICA, List.of(),
                Map.of("DSMS_REPLICA_JAVA_OPTS", "-XX:-UseTransparentHugePages"), MADVISE))
                .endsWith(TRANSPARENT_HUGE_PAGES, "-XX:-UseTransparentHugePages");
    }

    @Test
    void shouldReadTheKernelsSelectedHugePageMode() {
        assertThat(JvmOptions.HugePages.parse("always [madvise] never\n")).isEqualTo(MADVISE);
        assertThat(JvmOptions.HugePages.parse("[always] madvise never")).isEqualTo(ALWAYS);
        assertThat(JvmOptions.HugePages.parse("always madvise [never]")).isEqualTo(NEVER);
        assertThat(JvmOptions.HugePages.parse("always madvise never")).isEqualTo(UNKNOWN);
        assertThat(JvmOptions.HugePages.parse("]always [")).isEqualTo(UNKNOWN);
        assertThat(JvmOptions.HugePages.parse("")).isEqualTo(UNKNOWN);
    }

    /** The last -Xmx wins in HotSpot, as it does here. */
    private static long heapMiB(List<String> options) {
        long mib = 0;
        for (String option : options) {
            if (option.startsWith("-Xmx")) {
                String size = option.substring(4).toLowerCase();
                long value = Long.parseLong(size.substring(0, size.length() - 1));
                mib = size.endsWith("g") ? value * 1024 : value;
            }
        }
        return mib;
    }
}
