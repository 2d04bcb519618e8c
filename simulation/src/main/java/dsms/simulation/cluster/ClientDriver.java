package dsms.simulation.cluster;

import dsms.protocol.RequestOutcome;

/** The simulated clients behind the front end: they get answers and their timers through the cluster. */
public interface ClientDriver {
    /** No clients: tests that submit requests themselves read the cluster's outcomes instead. */
    ClientDriver NONE = new ClientDriver() {
        @Override
        public void onOutcome(RequestOutcome outcome, long nowNs) {}

        @Override
        public void wakeUp(int client, long nowNs) {}
    };

    void onOutcome(RequestOutcome outcome, long nowNs);

    void wakeUp(int client, long nowNs);
}
