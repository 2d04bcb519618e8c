package dsms.node.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JVM options each role's process is started with. A cluster on one machine runs eight JVMs
 * (a front end, a sequencer, three replicas and their three managers); left to itself each JVM
 * would size its heap from the machine's memory (a quarter of it at most, 6 GiB on a 24 GiB
 * machine, 48 GiB for the eight together), so every role gets an explicit heap that fits what it
 * holds, measured (docs/benchmarks-recovery.md has the figures):
 *
 * <ul>
 *   <li><b>replica</b>, 360 MiB (377 MB, under the 400 MB the performance issue allows): with
 *       1,000,000 holdings the market, the exactly-once table, two checkpoints of 16 MB and the
 *       entries after them are a live set of about 91 MiB after a full collection. Taking a
 *       checkpoint briefly adds the snapshot bytes again, and a replaced replica holds the fetched
 *       checkpoint and the state decoded from it at once; 360 MiB leaves room for all of that
 *       together and for a young generation large enough that G1 collects rarely under load. G1,
 *       because the replica answers clients: its pauses are request latency.
 *   <li><b>front end</b>, 256 MiB: the HTTP server, the pending requests and result reassembly up
 *       to 16 MiB per listing (several at once); a live set of about 15 MiB. G1 for the same
 *       latency reason.
 *   <li><b>sequencer</b>, 128 MiB: its retransmission buffer is bounded, its live set about 14 MiB;
 *       G1, as it is on every request's path.
 *   <li><b>manager</b>, 64 MiB with the serial collector: it probes and counts, a live set of
 *       about 6 MiB; the serial collector has no concurrent threads and no remembered sets, which
 *       saves memory and CPU on a machine whose two cores the replicas need.
 * </ul>
 *
 * <p>The initial heap is the maximum ({@code -Xms} equal to {@code -Xmx}): the heap never resizes
 * under load, and memory is still only touched as it is used. An operator changes a role's options
 * with the environment variable {@code DSMS_<ROLE>_JAVA_OPTS} (for example {@code
 * DSMS_REPLICA_JAVA_OPTS="-Xms1g -Xmx1g"}) in the environment of the process that starts it: its
 * options come after the defaults, so they win.
 */
public final class JvmOptions {
    /** The roles a dsms process runs, each with its own JVM options. */
    public enum Role {
        FRONTEND(List.of("-Xms256m", "-Xmx256m", "-XX:+UseG1GC"), true),
        SEQUENCER(List.of("-Xms128m", "-Xmx128m", "-XX:+UseG1GC"), true),
        REPLICA(List.of("-Xms360m", "-Xmx360m", "-XX:+UseG1GC"), true),
        MANAGER(List.of("-Xms64m", "-Xmx64m", "-XX:+UseSerialGC"), false);

        private final List<String> defaults;
        /** Whether the role's heap asks for huge pages: the roles on every request's path do. */
        private final boolean hugePages;

        Role(List<String> defaults, boolean hugePages) {
            this.defaults = defaults;
            this.hugePages = hugePages;
        }

        /** The role's default options. */
        public List<String> defaults() {
            return defaults;
        }

        /** The environment variable whose options are added after the defaults. */
        public String environmentVariable() {
            return "DSMS_" + name() + "_JAVA_OPTS";
        }

        /** The role as {@code dsms start} names it. */
        public String commandName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Role ofCommandName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** The option that has the JVM ask the kernel for huge pages for its heap (madvise). */
    static final String TRANSPARENT_HUGE_PAGES = "-XX:+UseTransparentHugePages";

    /** The kernel's transparent huge page mode, such as {@code always [madvise] never}. */
    private static final Path HUGE_PAGES_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    /**
     * Whether this machine's kernel gives transparent huge pages only to memory that asks for them
     * ({@code madvise}); false where the setting cannot be read (not Linux, no such file).
     */
    public static boolean hugePagesOnRequest() {
        try {
            return hugePagesOnRequest(Files.readString(HUGE_PAGES_SETTING));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the setting's selected mode, the one in brackets, is {@code madvise}. */
    static boolean hugePagesOnRequest(String setting) {
        return setting.contains("[madvise]");
    }

    private JvmOptions() {}

    /**
     * The options for a process of {@code role}: the system properties this process was started
     * with (so that settings such as a log level reach every process), the role's defaults, then
     * the options from its environment variable. Heap and collector options of this process are not
     * passed on: they were chosen for the process that starts the others, not for them.
     *
     * <p>Where the kernel gives huge pages only to mappings that ask ({@code madvise}, as on
     * Debian and Ubuntu), the front end, the sequencer and the replicas ask for them for their
     * heaps: at 65,000 operations a second the median p99 of nine runs fell from 15.1 to 5.8 ms,
     * and every other percentile with it (BENCHMARKS.md, "The eleventh round"). Presumably fewer
     * TLB misses: the loops read large tables at random (the exactly-once table's index and ring)
     * and their young generations stream through hundreds of megabytes, on two cores that five
     * busy JVMs share. The managers, off the requests' path, keep small pages and their small
     * footprint. Where the kernel never gives them, asking would only print a warning; where it
     * always does, the heaps have them anyway.
     */
    public static List<String> forRole(
            Role role, List<String> inheritedOptions, Map<String, String> environment, boolean hugePagesOnRequest) {
        List<String> options = new ArrayList<>();
        for (String option : inheritedOptions) {
            if (option.startsWith("-D")) {
                options.add(option);
            }
        }
        options.addAll(role.defaults());
        if (role.hugePages && hugePagesOnRequest) {
            options.add(TRANSPARENT_HUGE_PAGES);
        }
        String extra = environment.get(role.environmentVariable());
        if (extra != null && !extra.isBlank()) {
            options.addAll(List.of(extra.trim().split("\\s+")));
        }
        return options;
    }
}
