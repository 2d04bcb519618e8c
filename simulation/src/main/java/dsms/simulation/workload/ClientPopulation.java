package dsms.simulation.workload;

import dsms.market.workload.WorkloadGenerator;
import dsms.protocol.RequestOutcome;
import dsms.simulation.check.Check;
import dsms.simulation.check.CheckFailure;
import dsms.simulation.check.ClientProgress;
import dsms.simulation.cluster.ClientDriver;
import dsms.simulation.cluster.SimulatedCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/** The simulated clients of one run, each with its own seeded workload. */
public final class ClientPopulation implements ClientDriver, ClientProgress {
    /** A liveness report names this many unfinished clients. */
    private static final int UNFINISHED_NAMED_MAX = 5;

    private final SimulatedCluster cluster;
    private final List<SimulatedClient> clients = new ArrayList<>();

    public ClientPopulation(SimulatedCluster cluster, Workload workload, ClientPolicy policy, SplittableRandom random) {
        this.cluster = cluster;
        for (int index = 0; index < workload.clientCount(); index++) {
            WorkloadGenerator generator = new WorkloadGenerator(random.nextLong(), workload.universe(), workload.mix());
            clients.add(new SimulatedClient(index, workload.requestsPerClient(), generator, policy, random.split()));
        }
    }

    /** Every client starts thinking about its first request. */
    public void start() {
        for (SimulatedClient client : clients) {
            client.start(cluster);
        }
    }

    @Override
    public void onOutcome(RequestOutcome outcome, long nowNs) {
        long index = outcome.requestId().clientId() - Workload.FIRST_CLIENT_ID;
        CheckFailure.require(index >= 0 && index < clients.size(), Check.FRONT_END_CONTRACT,
                "the front end answered %s, a request of no client", outcome.requestId());
        clients.get((int) index).onOutcome(outcome, cluster);
    }

    @Override
    public void wakeUp(int client, long nowNs) {
        clients.get(client).wakeUp(cluster);
    }

    @Override
    public boolean allFinished() {
        for (SimulatedClient client : clients) {
            if (!client.isFinished()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String unfinishedSummary() {
        StringJoiner joined = new StringJoiner("; ");
        int named = 0;
        for (SimulatedClient client : clients) {
            if (!client.isFinished() && named++ < UNFINISHED_NAMED_MAX) {
                joined.add(client.describe());
            }
        }
        return joined.toString();
    }

    /** How many times clients retried a request after a system error. */
    public long retries() {
        long total = 0;
        for (SimulatedClient client : clients) {
            total += client.retries();
        }
        return total;
    }
}
