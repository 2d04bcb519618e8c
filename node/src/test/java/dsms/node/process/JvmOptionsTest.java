package dsms.node.process;

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
            List<String> options = JvmOptions.forRole(role, List.of(), Map.of(), false);
            assertThat(options).anyMatch(option -> option.startsWith("-Xmx")).anyMatch(option -> option.startsWith("-Xms"));
            int copies = role == JvmOptions.Role.REPLICA || role == JvmOptions.Role.MANAGER ? 3 : 1;
            totalMiB += copies * heapMiB(options);
        }
        assertThat(heapMiB(JvmOptions.forRole(JvmOptions.Role.REPLICA, List.of(), Map.of(), false)) * 1024 * 1024)
                .as("the issue's bound for a replica with 1,000,000 holdings, 400 MB in decimal megabytes")
                .isLessThanOrEqualTo(400_000_000L);
        assertThat(totalMiB).as("a whole cluster's heaps on one machine").isLessThan(2_048);
    }

    @Test
    void shouldPassOnSystemPropertiesButNotTheStartersHeap() {
        List<String> options = JvmOptions.forRole(JvmOptions.Role.MANAGER,
                List.of("-Xmx8g", "-Dlogback.level=DEBUG", "-XX:+UseParallelGC"), Map.of(), false);

        assertThat(options).contains("-Dlogback.level=DEBUG", "-Xmx64m", "-XX:+UseSerialGC")
                .doesNotContain("-Xmx8g", "-XX:+UseParallelGC");
    }

    @Test
    void shouldLetTheRolesEnvironmentVariableWinAfterTheDefaults() {
        List<String> options = JvmOptions.forRole(JvmOptions.Role.REPLICA, List.of(),
                Map.of("DSMS_REPLICA_JAVA_OPTS", "  -Xms1g   -Xmx1g ", "DSMS_MANAGER_JAVA_OPTS", "-Xmx2g"), false);

        assertThat(options).endsWith("-Xms1g", "-Xmx1g").doesNotContain("-Xmx2g");
        assertThat(JvmOptions.Role.ofCommandName("frontend")).isEqualTo(JvmOptions.Role.FRONTEND);
    }

    @Test
    void shouldAskForHugePagesForTheRolesOnTheRequestsPathOnlyWhereTheKernelWaitsToBeAsked() {
        for (JvmOptions.Role role : JvmOptions.Role.values()) {
            boolean onThePath = role != JvmOptions.Role.MANAGER;
            assertThat(JvmOptions.forRole(role, List.of(), Map.of(), true).contains(TRANSPARENT_HUGE_PAGES))
                    .as("%s where the kernel gives them on request", role).isEqualTo(onThePath);
            assertThat(JvmOptions.forRole(role, List.of(), Map.of(), false)).as("%s elsewhere", role)
                    .doesNotContain(TRANSPARENT_HUGE_PAGES);
        }
        // An operator turns them off after the defaults: the last of HotSpot's boolean flags wins.
        assertThat(JvmOptions.forRole(JvmOptions.Role.REPLICA, List.of(),
                Map.of("DSMS_REPLICA_JAVA_OPTS", "-XX:-UseTransparentHugePages"), true))
                .endsWith(TRANSPARENT_HUGE_PAGES, "-XX:-UseTransparentHugePages");
    }

    @Test
    void shouldTakeTheKernelsSelectedModeOnlyWhenItIsMadvise() {
        assertThat(JvmOptions.hugePagesOnRequest("always [madvise] never\n")).isTrue();
        assertThat(JvmOptions.hugePagesOnRequest("[always] madvise never")).isFalse();
        assertThat(JvmOptions.hugePagesOnRequest("always madvise [never]")).isFalse();
        assertThat(JvmOptions.hugePagesOnRequest("")).isFalse();
    }

    @Test
    void shouldStartEachRoleWithTheHugePageChoiceOfThisMachine() {
        boolean onRequest = JvmOptions.hugePagesOnRequest();
        assertThat(Launcher.javaCommand(JvmOptions.Role.REPLICA).contains(TRANSPARENT_HUGE_PAGES))
                .as("a replica's command where the kernel's mode is madvise: %s", onRequest).isEqualTo(onRequest);
        assertThat(Launcher.javaCommand(JvmOptions.Role.MANAGER)).doesNotContain(TRANSPARENT_HUGE_PAGES);
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
