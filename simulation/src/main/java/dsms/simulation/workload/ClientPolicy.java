package dsms.simulation.workload;

import dsms.core.Checks;

/**
 * How a simulated client behaves, as a real one would: it thinks between requests, and after a
 * system error (TIMED_OUT, NO_QUORUM, OVERLOADED) retries the same request ID after a growing,
 * jittered backoff, a bounded number of times.
 *
 * @param attemptsMax submits of one request the client makes before it gives up; the default
 *     outlasts every fault a plan schedules, so a request given up is a liveness failure
 * @param backoffNsInitial the wait before the first retry
 * @param backoffNsMax the longest wait between retries; the wait doubles up to it
 * @param refusalsMax times in a row the front end may refuse a submit (the previous attempt is
 *     still collecting results) before the client gives up
 * @param refusalBackoffNs the wait after a refused submit
 * @param thinkTimeNsMax the longest pause between two requests of one client
 */
public record ClientPolicy(
        int attemptsMax,
        long backoffNsInitial,
        long backoffNsMax,
        int refusalsMax,
        long refusalBackoffNs,
        long thinkTimeNsMax) {

    private static final long MILLISECOND_NS = 1_000_000L;

    public ClientPolicy {
        Checks.check(attemptsMax >= 1, "attemptsMax %d is positive", attemptsMax);
        Checks.check(backoffNsInitial >= 1 && backoffNsInitial <= backoffNsMax, "backoffs are ordered and positive");
        Checks.check(refusalsMax >= 0, "refusalsMax %d is not negative", refusalsMax);
        Checks.check(refusalBackoffNs >= 1, "refusalBackoffNs %d is positive", refusalBackoffNs);
        Checks.check(thinkTimeNsMax >= 0, "thinkTimeNsMax %d is not negative", thinkTimeNsMax);
    }

    /**
     * 20 attempts with backoffs from 50 ms doubling to 1 s (at least 8 s of backoff in all, more
     * than any fault plan's faulty phase); 100 refusals 100 ms apart (10 s, more than the front
     * end's longest collection of results).
     */
    public static ClientPolicy defaults(long thinkTimeNsMax) {
        return new ClientPolicy(20, 50 * MILLISECOND_NS, 1_000 * MILLISECOND_NS, 100, 100 * MILLISECOND_NS, thinkTimeNsMax);
    }

    /** The wait before retry number {@code retry} (1 for the first), before jitter. */
    long backoffNs(int retry) {
        long backoffNs = backoffNsInitial;
        for (int doubling = 1; doubling < retry && backoffNs < backoffNsMax; doubling++) {
            backoffNs *= 2;
        }
        return Math.min(backoffNs, backoffNsMax);
    }
}
