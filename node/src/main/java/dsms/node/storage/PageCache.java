package dsms.node.storage;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the kernel that a file's pages already on disk will not be read again soon, so that it
 * frees them now ({@code posix_fadvise(POSIX_FADV_DONTNEED)}) instead of keeping every byte a
 * replica ever wrote in the page cache.
 *
 * <p>Why it matters: a replica appends about 25 MB a second of audit lines at 80,000 operations a
 * second, and every new page of the cache comes from free memory. On the virtual machines this
 * project is measured on, free memory is handed back to the host (free page reporting), so each
 * such page is likely faulted in again from the host on its first write: writing 2 GB into fresh
 * pages took 2.5 s of CPU, into pages freed a moment before 0.36 s. Freeing the audit pages once
 * they are on disk lets the next writes reuse them. BENCHMARKS.md, "The page cache handed back
 * (nineteenth round)", has the measurements.
 *
 * <p>Only a hint: where the C library cannot be reached (not Linux on x86-64 or AArch64, JNA unable
 * to load its native part), nothing is dropped and the kernel reclaims the pages in its own time, as it
 * always did. Nothing is ever lost by dropping: only clean pages, already on disk, are freed, and
 * reading them again reads them from the disk.
 */
public final class PageCache {
    private static final Logger LOG = LoggerFactory.getLogger(PageCache.class);

    /**
     * Ranges are cut down to a multiple of this, so the page a writer is still appending to is
     * never dropped and read back from the disk by its next write: the kernel drops a range's
     * partial last page when the range ends at the end of the file. 64 KiB covers pages of 4, 16
     * and 64 KiB.
     */
    static final long ALIGNMENT_BYTES = 64 * 1024;

    /** What a drop did. */
    public enum Outcome {
        /** The kernel was told; it freed whichever pages of the range were clean. */
        DROPPED,
        /** Nothing to drop: the range is shorter than {@link #ALIGNMENT_BYTES}. */
        NOTHING,
        /** The C library cannot be reached here; nothing was done. */
        UNAVAILABLE,
        /** The file could not be opened or the kernel refused the hint; nothing was dropped. */
        FAILED
    }

    private PageCache() {}

    /** Whether drops can work here: Linux on x86-64 or AArch64, and JNA's native part loaded. */
    public static boolean isAvailable() {
        return LinuxLibc.AVAILABLE;
    }

    /**
     * Asks the kernel to free the cached pages of {@code file}'s first {@code bytesOnDisk} bytes,
     * which the caller has forced to disk; the range is cut down to {@link #ALIGNMENT_BYTES}.
     */
    public static Outcome dropWritten(Path file, long bytesOnDisk) {
        long length = alignedLength(bytesOnDisk);
        if (length == 0) {
            return Outcome.NOTHING;
        }
        if (!LinuxLibc.AVAILABLE) {
            return Outcome.UNAVAILABLE;
        }
        int descriptor = LinuxLibc.open(file.toString(), LinuxLibc.O_RDONLY | LinuxLibc.O_CLOEXEC);
        if (descriptor < 0) {
            return Outcome.FAILED;
        }
        try {
            // posix_fadvise returns the error number itself, not -1 with errno.
            return LinuxLibc.posix_fadvise(descriptor, 0, length, LinuxLibc.POSIX_FADV_DONTNEED) == 0
                    ? Outcome.DROPPED
                    : Outcome.FAILED;
        } finally {
            LinuxLibc.close(descriptor);
        }
    }

    /** {@code bytes} cut down to a multiple of {@link #ALIGNMENT_BYTES}; 0 for a negative length. */
    static long alignedLength(long bytes) {
        return Math.max(0, bytes) / ALIGNMENT_BYTES * ALIGNMENT_BYTES;
    }

    /** The three C library calls, bound once with JNA's direct mapping. */
    private static final class LinuxLibc {
        /** Linux's values on x86-64 and AArch64 (some other architectures number them differently). */
        static final int O_RDONLY = 0;
        static final int O_CLOEXEC = 0x80000;
        static final int POSIX_FADV_DONTNEED = 4;

        static final boolean AVAILABLE = bind();

        private static boolean bind() {
            if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
                LOG.info("page cache hints are off: they need Linux on x86-64 or AArch64");
                return false;
            }
            try {
                Native.register(LinuxLibc.class, Platform.C_LIBRARY_NAME);
                return true;
            } catch (LinkageError | RuntimeException e) {
                // For instance a temporary directory mounted noexec, where JNA unpacks its library.
                LOG.info("page cache hints are off: the C library cannot be reached ({})", e.toString());
                return false;
            }
        }

        static native int open(String path, int flags);

        static native int posix_fadvise(int descriptor, long offset, long length, int advice);

        static native int close(int descriptor);
    }
}
