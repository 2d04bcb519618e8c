package dsms.market.workload;

/**
 * How often a workload issues each kind of command, as relative weights.
 *
 * <p>Invalid commands carry a malformed argument; wrong-role commands are well formed but sent by
 * a user who may not run them, so that the error paths run as often as a real exchange sees them.
 */
public enum Mix {
    /**
     * A trading day: purchases, sales, swaps and holdings queries, with some listing changes by
     * admins. No availability listing, since a listing of a large market costs as much as tens of
     * thousands of trades and real clients page or cache it.
     */
    TRADE(30, 18, 10, 25, 0, 5, 2, 2, 1),
    /** Every operation, listings included, with more errors: for tests on small universes. */
    FULL(25, 15, 12, 12, 4, 10, 4, 10, 8);

    final int purchaseWeight;
    final int sellWeight;
    final int swapWeight;
    final int getSharesWeight;
    final int listWeight;
    final int addWeight;
    final int removeWeight;
    final int invalidWeight;
    final int wrongRoleWeight;
    final int totalWeight;

    Mix(int purchase, int sell, int swap, int getShares, int list, int add, int remove, int invalid, int wrongRole) {
        purchaseWeight = purchase;
        sellWeight = sell;
        swapWeight = swap;
        getSharesWeight = getShares;
        listWeight = list;
        addWeight = add;
        removeWeight = remove;
        invalidWeight = invalid;
        wrongRoleWeight = wrongRole;
        totalWeight = purchase + sell + swap + getShares + list + add + remove + invalid + wrongRole;
    }
}
