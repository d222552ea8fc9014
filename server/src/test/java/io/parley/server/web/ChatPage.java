package io.parley.server.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The chat page in one browser, as a user sees and uses it. */
final class ChatPage {
    static final Duration WAIT = Duration.ofSeconds(15);

    /** One line of the page's log: its classes, the names in it (text and classes), its text. */
    record Entry(String classes, List<String> names, List<String> nameClasses, String text) {
        boolean is(String cls) {
            return List.of(classes.split(" ")).contains(cls);
        }
    }

    final ChromeDriver driver;

    ChatPage(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Opens the page as a newcomer: nothing remembered from earlier visits. A session still open
     * leaves first (as with the Leave button), so that its name is free at once.
     */
    ChatPage openFresh(String url) {
        List<WebElement> leave = driver.findElements(By.id("leave"));
        if (!leave.isEmpty() && leave.get(0).isDisplayed() && isOnline()) {
            leave.get(0).click();
            waitFor(d -> d.findElement(By.id("name")).isDisplayed());
        }
        driver.get(url + "favicon.svg"); // same origin, no page script to write the storage again
        driver.executeScript("sessionStorage.clear(); localStorage.clear();");
        driver.get(url);
        waitFor(d -> d.findElement(By.id("name")).isDisplayed());
        return this;
    }

    void reload() {
        driver.navigate().refresh();
    }

    ChatPage claim(String name) {
        WebElement field = driver.findElement(By.id("name"));
        field.clear();
        field.sendKeys(name + Keys.ENTER);
        waitFor(d -> name.equals(d.findElement(By.id("me")).getText()) && isOnline());
        return this;
    }

    /** Tries to claim {@code name}; returns what the name form then says. */
    String claimRefused(String name) {
        driver.executeScript("document.getElementById('claim-error').textContent = ''");
        WebElement field = driver.findElement(By.id("name"));
        field.clear();
        field.sendKeys(name + Keys.ENTER);
        return waitFor(d -> {
            String error = d.findElement(By.id("claim-error")).getText();
            return error.isEmpty() ? null : error;
        });
    }

    /** Types a line into the message field and sends it with Enter. */
    void type(String text) {
        WebElement line = driver.findElement(By.id("line"));
        waitFor(d -> line.isEnabled());
        line.sendKeys(text + Keys.ENTER);
    }

    boolean isOnline() {
        return driver.findElement(By.id("status")).getAttribute("class").contains("online");
    }

    String status() {
        return driver.findElement(By.id("status")).getText();
    }

    String room() {
        return driver.findElement(By.id("room")).getText();
    }

    @SuppressWarnings("unchecked")
    List<Entry> entries() {
        List<Map<String, Object>> raw = (List<Map<String, Object>>) driver.executeScript(
                "return [...document.querySelectorAll('#log > li')].map(li => ({"
                        + " classes: li.className,"
                        + " names: [...li.querySelectorAll('.nick')].map(b => b.textContent),"
                        + " nameClasses: [...li.querySelectorAll('.nick')].map(b => b.className),"
                        + " text: li.querySelector('.body').lastChild.textContent }))");
        return raw.stream().map(m -> new Entry((String) m.get("classes"), (List<String>) m.get("names"),
                (List<String>) m.get("nameClasses"), (String) m.get("text"))).toList();
    }

    /** Waits for a line of the log with this text (and, if given, from this name); returns it. */
    Entry await(String name, String text) {
        return waitFor(d -> entries().stream()
                .filter(e -> e.text().equals(text) && (name == null || e.names().contains(name)))
                .findFirst().orElse(null));
    }

    /** Waits for a notice or error containing {@code text}. */
    Entry awaitNotice(String text) {
        return waitFor(d -> entries().stream()
                .filter(e -> (e.is("notice") || e.is("error")) && e.text().contains(text))
                .findFirst().orElse(null));
    }

    @SuppressWarnings("unchecked")
    List<String> people() {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#people .nick')].map(b => b.textContent)");
    }

    @SuppressWarnings("unchecked")
    List<String> rooms() {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll('#rooms button')].map(b => b.dataset.room)");
    }

    /** Clicks a name in the people list. */
    void clickPerson(String name) {
        driver.findElements(By.cssSelector("#people .nick")).stream()
                .filter(b -> b.getText().equals(name)).findFirst().orElseThrow().click();
    }

    void clickRoom(String room) {
        driver.findElement(By.cssSelector("#rooms button[data-room='" + room + "']")).click();
    }

    void joinRoom(String room) {
        WebElement field = driver.findElement(By.id("join-room"));
        if (!field.isDisplayed()) {
            driver.findElement(By.id("toggle-side")).click();
        }
        field.sendKeys(room + Keys.ENTER);
    }

    String typed() {
        return driver.findElement(By.id("line")).getAttribute("value");
    }

    /** Waits for {@code condition}; on timeout, fails with what the page shows. */
    <T> T waitFor(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; the page shows: " + describe(), e);
        }
    }

    /** What the page shows, for a failure message. */
    String describe() {
        List<Entry> log = entries();
        return "status <" + status() + ">, me <" + driver.findElement(By.id("me")).getText() + ">, room <" + room()
                + ">, name form error <" + driver.findElement(By.id("claim-error")).getText() + ">, people " + people()
                + ", rooms " + rooms() + ", last lines " + log.subList(Math.max(0, log.size() - 12), log.size());
    }
}
