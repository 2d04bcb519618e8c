package dsms.node.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dsms.node.security.ApiKeys;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts the holdings of a {@link HoldingsPlan} into a running cluster through its front end, as
 * clients would: the admins create the shares, then every buyer buys its units. It is idempotent:
 * a share that exists and a unit already held count as done, so a load that was interrupted is
 * finished by running it again, and a load that is complete is recognised by a sample and skipped.
 *
 * <p>Requests go over {@code connections} persistent connections, one buyer at a time per
 * connection. When the front end has the batch endpoint ({@value BenchRequests#BATCH_PATH}), each
 * buyer's purchases travel in one request; otherwise one request per purchase.
 */
final class HoldingsLoader {
    /** The batch endpoint takes at most this many operations per request. */
    static final int BATCH_OPERATIONS_MAX = 1_000;
    /** A request that fails for a reason of the system (not of the market) is tried this often. */
    static final int ATTEMPTS_MAX = 8;
    static final long RETRY_DELAY_MS_MAX = 2_000;
    /** Buyers whose holdings are checked to tell whether a plan is loaded already. */
    static final int SAMPLE_BUYERS_MAX = 16;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Failures listed in the report; the rest are only counted. */
    static final int FAILURES_LISTED_MAX = 10;
    private static final long PROGRESS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String host;
    private final int port;
    private final ApiKeys keys;
    private final int connections;
    private final PrintStream progress;

    HoldingsLoader(String host, int port, ApiKeys keys, int connections, PrintStream progress) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be positive, not " + connections);
        }
        this.host = host;
        this.port = port;
        this.keys = keys;
        this.connections = connections;
        this.progress = progress;
    }

    /**
     * What a load did.
     *
     * @param skipped the sample showed the plan loaded already, so nothing was sent
     * @param sharesCreated shares created by this run (the others existed)
     * @param unitsBought purchases that succeeded in this run
     * @param unitsAlreadyHeld purchases the buyer had made already (an earlier run)
     * @param failures purchases or share creations that failed for good
     * @param batched whether the batch endpoint carried the purchases
     */
    record Report(boolean skipped, long sharesCreated, long unitsBought, long unitsAlreadyHeld, long failures,
            List<String> failuresListed, double seconds, boolean batched) {}

    Report load(HoldingsPlan plan) throws IOException, InterruptedException {
        long startedNs = System.nanoTime();
        if (isLoaded(plan)) {
            return new Report(true, 0, 0, 0, 0, List.of(), seconds(startedNs), false);
        }
        boolean batched = hasBatchEndpoint();
        progress.printf("loading %,d holdings: %,d buyers, %,d shares, %s over %d connections%n", plan.holdings(),
                plan.buyerCount(), plan.shares().size(), batched ? "one batch per buyer" : "one request per purchase",
                connections);
        Counters counters = new Counters();
        createShares(plan, counters);
        if (!counters.abandoned) {
            buyEverything(plan, batched, counters, startedNs);
        }
        if (counters.abandoned) {
            counters.fail("the load stopped: a request failed " + ATTEMPTS_MAX + " times in a row");
        }
        return new Report(false, counters.sharesCreated.get(), counters.bought.get(), counters.alreadyHeld.get(),
                counters.failures.get(), List.copyOf(counters.failuresListed), seconds(startedNs), batched);
    }

    /** Whether a sample of buyers, the last one included, holds everything the plan gives them. */
    boolean isLoaded(HoldingsPlan plan) throws IOException {
        try (PlainHttpConnection connection = newConnection()) {
            for (int buyer : sampleBuyers(plan.buyerCount())) {
                JsonNode answer = JSON.readTree(send(connection, keys.issue(plan.buyerId(buyer)), "getShares", "{}").body());
                Set<String> held = new HashSet<>();
                for (JsonNode holding : answer.path("data").path("holdings")) {
                    held.add(holding.path("shareId").asText() + "/" + holding.path("shareType").asText());
                }
                for (HoldingsPlan.Purchase purchase : plan.purchases(buyer)) {
                    if (!held.contains(purchase.shareId() + "/" + purchase.shareType())) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** Up to {@link #SAMPLE_BUYERS_MAX} buyers spread evenly, always with the first and the last. */
    static List<Integer> sampleBuyers(int buyerCount) {
        List<Integer> sample = new ArrayList<>();
        int count = Math.min(SAMPLE_BUYERS_MAX, buyerCount);
        for (int index = 0; index < count; index++) {
            int buyer = count == 1 ? buyerCount - 1 : (int) ((long) index * (buyerCount - 1) / (count - 1));
            if (sample.isEmpty() || sample.get(sample.size() - 1) != buyer) {
                sample.add(buyer);
            }
        }
        return sample;
    }

    private boolean hasBatchEndpoint() throws IOException {
        try (PlainHttpConnection connection = newConnection()) {
            // An empty batch is refused by a front end that has the endpoint (400) and unknown (404)
            // to one that does not; neither runs anything.
            int status = connection.post(BenchRequests.BATCH_PATH, "Bearer " + keys.issue(HoldingsPlan.MARKETS.get(0) + "B0000"),
                    "{\"operations\":[]}").status();
            return status != 404 && status != 405;
        }
    }

    private void createShares(HoldingsPlan plan, Counters counters) throws InterruptedException {
        List<HoldingsPlan.Share> shares = plan.shares();
        AtomicInteger next = new AtomicInteger();
        runWorkers(connection -> {
            for (int index = next.getAndIncrement(); index < shares.size() && !counters.abandoned;
                    index = next.getAndIncrement()) {
                HoldingsPlan.Share share = shares.get(index);
                ObjectNode body = JSON.createObjectNode().put("shareId", share.shareId())
                        .put("shareType", share.shareType()).put("capacity", share.capacity());
                JsonNode answer = sendWithRetries(connection, keys.issue(share.adminId()), "addShare", body.toString());
                String code = answer == null ? "UNAVAILABLE" : answer.path("code").asText();
                if (answer == null) {
                    counters.abandoned = true;
                }
                if (code.equals("OK")) {
                    counters.sharesCreated.incrementAndGet();
                } else if (!code.equals("SHARE_EXISTS")) {
                    counters.fail("addShare " + share.shareId() + " " + share.shareType() + ": " + code);
                }
            }
        });
    }

    private void buyEverything(HoldingsPlan plan, boolean batched, Counters counters, long startedNs)
            throws InterruptedException {
        AtomicInteger nextBuyer = new AtomicInteger();
        AtomicLong nextProgressNs = new AtomicLong(System.nanoTime() + PROGRESS_INTERVAL_NS);
        runWorkers(connection -> {
            for (int buyer = nextBuyer.getAndIncrement(); buyer < plan.buyerCount() && !counters.abandoned;
                    buyer = nextBuyer.getAndIncrement()) {
                String key = keys.issue(plan.buyerId(buyer));
                List<HoldingsPlan.Purchase> purchases = plan.purchases(buyer);
                if (batched) {
                    buyInBatches(connection, key, purchases, counters);
                } else {
                    for (HoldingsPlan.Purchase purchase : purchases) {
                        counters.count(purchase, sendWithRetries(connection, key, "purchaseShare", purchaseBody(purchase)));
                    }
                }
                long nowNs = System.nanoTime();
                long due = nextProgressNs.get();
                if (nowNs >= due && nextProgressNs.compareAndSet(due, nowNs + PROGRESS_INTERVAL_NS)) {
                    long done = counters.bought.get() + counters.alreadyHeld.get();
                    progress.printf("  %,d of %,d holdings after %.0f s (%,.0f per second)%n", done, plan.holdings(),
                            seconds(startedNs), done / seconds(startedNs));
                }
            }
        });
    }

    /**
     * Sends the buyer's purchases in batches. Each operation of a batch is its own request to the
     * cluster, so some may come back unanswered (overloaded, timed out, no quorum) while the others
     * succeed; those are sent again in a later batch, a bounded number of times. A purchase that
     * did run although its answer was lost comes back as ALREADY_HELD, which counts as done.
     */
    private void buyInBatches(PlainHttpConnection connection, String key, List<HoldingsPlan.Purchase> purchases,
            Counters counters) {
        List<HoldingsPlan.Purchase> pending = purchases;
        long delayMs = 50;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<HoldingsPlan.Purchase> unanswered = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += BATCH_OPERATIONS_MAX) {
                List<HoldingsPlan.Purchase> part = pending.subList(from, Math.min(pending.size(), from + BATCH_OPERATIONS_MAX));
                ObjectNode body = JSON.createObjectNode();
                ArrayNode operations = body.putArray("operations");
                for (HoldingsPlan.Purchase purchase : part) {
                    operations.addObject().put("operation", "purchaseShare").put("shareId", purchase.shareId())
                            .put("shareType", purchase.shareType()).put("count", 1);
                }
                JsonNode answer = sendWithRetries(connection, key, null, body.toString());
                if (answer == null) {
                    // The front end is unreachable or failing: every purchase of the batch failed.
                    part.forEach(purchase -> counters.count(purchase, null));
                    return;
                }
                JsonNode results = answer.path("results");
                for (int index = 0; index < part.size(); index++) {
                    JsonNode result = results.has(index) ? results.get(index) : null;
                    if (attempt < ATTEMPTS_MAX && isUnanswered(result)) {
                        unanswered.add(part.get(index));
                    } else {
                        counters.count(part.get(index), result);
                    }
                }
            }
            pending = unanswered;
            if (!pending.isEmpty() && !pause(delayMs)) {
                return;
            }
            delayMs = Math.min(RETRY_DELAY_MS_MAX, delayMs * 2);
        }
    }

    /** Whether the cluster gave no result for an operation, so that sending it again may succeed. */
    static boolean isUnanswered(JsonNode result) {
        if (result == null) {
            return true;
        }
        String code = result.path("code").asText();
        return code.equals("OVERLOADED") || code.equals("TIMED_OUT") || code.equals("NO_QUORUM");
    }

    /** Sleeps; false when interrupted, which ends the load. */
    private static boolean pause(long delayMs) {
        try {
            TimeUnit.MILLISECONDS.sleep(delayMs);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String purchaseBody(HoldingsPlan.Purchase purchase) {
        return "{\"shareId\":\"" + purchase.shareId() + "\",\"shareType\":\"" + purchase.shareType() + "\",\"count\":1}";
    }

    /**
     * Sends one request (to the batch endpoint when {@code operation} is null), again after a
     * growing pause while the cluster cannot answer; null when every attempt failed.
     */
    private JsonNode sendWithRetries(PlainHttpConnection connection, String key, String operation, String body) {
        long delayMs = 50;
        for (int attempt = 1; attempt <= ATTEMPTS_MAX; attempt++) {
            try {
                PlainHttpConnection.Response response = operation == null
                        ? connection.post(BenchRequests.BATCH_PATH, "Bearer " + key, body)
                        : send(connection, key, operation, body);
                if (response.status() == 200) {
                    return JSON.readTree(response.body());
                }
                if (response.status() < 500) {
                    // Refused before the market: the same request would be refused again.
                    return JSON.readTree(response.body());
                }
            } catch (IOException e) {
                // The connection failed; it reopens on the next attempt.
            }
            if (!pause(delayMs)) {
                return null;
            }
            delayMs = Math.min(RETRY_DELAY_MS_MAX, delayMs * 2);
        }
        return null;
    }

    private static PlainHttpConnection.Response send(PlainHttpConnection connection, String key, String operation,
            String body) throws IOException {
        return connection.post(BenchRequests.OPERATIONS_PATH + operation, "Bearer " + key, body);
    }

    private PlainHttpConnection newConnection() {
        return new PlainHttpConnection(host, port, REQUEST_TIMEOUT);
    }

    /** Runs {@code work} on {@link #connections} threads, each with its own connection, and waits for all. */
    private void runWorkers(Work work) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int index = 0; index < connections; index++) {
            Thread worker = new Thread(() -> {
                try (PlainHttpConnection connection = newConnection()) {
                    work.run(connection);
                }
            }, "loader-" + index);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private static double seconds(long startedNs) {
        return Math.max(1e-9, (System.nanoTime() - startedNs) / 1e9);
    }

    @FunctionalInterface
    private interface Work {
        void run(PlainHttpConnection connection);
    }

    private static final class Counters {
        final AtomicLong sharesCreated = new AtomicLong();
        final AtomicLong bought = new AtomicLong();
        final AtomicLong alreadyHeld = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final ConcurrentLinkedQueue<String> failuresListed = new ConcurrentLinkedQueue<>();
        /**
         * Set when a request failed every attempt: the cluster is unreachable or stuck, and the
         * other workers stop too instead of each spending its own attempts on the same failure.
         */
        volatile boolean abandoned;

        void count(HoldingsPlan.Purchase purchase, JsonNode result) {
            if (result == null) {
                abandoned = true;
            }
            String code = result == null ? "UNAVAILABLE" : result.path("code").asText();
            if (code.equals("OK") && result.path("data").path("purchased").asLong() == 1) {
                bought.incrementAndGet();
            } else if (code.equals("ALREADY_HELD")) {
                alreadyHeld.incrementAndGet();
            } else {
                fail("purchaseShare " + purchase.shareId() + " " + purchase.shareType() + ": " + code);
            }
        }

        void fail(String description) {
            if (failures.incrementAndGet() <= FAILURES_LISTED_MAX) {
                failuresListed.add(description);
            }
        }
    }
}
