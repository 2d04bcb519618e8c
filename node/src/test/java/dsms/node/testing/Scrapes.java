package dsms.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dsms.node.metrics.FrontEndMetrics;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading samples out of a Prometheus scrape, for the tests of the front end's metrics. */
public final class Scrapes {
    private Scrapes() {}

    /** The front end's scrape, checked to be served as Prometheus text. */
    public static String scrape(ApiCalls api) {
        ApiCalls.Answer answer = api.get(FrontEndMetrics.PATH, Map.of());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.response().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        return answer.response().body();
    }

    /** The value of the one sample whose line starts with {@code series} (name and labels); fails when there is none. */
    public static double sample(String scrape, String series) {
        Matcher matcher = matcher(scrape, series);
        assertThat(matcher.find()).as(series + " in\n" + scrape).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** As {@link #sample}, but 0 for a series not registered yet: a labelled counter appears with its first count. */
    public static double sampleOrZero(String scrape, String series) {
        Matcher matcher = matcher(scrape, series);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static Matcher matcher(String scrape, String series) {
        return Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    }
}
