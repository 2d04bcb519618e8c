package dsms.market.workload;

import dsms.core.AuditSink;
import dsms.core.Checks;
import dsms.market.Market;
import dsms.market.ShareMarket;
import dsms.market.command.AddShare;
import dsms.market.command.Command;
import dsms.market.command.GetShares;
import dsms.market.command.ListShareAvailability;
import dsms.market.command.PurchaseShare;
import dsms.market.command.RemoveShare;
import dsms.market.command.SellShare;
import dsms.market.command.SwapShares;
import dsms.market.result.Result;
import dsms.market.result.ResultCode;
import dsms.market.result.ResultData.SharePurchased;
import dsms.market.result.ResultData.ShareSold;
import dsms.market.result.ResultData.SharesSwapped;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Produces realistic, reproducible command sequences for tests, the simulator and benchmarks.
 *
 * <p>Everything comes from one {@code SplittableRandom(seed)} and from the results fed back with
 * {@link #observe}: the same seed and the same results give the same commands. Fed with every
 * result, the generator knows which shares exist and what each buyer holds, so most commands are
 * meaningful (buyers sell what they hold); without feedback it still produces valid input, only
 * with more rejections.
 */
public final class WorkloadGenerator {
    private static final long CAPACITY_MIN = 1_000;
    private static final long CAPACITY_SPAN = 99_001;
    private static final int PURCHASE_COUNT_MAX = 100;

    private final SplittableRandom random;
    private final Mix mix;
    private final SharePool pool;
    private final Beliefs beliefs;
    private final UserPool users;
    private final InvalidInputs invalidInputs;
    private Pending pending = Pending.NONE;

    /** What the last command was meant to do, so that {@link #observe} can learn from its result. */
    private record Pending(Kind kind, int buyer, int entry, int newEntry) {
        static final Pending NONE = new Pending(Kind.NONE, -1, -1, -1);
    }

    private enum Kind {
        NONE,
        ADD,
        REMOVE,
        PURCHASE,
        SELL,
        SWAP
    }

    public WorkloadGenerator(long seed, Universe universe, Mix mix) {
        Checks.check(universe != null && mix != null, "a universe and a mix are required");
        this.random = new SplittableRandom(seed);
        this.mix = mix;
        this.pool = new SharePool(universe, random);
        this.beliefs = new Beliefs(pool.size(), universe.buyerCount());
        this.users = new UserPool(universe);
        this.invalidInputs = new InvalidInputs(random);
    }

    /** Returns the next command. */
    public Command next() {
        pending = Pending.NONE;
        int draw = random.nextInt(mix.totalWeight);
        if ((draw -= mix.purchaseWeight) < 0) {
            return purchase();
        } else if ((draw -= mix.sellWeight) < 0) {
            return sell();
        } else if ((draw -= mix.swapWeight) < 0) {
            return swap();
        } else if ((draw -= mix.getSharesWeight) < 0) {
            return new GetShares(users.buyerId(random.nextInt(users.buyerCount())));
        } else if ((draw -= mix.listWeight) < 0) {
            return new ListShareAvailability(users.anyUserId(random), ShareTypes.random(random));
        } else if ((draw -= mix.addWeight) < 0) {
            return add(random.nextInt(pool.size()), CAPACITY_MIN + random.nextLong(CAPACITY_SPAN));
        } else if ((draw -= mix.removeWeight) < 0) {
            return remove();
        } else if ((draw -= mix.invalidWeight) < 0) {
            return invalidInputs.corrupt(validTemplate());
        }
        return wrongRole();
    }

    /** Learns from the result of the command last returned by {@link #next}. */
    public void observe(Result result) {
        Pending learned = pending;
        pending = Pending.NONE;
        if (result.ok()) {
            learnFromSuccess(learned, result);
        } else if (result.code() == ResultCode.NOT_HELD && (learned.kind() == Kind.SELL || learned.kind() == Kind.SWAP)) {
            beliefs.holdingChanged(learned.buyer(), learned.entry(), 0);
        }
    }

    /**
     * Builds a large initial state through the market's own operations: {@code shareCount} shares
     * from the pool, then random purchases until buyers hold {@code holdingCount} holdings. Every
     * result is observed, so the generator continues from an exact picture of the state.
     *
     * @return the number of commands executed, which were given sequence numbers 1 to that number
     */
    public long populate(ShareMarket market, int shareCount, long holdingCount) {
        Checks.check(shareCount <= pool.size(), "the pool holds at least %d shares", shareCount);
        long sequence = 0;
        for (int entry = 0; entry < shareCount; entry++) {
            Command command = add(entry, CAPACITY_MIN + random.nextLong(CAPACITY_SPAN));
            sequence++;
            observe(market.execute(sequence, sequence, command, AuditSink.NONE));
        }
        long attemptsMax = sequence + holdingCount * 4;
        while (market.holdingCount() < holdingCount) {
            Checks.check(sequence < attemptsMax, "populating reaches %d holdings", holdingCount);
            int buyer = random.nextInt(users.buyerCount());
            int entry = beliefs.randomLive(random);
            Command command = purchase(buyer, entry, 1 + random.nextInt(PURCHASE_COUNT_MAX));
            sequence++;
            observe(market.execute(sequence, sequence, command, AuditSink.NONE));
        }
        return sequence;
    }

    private void learnFromSuccess(Pending learned, Result result) {
        switch (learned.kind()) {
            case ADD -> beliefs.shareAdded(learned.entry());
            case REMOVE -> beliefs.shareRemoved(learned.entry());
            case PURCHASE -> beliefs.holdingGranted(learned.buyer(), learned.entry(), ((SharePurchased) result.data()).purchased());
            case SELL -> beliefs.holdingChanged(learned.buyer(), learned.entry(), ((ShareSold) result.data()).held());
            case SWAP -> {
                beliefs.holdingChanged(learned.buyer(), learned.entry(), 0);
                beliefs.holdingGranted(learned.buyer(), learned.newEntry(), ((SharesSwapped) result.data()).count());
            }
            case NONE -> { }
        }
    }

    private Command purchase() {
        int buyer = random.nextInt(users.buyerCount());
        // Mostly existing shares, sometimes any pool entry, so that SHARE_NOT_FOUND also happens.
        int entry = random.nextInt(10) == 0 || beliefs.liveCount() == 0 ? random.nextInt(pool.size()) : beliefs.randomLive(random);
        long count = random.nextInt(100) == 0 ? 1_000_000_000L : 1 + random.nextInt(PURCHASE_COUNT_MAX);
        Command command = purchase(buyer, entry, count);
        if (random.nextInt(20) == 0) {
            // Users type IDs and types in any case; the market must treat them as upper case.
            PurchaseShare purchase = (PurchaseShare) command;
            return new PurchaseShare(
                    purchase.actingUser().toLowerCase(Locale.ROOT),
                    purchase.shareId().toLowerCase(Locale.ROOT),
                    purchase.shareType().toLowerCase(Locale.ROOT),
                    count);
        }
        return command;
    }

    private Command purchase(int buyer, int entry, long count) {
        pending = new Pending(Kind.PURCHASE, buyer, entry, -1);
        return new PurchaseShare(users.buyerId(buyer), pool.shareId(entry), pool.type(entry).name(), count);
    }

    private Command sell() {
        int buyer = random.nextInt(users.buyerCount());
        int index = beliefs.randomHolding(buyer, random);
        if (index < 0) {
            int entry = random.nextInt(pool.size());
            return new SellShare(users.buyerId(buyer), pool.shareId(entry), 1 + random.nextInt(PURCHASE_COUNT_MAX), pool.type(entry).name());
        }
        int entry = beliefs.heldEntry(buyer, index);
        long held = beliefs.heldCount(buyer, index);
        int shape = random.nextInt(10);
        long count = shape < 5 ? held : shape < 9 ? 1 + random.nextLong(held) : held + 1;
        // Leaving the type out exercises the market's own choice, and its ambiguity rejection.
        String type = random.nextInt(4) == 0 ? null : pool.type(entry).name();
        pending = new Pending(Kind.SELL, buyer, entry, -1);
        return new SellShare(users.buyerId(buyer), pool.shareId(entry), count, type);
    }

    private Command swap() {
        int buyer = random.nextInt(users.buyerCount());
        int index = beliefs.randomHolding(buyer, random);
        int newEntry = beliefs.liveCount() == 0 ? random.nextInt(pool.size()) : beliefs.randomLive(random);
        int oldEntry = index < 0 ? random.nextInt(pool.size()) : beliefs.heldEntry(buyer, index);
        pending = new Pending(Kind.SWAP, buyer, oldEntry, newEntry);
        return new SwapShares(
                users.buyerId(buyer), pool.shareId(oldEntry), pool.type(oldEntry).name(), pool.shareId(newEntry), pool.type(newEntry).name());
    }

    private Command add(int entry, long capacity) {
        pending = new Pending(Kind.ADD, -1, entry, -1);
        return new AddShare(users.adminId(pool.market(entry), random), pool.shareId(entry), pool.type(entry).name(), capacity);
    }

    private Command remove() {
        int entry = beliefs.liveCount() == 0 || random.nextInt(4) == 0 ? random.nextInt(pool.size()) : beliefs.randomLive(random);
        pending = new Pending(Kind.REMOVE, -1, entry, -1);
        return new RemoveShare(users.adminId(pool.market(entry), random), pool.shareId(entry), pool.type(entry).name());
    }

    /** A well-formed command for {@link InvalidInputs} to corrupt; its outcome is not tracked. */
    private Command validTemplate() {
        int entry = random.nextInt(pool.size());
        int newEntry = random.nextInt(pool.size());
        String buyer = users.buyerId(random.nextInt(users.buyerCount()));
        String shareId = pool.shareId(entry);
        String type = pool.type(entry).name();
        return switch (random.nextInt(6)) {
            case 0 -> new AddShare(users.adminId(pool.market(entry), random), shareId, type, CAPACITY_MIN);
            case 1 -> new RemoveShare(users.adminId(pool.market(entry), random), shareId, type);
            case 2 -> new PurchaseShare(buyer, shareId, type, 1);
            case 3 -> new SellShare(buyer, shareId, 1, random.nextBoolean() ? type : null);
            case 4 -> new SwapShares(buyer, shareId, type, pool.shareId(newEntry), pool.type(newEntry).name());
            default -> new ListShareAvailability(buyer, type);
        };
    }

    private Command wrongRole() {
        int entry = random.nextInt(pool.size());
        Market market = pool.market(entry);
        String shareId = pool.shareId(entry);
        String type = pool.type(entry).name();
        String buyer = users.buyerId(random.nextInt(users.buyerCount()));
        String admin = users.adminId(Market.ofIndex(random.nextInt(3)), random);
        String foreignAdmin = users.adminId(Market.ofIndex((market.ordinal() + 1 + random.nextInt(2)) % 3), random);
        return switch (random.nextInt(7)) {
            case 0 -> new PurchaseShare(admin, shareId, type, 1);
            case 1 -> new SellShare(admin, shareId, 1, type);
            case 2 -> new SwapShares(admin, shareId, type, shareId, type);
            case 3 -> new GetShares(admin);
            case 4 -> new AddShare(buyer, shareId, type, CAPACITY_MIN);
            case 5 -> new AddShare(foreignAdmin, shareId, type, CAPACITY_MIN);
            default -> new RemoveShare(foreignAdmin, shareId, type);
        };
    }
}
