package dsms.node.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dsms.node.security.ApiKeys;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in headless Chromium against a whole cluster of real processes: it shows three
 * replicas up, trades through its forms, and shows a replica killed with kill -9 go down and, once
 * its manager has restarted it, come back up.
 */
class DashboardBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Requests keep flowing while a replica is down: the front end learns of a crash from missing results. */
    private static final Duration TRAFFIC_INTERVAL = Duration.ofMillis(50);
    private static final Duration TRAFFIC_DURATION_MAX = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    @Test
    void showsAKilledReplicaGoDownAndComeBack() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: the browser test needs Debian's chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver)");
        Path jar = Path.of(System.getProperty("dsms.jar", "target/dsms.jar"));
        assertThat(jar).as("the packaged program; run through 'mvnw verify'").exists();
        try (ClusterProcess cluster = ClusterProcess.start(jar, directory)) {
            WebDriver browser = newBrowser();
            try {
                browser.get(cluster.baseUrl() + "/");
                awaitStatuses(browser, "UP", "UP", "UP");
                ApiKeys keys = new ApiKeys(cluster.config().secret());
                tradeThroughTheForms(browser, keys);
                watchACrash(browser, cluster, keys);
            } finally {
                // Kept beside the jar (target/), to see what the page showed when the test ended.
                ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
                Files.write(jar.resolveSibling("dashboard-it.png"),
                        ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
                browser.quit();
            }
        }
    }

    private WebDriver newBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--window-size=1300,1000",
                "--user-data-dir=" + directory.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .withLogFile(new File(directory.resolve("chromedriver.log").toString()))
                .build();
        return new ChromeDriver(service, options);
    }

    private static void awaitStatuses(WebDriver browser, String... expected) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(read(browser, "[...document.querySelectorAll('#replicas tbody tr')]"
                        + ".map(row => row.dataset.status)")).containsExactly((Object[]) expected));
    }

    /**
     * Evaluates {@code expression} (a list of strings) in the page in one step: the tables are
     * redrawn four times a second, so elements found in one call may be gone by the next.
     */
    private static List<Object> read(WebDriver browser, String expression) {
        Object value = ((JavascriptExecutor) browser).executeScript("return " + expression + ";");
        return value instanceof List<?> list ? List.copyOf(list) : List.of();
    }

    private static void tradeThroughTheForms(WebDriver browser, ApiKeys keys) {
        useKey(browser, keys.issue("NYKA0001"));
        WebElement addShare = browser.findElement(By.id("admin-addShare"));
        addShare.findElement(By.name("shareId")).sendKeys("NYKM030326");
        new Select(addShare.findElement(By.name("shareType"))).selectByVisibleText("BONUS");
        addShare.findElement(By.name("capacity")).sendKeys("40");
        addShare.findElement(By.tagName("button")).click();
        awaitAnswer(browser, "OK");

        useKey(browser, keys.issue("NYKB0001"));
        WebElement purchase = browser.findElement(By.id("buyer-purchaseShare"));
        purchase.findElement(By.name("shareId")).sendKeys("NYKM030326");
        new Select(purchase.findElement(By.name("shareType"))).selectByVisibleText("BONUS");
        purchase.findElement(By.name("count")).sendKeys("15");
        purchase.findElement(By.tagName("button")).click();
        awaitAnswer(browser, "OK");
        assertThat(browser.findElement(By.id("answer")).getText()).contains("purchased 15 of 15");

        purchase.findElement(By.tagName("button")).click();
        awaitAnswer(browser, "ALREADY_HELD");
    }

    private static void useKey(WebDriver browser, String key) {
        WebElement field = browser.findElement(By.id("api-key"));
        field.clear();
        field.sendKeys(key);
        assertThat(browser.findElement(By.id("acting-user")).getText()).isEqualTo("acting as " + key.split("\\.")[0]);
    }

    private static void awaitAnswer(WebDriver browser, String code) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("#answer-code[data-code='" + code + "']"))).hasSize(1));
    }

    private static void watchACrash(WebDriver browser, ClusterProcess cluster, ApiKeys keys) throws Exception {
        long killedPid = cluster.replicaPid("A");
        AtomicBoolean trafficOn = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> sendReads(cluster.baseUrl(), keys.issue("LONB0001"), trafficOn),
                "test-traffic");
        traffic.start();
        try {
            ProcessHandle.of(killedPid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(changes(browser, "A", "DOWN")).isNotEmpty());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(changes(browser, "A", "UP")).isNotEmpty();
                assertThat(cluster.replicaPid("A")).as("the manager started a new replica process").isNotEqualTo(killedPid);
            });
            awaitStatuses(browser, "UP", "UP", "UP");
        } finally {
            trafficOn.set(false);
            traffic.join(10_000);
        }
    }

    /** The dashboard's recent changes of {@code replica} to {@code status}, as shown. */
    private static List<Object> changes(WebDriver browser, String replica, String status) {
        return read(browser, "[...document.querySelectorAll(\"#changes li[data-replica='" + replica
                + "'][data-to='" + status + "']\")].map(item => item.textContent)");
    }

    /** Reads as a buyer every {@link #TRAFFIC_INTERVAL} until told to stop, for at most a bounded time. */
    private static void sendReads(String baseUrl, String key, AtomicBoolean on) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest read = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/operations/getShares"))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        long deadlineNs = System.nanoTime() + TRAFFIC_DURATION_MAX.toNanos();
        while (on.get() && System.nanoTime() < deadlineNs) {
            try {
                http.send(read, HttpResponse.BodyHandlers.discarding());
                Thread.sleep(TRAFFIC_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.io.IOException e) {
                // A read that fails while a replica restarts is part of the scenario; keep going.
            }
        }
    }
}
