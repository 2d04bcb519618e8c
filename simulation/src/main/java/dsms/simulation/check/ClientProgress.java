package dsms.simulation.check;

/** What the liveness check needs to know of the simulated clients. */
public interface ClientProgress {

    /** Whether every client got an AGREED answer to every request it meant to make. */
    boolean allFinished();

    /** The requests still waiting for an AGREED answer, for a failure report. */
    String unfinishedSummary();
}
