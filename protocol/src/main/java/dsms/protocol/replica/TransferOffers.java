package dsms.protocol.replica;

import dsms.core.StateDigest;
import dsms.protocol.message.CheckpointAnnouncement;
import dsms.protocol.message.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The checkpoints peers announced to a recovering replica, and the choice among them: the newest
 * checkpoint whose sequence, length and digest at least {@code f+1} distinct peers announced, so
 * that at least one correct replica vouches for it.
 *
 * <p>Bounded by {@link RecoveryConfig#CHECKPOINTS_RETAINED} announcements per peer (its newest);
 * a peer's later announcement of the same sequence replaces its earlier one.
 */
final class TransferOffers {
    private final TreeMap<NodeId, List<CheckpointAnnouncement>> byPeer = new TreeMap<>();

    void clear() {
        byPeer.clear();
    }

    void add(NodeId peer, CheckpointAnnouncement announcement) {
        List<CheckpointAnnouncement> offers = byPeer.computeIfAbsent(peer, node -> new ArrayList<>());
        offers.removeIf(offer -> offer.sequence() == announcement.sequence());
        offers.add(announcement);
        offers.sort(Comparator.comparingLong(CheckpointAnnouncement::sequence));
        while (offers.size() > RecoveryConfig.CHECKPOINTS_RETAINED) {
            offers.remove(0);
        }
    }

    /**
     * The newest checkpoint at most {@code checkpointBytesMax} long that at least {@code
     * vouchersRequired} peers announced, if any.
     */
    Optional<Choice> agreed(int vouchersRequired, int checkpointBytesMax) {
        Map<CheckpointKey, List<CheckpointAnnouncement>> byKey = new LinkedHashMap<>();
        Map<CheckpointKey, List<NodeId>> vouchers = new LinkedHashMap<>();
        byPeer.forEach((peer, offers) -> {
            for (CheckpointAnnouncement offer : offers) {
                CheckpointKey key = CheckpointKey.of(offer);
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(offer);
                vouchers.computeIfAbsent(key, k -> new ArrayList<>()).add(peer);
            }
        });
        Choice best = null;
        for (Map.Entry<CheckpointKey, List<NodeId>> candidate : vouchers.entrySet()) {
            CheckpointKey key = candidate.getKey();
            if (candidate.getValue().size() < vouchersRequired || key.checkpointBytes() > checkpointBytesMax) {
                continue;
            }
            if (best == null || key.sequence() > best.key().sequence()) {
                best = new Choice(key, candidate.getValue(), servableThrough(byKey.get(key)));
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * How far every voucher can serve the entries after the checkpoint: the lowest delivered
     * sequence among them, so that a voucher that claims too much cannot make the catch-up wait
     * for entries nobody sends.
     */
    private static long servableThrough(List<CheckpointAnnouncement> offers) {
        long lowest = Long.MAX_VALUE;
        for (CheckpointAnnouncement offer : offers) {
            lowest = Math.min(lowest, offer.deliveredSequence());
        }
        return lowest;
    }

    /** What peers must agree on for a checkpoint to be trusted. */
    record CheckpointKey(long sequence, int checkpointBytes, StateDigest digest) {
        static CheckpointKey of(CheckpointAnnouncement announcement) {
            return new CheckpointKey(announcement.sequence(), announcement.checkpointBytes(), announcement.digest());
        }
    }

    /**
     * The checkpoint to fetch.
     *
     * @param key what f+1 peers agree on
     * @param vouchers the peers that announced it, ascending: the only ones it is fetched from
     * @param targetSequence the entry up to which the vouchers can all serve the entries after it
     */
    record Choice(CheckpointKey key, List<NodeId> vouchers, long targetSequence) {
        Choice {
            vouchers = List.copyOf(vouchers);
        }
    }
}
