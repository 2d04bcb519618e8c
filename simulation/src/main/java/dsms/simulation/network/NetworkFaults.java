package dsms.simulation.network;

import dsms.core.Checks;

/**
 * How badly the simulated network behaves on every link.
 *
 * @param lossProbability the chance that a datagram is dropped
 * @param duplicateProbability the chance that a delivered datagram is delivered twice
 * @param delayNsMin the shortest one-way delay
 * @param delayNsMax the longest one-way delay; a wide range reorders datagrams
 * @param corruptProbability the chance that one byte of a datagram is flipped in flight (the
 *     receiver's HMAC check must catch it)
 */
public record NetworkFaults(
        double lossProbability,
        double duplicateProbability,
        long delayNsMin,
        long delayNsMax,
        double corruptProbability) {

    public static final NetworkFaults PERFECT = new NetworkFaults(0, 0, 50_000, 50_000, 0);

    public NetworkFaults {
        Checks.check(lossProbability >= 0 && lossProbability < 1, "loss probability is in [0, 1)");
        Checks.check(duplicateProbability >= 0 && duplicateProbability < 1, "duplicate probability is in [0, 1)");
        Checks.check(corruptProbability >= 0 && corruptProbability < 1, "corrupt probability is in [0, 1)");
        Checks.check(delayNsMin >= 0 && delayNsMin <= delayNsMax, "0 <= delayNsMin <= delayNsMax");
    }
}
