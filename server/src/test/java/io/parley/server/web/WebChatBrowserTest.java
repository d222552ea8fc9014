package io.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.testing.Chromium;
import io.parley.server.testing.LineClient;
import io.parley.server.testing.RunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/**
 * The chat page in a real headless Chromium: two browsers and a TCP client in the same rooms. The
 * browsers are started once for the class and reused by every scenario; the scenarios run in
 * order (the history scenarios, then the server restart, come after the others). The screenshots go to
 * {@code target/screenshots/}, or to the directory named by {@code -Dparley.screenshots} (the
 * README's are made with {@code -Dparley.screenshots=../docs}).
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebChatBrowserTest {
    private RunningServer server;
    private Chromium first;
    private Chromium second;
    private ChatPage alice;
    private ChatPage bob;

    @BeforeAll
    void start() throws Exception {
        Chromium.assumeInstalled();
        server = RunningServer.start("--web-port", "0", "--rate-limit", "0");
        // the two browsers start side by side: most of this class's time is their start
        CompletableFuture<Chromium> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return Chromium.start(1100, 760);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            first = Chromium.start(1100, 760);
        } finally {
            second = starting.get(60, TimeUnit.SECONDS);
        }
        alice = new ChatPage(first.driver());
        bob = new ChatPage(second.driver());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {first, second, server}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * A TCP user, as with nc, who leaves with q when done: a name whose connection merely drops may
     * be held for its owner's return, and the scenarios reuse names.
     */
    private static final class TcpUser implements AutoCloseable {
        private final LineClient client;

        TcpUser(int port, String name) throws IOException {
            client = LineClient.named(port, name);
        }

        void send(String line) throws IOException {
            client.send(line);
        }

        String readUntil(java.util.function.Predicate<String> match) throws IOException {
            return client.readUntil(match);
        }

        @Override
        public void close() throws IOException {
            try {
                client.send("q");
                client.readUntil(l -> l.startsWith("* bye"));
            } finally {
                client.close();
            }
        }
    }

    private TcpUser tcp(String name) throws IOException {
        return new TcpUser(server.port(), name);
    }

    private String url() {
        return "http://127.0.0.1:" + server.webPort() + "/";
    }

    @Test
    @Order(1)
    void twoBrowsersAndATcpClientSeeEachOther() throws Exception {
        alice.openFresh(url()).claim("alice");
        bob.openFresh(url()).claim("bob");
        alice.awaitNotice("bob joined lobby");
        try (TcpUser carol = tcp("carol")) {
            alice.awaitNotice("carol joined lobby");
            alice.waitFor(d -> alice.people().containsAll(List.of("alice", "bob", "carol")));

            alice.type("hello from a browser");
            ChatPage.Entry seen = bob.await("alice", "hello from a browser");
            assertThat(seen.nameClasses()).singleElement().asString().contains("nc-");
            assertThat(carol.readUntil(l -> l.startsWith("alice :"))).isEqualTo("alice : hello from a browser");

            carol.send("hello from nc");
            alice.await("carol", "hello from nc");
            bob.await("carol", "hello from nc");

            // a name has one colour, whoever shows it
            String aliceColour = alice.entries().stream().filter(e -> e.is("own")).findFirst().orElseThrow()
                    .nameClasses().get(0);
            assertThat(seen.nameClasses().get(0)).isEqualTo(aliceColour);
        }
        bob.awaitNotice("carol left (quit)");
        bob.waitFor(d -> !bob.people().contains("carol"));
    }

    @Test
    @Order(2)
    void textIsNeverTakenForHtml() throws Exception {
        String attack = "<img src=x onerror=alert(1)>";
        try (TcpUser mallory = tcp("mallory")) {
            mallory.send(attack);
            ChatPage.Entry shown = alice.await("mallory", attack);
            assertThat(shown.text()).isEqualTo(attack);
            bob.await("mallory", attack);
            Object images = alice.driver.executeScript("return document.querySelectorAll('#log img').length");
            assertThat(images).isEqualTo(0L);
        }
    }

    @Test
    @Order(3)
    void privateMessagesByClickingAName() throws Exception {
        alice.clickPerson("bob");
        assertThat(alice.typed()).isEqualTo("/msg bob ");
        alice.type("just between us");
        ChatPage.Entry got = bob.await("alice", "just between us");
        assertThat(got.is("private")).isTrue();
        assertThat(got.names()).containsExactly("alice", "bob");
        ChatPage.Entry sent = alice.await("alice", "just between us");
        assertThat(sent.is("private")).isTrue();

        try (TcpUser carol = tcp("carol")) {
            carol.send("/msg bob from the terminal");
            assertThat(bob.await("carol", "from the terminal").is("private")).isTrue();
            bob.type("/msg carol hi back");
            assertThat(carol.readUntil(l -> l.startsWith("@"))).isEqualTo("@bob : hi back");
        }
    }

    @Test
    @Order(4)
    void roomsListedAndSwitched() throws Exception {
        alice.joinRoom("dev");
        alice.waitFor(d -> alice.room().equals("#dev"));
        bob.awaitNotice("alice left for dev");
        bob.waitFor(d -> !bob.people().contains("alice"));
        bob.waitFor(d -> bob.rooms().contains("dev")); // the room list follows
        try (TcpUser carol = tcp("carol")) {
            carol.send("/join dev");
            alice.awaitNotice("carol joined dev");
            carol.send("only for dev");
            alice.await("carol", "only for dev");
            bob.clickRoom("dev");
            bob.waitFor(d -> bob.room().equals("#dev"));
            alice.awaitNotice("bob joined dev");
            bob.waitFor(d -> bob.people().containsAll(List.of("alice", "bob", "carol")));
            // said before bob came: he sees it once, as history (the replay on joining)
            ChatPage.Entry replayed = bob.await("carol", "only for dev");
            assertThat(bob.entries().stream().filter(e -> e.text().equals("only for dev"))).hasSize(1);
            assertThat(replayed.is("msg")).isTrue();
        }
    }

    @Test
    @Order(5)
    void reloadedPageRejoins() {
        bob.reload();
        bob.waitFor(d -> "bob".equals(d.findElement(org.openqa.selenium.By.id("me")).getText()) && bob.isOnline());
        bob.waitFor(d -> bob.room().equals("#dev")); // back in the room it was in
        alice.awaitNotice("bob joined dev");
        bob.type("back after a reload");
        alice.await("bob", "back after a reload");
    }

    @Test
    @Order(6)
    void historyOnJoinAndWhenScrollingUp() throws Exception {
        int lines = 120;
        try (TcpUser carol = tcp("carol")) {
            carol.send("/join archive");
            carol.readUntil(l -> l.startsWith("* you are in archive"));
            for (int i = 1; i <= lines; i++) {
                carol.send("archived line " + i);
            }
            carol.send("/ping");
            carol.readUntil("* pong"::equals);
        }
        alice.joinRoom("archive");
        alice.await("carol", "archived line " + lines); // the replay
        // scrolled to the top, again and again, the page fetches what came before
        alice.waitFor(d -> {
            d.findElement(org.openqa.selenium.By.id("log")); // still there
            alice.driver.executeScript("document.getElementById('log').scrollTop = 0");
            return alice.entries().stream().anyMatch(e -> e.text().equals("archived line 1"));
        });
        List<String> archived = alice.entries().stream().map(ChatPage.Entry::text)
                .filter(t -> t.startsWith("archived line ")).toList();
        assertThat(archived).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            assertThat(archived.get(i)).isEqualTo("archived line " + (i + 1)); // each once, in order
        }
        alice.joinRoom("dev");
        alice.waitFor(d -> alice.room().equals("#dev"));
    }

    @Test
    @Order(7)
    void aLostConnectionResumesWithoutAGap() throws Exception {
        alice.type("before the cut");
        ChatPage.Entry own = alice.await("alice", "before the cut");
        alice.waitFor(d -> !alice.entries().get(alice.entries().size() - 1).is("pending")); // acknowledged
        assertThat(own.is("own")).isTrue();
        try (TcpUser carol = tcp("carol")) {
            carol.send("/join dev");
            alice.awaitNotice("carol joined dev");
            server.server().chat().hub().find("alice").close(); // the server drops alice's connection
            alice.waitFor(d -> alice.status().contains("reconnecting"));
            for (int i = 1; i <= 3; i++) {
                carol.send("while you were away " + i);
            }
            alice.waitFor(d -> alice.isOnline());
            for (int i = 1; i <= 3; i++) {
                alice.await("carol", "while you were away " + i);
            }
            List<String> texts = alice.entries().stream().map(ChatPage.Entry::text).toList();
            int first = texts.indexOf("while you were away 1");
            assertThat(texts.subList(first, texts.size()).stream().filter(t -> t.startsWith("while you were away")))
                    .containsExactly("while you were away 1", "while you were away 2", "while you were away 3");
            assertThat(alice.room()).isEqualTo("#dev");
        }
    }

    @Test
    @Order(8)
    void serverGoingAwayAndBack() throws Exception {
        int webPort = server.webPort();
        server.close();
        alice.waitFor(d -> alice.status().contains("reconnecting"));
        alice.awaitNotice("server restarting; reconnecting");
        bob.waitFor(d -> bob.status().contains("reconnecting"));
        server = RunningServer.start("--web-port", "" + webPort, "--rate-limit", "0");
        alice.waitFor(d -> alice.isOnline());
        bob.waitFor(d -> bob.isOnline());
        alice.awaitNotice("reconnected");
        alice.waitFor(d -> alice.room().equals("#dev"));
        alice.type("still here");
        bob.await("alice", "still here");
    }

    @Test
    @Order(9)
    void screenshots() throws Exception {
        alice.openFresh(url()).claim("alice");
        bob.openFresh(url()).claim("bob");
        try (TcpUser carol = tcp("carol");
             TcpUser dave = tcp("dave")) {
            carol.send("morning all");
            alice.type("hi carol! the chat page is live, same rooms as the terminal");
            bob.type("works on my phone too");
            dave.send("<b>bold?</b> no: text stays text");
            carol.send("/msg alice lunch at 12?");
            dave.send("/msg bob the dev room has the new build");
            bob.type("@alice the room list updates by itself");
            dave.send("/join dev");
            alice.await("carol", "lunch at 12?");
            bob.await("dave", "the dev room has the new build");
            for (ChatPage page : List.of(alice, bob)) {
                page.awaitNotice("dave left for dev");
                page.waitFor(d -> page.rooms().contains("dev"));
            }
            Path dir = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            screenshot(alice, 1180, 720, dir.resolve("web-desktop.png"));
            screenshot(bob, 360, 740, dir.resolve("web-phone.png"));
        }
    }

    /** A picture of the page with a viewport of exactly {@code width} x {@code height}. */
    private static void screenshot(ChatPage page, int width, int height, Path file) throws Exception {
        page.driver.manage().window().setSize(new Dimension(width, height));
        long extra = (Long) page.driver.executeScript("return window.outerHeight - window.innerHeight");
        page.driver.manage().window().setSize(new Dimension(width, height + (int) extra));
        page.waitFor(d -> (Boolean) page.driver.executeScript(
                "return window.innerWidth === arguments[0] && document.getAnimations().length === 0", width));
        Files.write(file, page.driver.getScreenshotAs(OutputType.BYTES));
        assertThat(file).isNotEmptyFile();
    }

    @Test
    @Order(10)
    void theNameFormSaysWhyANameIsRefused() throws Exception {
        bob.openFresh(url());
        assertThat(bob.claimRefused("alice")).isEqualTo("name alice is taken");
        assertThat(bob.claimRefused("a:b")).isEqualTo("A name is 1 to 32 letters, digits, _ - or .");
        assertThat(bob.claimRefused("aIice")).startsWith("name aIice is taken"); // looks like alice
        bob.claim("bob");
    }
}
