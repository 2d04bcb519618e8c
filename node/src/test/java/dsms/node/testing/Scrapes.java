package dsms.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading samples out of a Prometheus scrape, for the tests of the front end's metrics. */
public final class Scrapes {
    private Scrapes() {}

    /** The value of the one sample whose line starts with {@code series} (name and labels); fails when there is none. */
    public static double sample(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(matcher.find()).as(series + " in\n" + scrape).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
