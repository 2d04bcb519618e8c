package dsms.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntIntHashMapTest {

    @Test
    void shouldAgreeWithAHashMapUnderRandomPutsAndRemoves() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            IntIntHashMap map = new IntIntHashMap();
            Map<Integer, Integer> model = new HashMap<>();
            for (int step = 0; step < 20_000; step++) {
                // A small key range makes collisions, long probe chains and wrap-around common.
                int key = random.nextInt(2_000);
                if (random.nextInt(3) == 0) {
                    assertThat(map.remove(key)).as("seed %d", seed).isEqualTo(model.remove(key) != null);
                } else {
                    int value = random.nextInt(1_000_000);
                    map.put(key, value);
                    model.put(key, value);
                }
                int probe = random.nextInt(2_000);
                assertThat(map.get(probe)).as("seed %d step %d", seed, step).isEqualTo(model.getOrDefault(probe, IntIntHashMap.ABSENT));
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
    }
}
