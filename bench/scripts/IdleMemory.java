import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much it costs this machine to write again to memory that has been left alone for a while:
 * a cluster that sat idle (a market before its open, a benchmark's settle time) touches its heaps
 * again all at once when the load returns. The program fills a buffer, writes one byte of every
 * 4 KiB page until the passes are fast, then sleeps for each of the idle times given and times one
 * pass after each. On a machine whose memory is its own, a pass after an idle spell is as fast as
 * a hot one; where a hypervisor reclaims or tracks a guest's idle memory, it is not.
 *
 * <p>Run with the JDK's source launcher, nothing to build:
 * {@code java bench/scripts/IdleMemory.java [MiB, default 1024] [idle seconds..., default 1 10 30 30]}.
 * Findings: BENCHMARKS.md, "The thirteenth round".
 */
public final class IdleMemory {
    private static final int PAGE_BYTES = 4096;
    /** Passes to let the JIT compile the loop before the hot pass is timed. */
    private static final int WARM_PASSES = 30;
    private static final int MEBIBYTES_MAX = 2047;
    private static final int IDLE_SECONDS_MAX = 3600;

    public static void main(String[] arguments) throws InterruptedException {
        int mebibytes = arguments.length > 0 ? number(arguments[0], 1, MEBIBYTES_MAX, "the size in MiB") : 1024;
        List<Integer> idleSeconds = new ArrayList<>();
        for (int index = 1; index < arguments.length; index++) {
            idleSeconds.add(number(arguments[index], 0, IDLE_SECONDS_MAX, "an idle time in seconds"));
        }
        if (idleSeconds.isEmpty()) {
            idleSeconds.addAll(List.of(1, 10, 30, 30));
        }
        ByteBuffer memory = ByteBuffer.allocateDirect(mebibytes << 20);
        int pages = memory.capacity() / PAGE_BYTES;
        long hotNs = Long.MAX_VALUE;
        for (int pass = 0; pass < WARM_PASSES; pass++) {
            hotNs = Math.min(hotNs, touchEveryPage(memory));
        }
        System.out.printf(Locale.ROOT, "%d MiB, %d pages of 4 KiB: a hot pass takes %.1f ms (%.3f us per page)%n",
                mebibytes, pages, hotNs / 1e6, hotNs / 1e3 / pages);
        for (int idle : idleSeconds) {
            Thread.sleep(idle * 1000L);
            long afterIdleNs = touchEveryPage(memory);
            long againNs = touchEveryPage(memory);
            System.out.printf(Locale.ROOT, "after %3d s idle: %7.1f ms (%.3f us per page), the pass right after it %.1f ms%n",
                    idle, afterIdleNs / 1e6, afterIdleNs / 1e3 / pages, againNs / 1e6);
        }
    }

    /** The argument as a whole number within bounds; anything else ends the program with a usage message. */
    private static int number(String argument, int min, int max, String what) {
        try {
            int value = Integer.parseInt(argument);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below, like a number out of bounds.
        }
        System.err.printf(Locale.ROOT, "%s is a whole number from %d to %d, not '%s'%n"
                + "usage: java bench/scripts/IdleMemory.java [MiB] [idle seconds...]%n", what, min, max, argument);
        System.exit(2);
        return 0;
    }

    /** Writes one byte in every page and returns how long that took. */
    private static long touchEveryPage(ByteBuffer memory) {
        long startNs = System.nanoTime();
        for (int offset = 0; offset < memory.capacity(); offset += PAGE_BYTES) {
            memory.put(offset, (byte) (memory.get(offset) + 1));
        }
        return System.nanoTime() - startNs;
    }
}
