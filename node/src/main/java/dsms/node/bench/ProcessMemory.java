package dsms.node.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of one local JVM: its heap after a full collection (the live set, which is what a
 * heap size has to hold) from {@code jcmd}, and its resident set from {@code /proc}. Both tools
 * are those of the JDK and the Linux machine this runs on; where either is missing the figure is
 * absent, never guessed.
 */
final class ProcessMemory {
    /** jcmd attaches to the target and can take a while on a loaded machine, but not forever. */
    static final long JCMD_TIMEOUT_SECONDS = 60;
    /** What jcmd prints is a few kilobytes; more is not read. */
    static final int JCMD_OUTPUT_BYTES_MAX = 1 << 20;
    static final Pattern USED_KIB = Pattern.compile("used (\\d+)K");
    static final Pattern TOTAL_KIB = Pattern.compile("total (\\d+)K");
    private static final Pattern RSS_KIB = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

    private ProcessMemory() {}

    /**
     * One JVM's memory.
     *
     * @param heapUsedAfterGcBytes heap in use right after a full collection, or -1 when unknown
     * @param heapCommittedBytes heap the JVM has reserved from the system at that moment, or -1
     * @param residentBytes the process's resident set (all its memory in RAM), or -1
     */
    record Figures(long heapUsedAfterGcBytes, long heapCommittedBytes, long residentBytes) {}

    /** Collects {@code pid}'s garbage in full, then reads its heap and resident set. */
    static Figures measure(long pid) throws InterruptedException {
        long used = -1;
        long committed = -1;
        Optional<String> collected = jcmd(pid, "GC.run");
        if (collected.isPresent()) {
            Optional<String> heap = jcmd(pid, "GC.heap_info");
            if (heap.isPresent()) {
                used = kibToBytes(heapKibSum(heap.get(), USED_KIB));
                committed = kibToBytes(heapKibSum(heap.get(), TOTAL_KIB));
            }
        }
        return new Figures(used, committed, residentBytes(pid));
    }

    /**
     * Sums a figure over the heap's lines of {@code GC.heap_info}: one line for G1, one per
     * generation for the serial and parallel collectors. Metaspace lines are not heap. Returns
     * -1 when no heap line shows the figure.
     */
    static long heapKibSum(String heapInfo, Pattern figure) {
        long sum = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space") || !trimmed.contains("total")) {
                continue;
            }
            // Generation lines of the serial and parallel collectors; G1 has one "garbage-first heap" line.
            if (!(trimmed.startsWith("garbage-first heap") || trimmed.contains("generation") || trimmed.startsWith("PSYoungGen")
                    || trimmed.startsWith("ParOldGen") || trimmed.startsWith("ZHeap") || trimmed.startsWith("Shenandoah"))) {
                continue;
            }
            Matcher matcher = figure.matcher(trimmed);
            if (matcher.find()) {
                sum += Long.parseLong(matcher.group(1));
                found = true;
            }
        }
        return found ? sum : -1;
    }

    private static long kibToBytes(long kib) {
        return kib < 0 ? -1 : kib * 1024;
    }

    /** The resident set of {@code pid} from /proc, or -1 where there is no /proc. */
    static long residentBytes(long pid) {
        try {
            Matcher matcher = RSS_KIB.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static Optional<String> jcmd(long pid, String command) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readNBytes(JCMD_OUTPUT_BYTES_MAX);
            if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(new String(output, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
