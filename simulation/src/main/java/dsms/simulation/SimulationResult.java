package dsms.simulation;

import dsms.simulation.check.Check;
import java.util.List;

/** How one seed's run ended. */
public sealed interface SimulationResult {

    long seed();

    /** The seed's choices, on one line. */
    String scenario();

    RunStats stats();

    boolean passed();

    /** Every check held. */
    record Passed(long seed, String scenario, RunStats stats) implements SimulationResult {
        @Override
        public boolean passed() {
            return true;
        }
    }

    /**
     * A check failed.
     *
     * @param check the property that broke
     * @param detail the first divergence
     * @param traceTail the last events before the failure, formatted
     * @param replayCommand the command line that replays this run with its trace
     */
    record Failed(long seed, String scenario, RunStats stats, Check check, String detail, List<String> traceTail, String replayCommand)
            implements SimulationResult {
        public Failed {
            traceTail = List.copyOf(traceTail);
        }

        @Override
        public boolean passed() {
            return false;
        }

        /** The failure as a reader wants it: seed, check, divergence, how to replay, then the tail. */
        public String report() {
            StringBuilder report = new StringBuilder();
            report.append("seed ").append(seed).append(" FAILED ").append(check).append(": ").append(detail).append('\n');
            report.append("  scenario: ").append(scenario).append('\n');
            report.append("  run: ").append(stats.describe()).append('\n');
            report.append("  replay: ").append(replayCommand).append('\n');
            report.append("  last ").append(traceTail.size()).append(" events:\n");
            for (String line : traceTail) {
                report.append("    ").append(line).append('\n');
            }
            return report.toString();
        }
    }
}
