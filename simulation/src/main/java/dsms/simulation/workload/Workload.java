package dsms.simulation.workload;

import dsms.core.Checks;
import dsms.market.workload.Mix;
import dsms.market.workload.Universe;

/**
 * What the simulated clients ask for: {@code clientCount} clients, each making {@code
 * requestsPerClient} requests one after another, drawn from a crowded universe so that requests
 * conflict (limits, full shares, removed shares) and order matters.
 */
public record Workload(int clientCount, int requestsPerClient, Universe universe, Mix mix) {
    /** Client IDs start here; each client is {@code FIRST_CLIENT_ID + index}. */
    public static final long FIRST_CLIENT_ID = 1;

    public Workload {
        Checks.check(clientCount >= 1, "clientCount %d is positive", clientCount);
        Checks.check(requestsPerClient >= 0, "requestsPerClient %d is not negative", requestsPerClient);
        Checks.check(universe != null && mix != null, "a workload has a universe and a mix");
    }

    public static Workload crowded(int clientCount, int requestsPerClient) {
        return new Workload(clientCount, requestsPerClient, Universe.crowded(), Mix.FULL);
    }
}
