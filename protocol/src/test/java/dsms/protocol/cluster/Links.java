package dsms.protocol.cluster;

import dsms.protocol.message.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How the test network treats each message: the delays after which its copies arrive. No delay
 * means the message is lost; two mean it is duplicated; random delays reorder messages.
 */
interface Links {

    List<Long> deliveryDelaysNs(NodeId from, NodeId to);

    /** Every message arrives once, after a fixed latency, in the order sent. */
    static Links lossless(long latencyNs) {
        return (from, to) -> List.of(latencyNs);
    }

    /**
     * Every link loses, duplicates and reorders messages, driven by a seeded generator so that a
     * failing seed replays exactly.
     */
    static Links lossy(long seed, double lossProbability, double duplicationProbability, long latencyNsMax) {
        SplittableRandom random = new SplittableRandom(seed);
        return (from, to) -> {
            List<Long> delays = new ArrayList<>(2);
            if (random.nextDouble() >= lossProbability) {
                delays.add(random.nextLong(1, latencyNsMax + 1));
            }
            if (random.nextDouble() < duplicationProbability) {
                delays.add(random.nextLong(1, latencyNsMax + 1));
            }
            return delays;
        };
    }
}
