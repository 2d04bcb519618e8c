package dsms.market.workload;

import dsms.market.ShareType;
import java.util.SplittableRandom;

/** Random share type names. */
final class ShareTypes {
    private ShareTypes() {}

    static String random(SplittableRandom random) {
        return ShareType.ofIndex(random.nextInt(3)).name();
    }
}
