package dev.swarmgate.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The stats page in a real browser: Debian's chromium, headless, driven by its chromedriver through Selenium (the
 * local binaries only; nothing is downloaded). The page loads with basic authentication, lists the services of a
 * running proxy, and shows a service added and a reconfigure rejected after it loaded within 2 s, without a reload.
 * Screenshots go to {@code target/dashboard.png} (desktop) and {@code target/dashboard-phone.png} (a phone's width).
 * Skipped, saying why, only where chromium or chromedriver is not installed (CI installs both). The 401 without
 * credentials is {@link StatsPageTest}'s: headless chromium shows a challenged page as an empty one.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String USER = "admin";
    private static final String PASSWORD = "s3cret-Pw";
    /** What the issue asks: a change shows within 2 s without reloading the page. */
    private static final Duration LIVE = Duration.ofSeconds(2);

    private RecordingBackend backend;
    private GatewayUnderTest proxy;
    private ChromeDriver browser;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver");
        backend = RecordingBackend.start();
        proxy = GatewayUnderTest.start(Map.of("STATS_USER", USER, "STATS_PASS", PASSWORD));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root in a container has no user namespace for chromium's sandbox; /dev/shm may be small there.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1400", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void showsTheServicesAndAddedAndRejectedReconfiguresLiveWithoutReloading() throws IOException {
        proxy.route("go-demo", backend.port(), "servicePath=/demo");
        proxy.route("api", backend.port(), "servicePath=/api&serviceDomain=api.example.com"
                + "&users=ops:" + URLEncoder.encode("0ps-Pw", StandardCharsets.UTF_8)
                + "&reqPathSearchReplace=/api/,/");
        proxy.route("legacy-shop", backend.port(), "servicePath=/shop&templateFePath=/cfg/tmpl/shop-fe.cfg");
        assertThat(proxy.get("/demo/hello").statusCode()).isEqualTo(200);

        // Credentials in the URL, as a person would type them; the page's own requests then carry them.
        browser.get("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + proxy.port() + "/admin?stats");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(page -> serviceRow("go-demo").size() == 1);
        assertThat(browser.getTitle()).isEqualTo("Swarmgate stats");
        assertThat(text(serviceRow("go-demo").getFirst())).contains("/demo", "127.0.0.1:" + backend.port(), "healthy");
        // The request above reaches the traffic columns (per-service figures of the last minute): no 5xx of one.
        wait.until(page -> text(serviceRow("go-demo").getFirst()).contains("0.0 %"));
        assertThat(text(serviceRow("api").getFirst())).contains("api.example.com", "BasicAuth")
                .doesNotContain("0ps-Pw");
        assertThat(text(problemRow("legacy-shop").getFirst())).contains("partly ignored", "templateFePath");
        ((JavascriptExecutor) browser).executeScript("window.loadedOnce = 'still here';");

        proxy.route("checkout", backend.port(), "servicePath=/checkout");
        assertThat(proxy.reconfigure("serviceName=broken&servicePath=/broken&port=eighty").status()).isEqualTo(400);

        new WebDriverWait(browser, LIVE).until(page -> serviceRow("checkout").size() == 1
                && problemRow("broken").size() == 1);
        assertThat(text(problemRow("broken").getFirst())).contains("rejected", "port=eighty is not valid");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.loadedOnce")).as("no reload")
                .isEqualTo("still here");
        assertThat(browser.findElement(By.id("status")).getAttribute("aria-live")).isEqualTo("polite");

        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new Dimension(390, 1800));
        wait.until(page -> serviceRow("checkout").size() == 1);
        Files.write(Path.of("target", "dashboard-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private List<WebElement> serviceRow(String name) {
        return browser.findElements(By.cssSelector("#services tbody tr[data-service='" + name + "']"));
    }

    private List<WebElement> problemRow(String name) {
        return browser.findElements(By.cssSelector("#problems tbody tr[data-service='" + name + "']"));
    }

    private static String text(WebElement element) {
        return element.getText();
    }
}
