package dsms.market.workload;

import dsms.market.Market;
import java.util.SplittableRandom;

/** The user IDs of a universe, built once so that commands share the strings. */
final class UserPool {
    private final String[] buyerIds;
    private final String[][] adminIdsByMarket;

    UserPool(Universe universe) {
        buyerIds = new String[universe.buyerCount()];
        adminIdsByMarket = new String[3][universe.adminsPerMarket()];
        for (Market market : Market.values()) {
            for (int number = 1; number <= universe.buyersPerMarket(); number++) {
                buyerIds[market.ordinal() * universe.buyersPerMarket() + number - 1] = userId(market, 'B', number);
            }
            for (int number = 1; number <= universe.adminsPerMarket(); number++) {
                adminIdsByMarket[market.ordinal()][number - 1] = userId(market, 'A', number);
            }
        }
    }

    int buyerCount() {
        return buyerIds.length;
    }

    String buyerId(int buyer) {
        return buyerIds[buyer];
    }

    String adminId(Market market, SplittableRandom random) {
        String[] admins = adminIdsByMarket[market.ordinal()];
        return admins[random.nextInt(admins.length)];
    }

    /** A buyer or an admin of any market, for operations every user may run. */
    String anyUserId(SplittableRandom random) {
        return random.nextBoolean() ? buyerId(random.nextInt(buyerIds.length)) : adminId(Market.ofIndex(random.nextInt(3)), random);
    }

    private static String userId(Market market, char role, int number) {
        return String.format("%s%c%04d", market.name(), role, number);
    }
}
