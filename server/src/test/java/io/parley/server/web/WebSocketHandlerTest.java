package io.parley.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.CharsetUtil;
import io.parley.protocol.ServerLine;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The web port's pipeline on EmbeddedChannels: the page, handshakes good and bad, and frames. */
class WebSocketHandlerTest {
    private EmbeddedWeb web = new EmbeddedWeb("--max-line", "64");

    @AfterEach
    void close() {
        web.close();
    }

    private static String header(String response, String name) {
        for (String line : response.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    // --- the page --------------------------------------------------------------------------

    @Test
    void pageAndItsFilesCarryTheSecurityHeaders() {
        EmbeddedWeb.Conn c = web.connect();
        String page = c.get("/");
        assertThat(page).startsWith("HTTP/1.1 200 OK");
        assertThat(header(page, "content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(header(page, "content-security-policy"))
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                        "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(header(page, "x-content-type-options")).isEqualTo("nosniff");
        assertThat(header(page, "cache-control")).isEqualTo("no-cache");
        assertThat(header(page, "etag")).matches("\"[A-Za-z0-9_-]{22}\"");
        assertThat(body(page)).contains("<meta name=\"parley-max-line\" content=\"64\">",
                "<script type=\"module\" src=\"app.js\"></script>");
        assertThat(body(page)).doesNotContain("style=", "onclick", "<script>");

        for (String[] file : new String[][] {{"/app.js", "text/javascript"}, {"/lines.js", "text/javascript"},
                {"/colours.js", "text/javascript"}, {"/style.css", "text/css"}, {"/favicon.svg", "image/svg+xml"}}) {
            String response = c.get(file[0]);
            assertThat(response).as(file[0]).startsWith("HTTP/1.1 200 OK");
            assertThat(header(response, "content-type")).as(file[0]).startsWith(file[1]);
            assertThat(header(response, "x-content-type-options")).isEqualTo("nosniff");
            assertThat(header(response, "content-security-policy")).isNotNull();
        }
        assertThat(c.channel.isOpen()).isTrue(); // keep-alive: one connection loads the page
    }

    @Test
    void scriptsNeverWriteHtml() {
        EmbeddedWeb.Conn c = web.connect();
        for (String file : List.of("/app.js", "/lines.js", "/colours.js")) {
            assertThat(body(c.get(file))).as(file)
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        }
    }

    @Test
    void anUnchangedFileIsNotSentAgain() {
        EmbeddedWeb.Conn c = web.connect();
        String etag = header(c.get("/app.js"), "etag");
        String again = c.get("/app.js", "If-None-Match: " + etag);
        assertThat(again).startsWith("HTTP/1.1 304 Not Modified");
        assertThat(body(again)).isEmpty();
        assertThat(header(again, "etag")).isEqualTo(etag);
        assertThat(c.get("/app.js", "If-None-Match: \"older\"")).startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void otherPathsAndMethodsAreRefused() {
        EmbeddedWeb.Conn c = web.connect();
        String missing = c.get("/../../etc/passwd");
        assertThat(missing).startsWith("HTTP/1.1 404 Not Found");
        assertThat(body(missing)).isEqualTo("not found; the chat page is at /\n");
        assertThat(header(missing, "content-security-policy")).isNotNull();
        String post = c.http("POST / HTTP/1.1\r\nHost: " + EmbeddedWeb.HOST + "\r\nContent-Length: 2\r\n\r\nhi");
        assertThat(post).startsWith("HTTP/1.1 405 Method Not Allowed");
        assertThat(header(post, "allow")).isEqualTo("GET, HEAD");
        String head = c.http("HEAD / HTTP/1.1\r\nHost: " + EmbeddedWeb.HOST + "\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200 OK");
        assertThat(body(head)).isEmpty();
    }

    @Test
    void garbageIsABadRequest() {
        EmbeddedWeb.Conn c = web.connect();
        String response = c.http("\u0001\u0002 not http at all\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(c.channel.isOpen()).isFalse();
    }

    // --- handshakes --------------------------------------------------------------------------

    @Test
    void aPlainGetOfTheSocketSaysWhatItIs() {
        EmbeddedWeb.Conn c = web.connect();
        String response = c.get("/ws");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(body(response)).contains("WebSocket endpoint", "the chat page is at /");
        assertThat(c.channel.isOpen()).isFalse();
    }

    @Test
    void badHandshakesGetAStatusThatSaysWhy() {
        EmbeddedWeb.Conn noKey = web.connect();
        assertThat(noKey.handshakeRaw("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13"))
                .startsWith("HTTP/1.1 400 Bad Request").contains("Sec-WebSocket-Key");
        assertThat(noKey.channel.isOpen()).isFalse();

        EmbeddedWeb.Conn badKey = web.connect();
        assertThat(badKey.handshakeRaw("GET", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: short")).startsWith("HTTP/1.1 400 Bad Request");

        EmbeddedWeb.Conn oldVersion = web.connect();
        String old = oldVersion.handshakeRaw("GET", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 8", "Sec-WebSocket-Key: " + EmbeddedWeb.KEY);
        assertThat(old).startsWith("HTTP/1.1 426 Upgrade Required");
        assertThat(header(old, "sec-websocket-version")).isEqualTo("13");

        EmbeddedWeb.Conn noVersion = web.connect(); // the 2010 draft: no version header at all
        assertThat(noVersion.handshakeRaw("GET", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + EmbeddedWeb.KEY)).startsWith("HTTP/1.1 426 Upgrade Required");

        EmbeddedWeb.Conn notUpgrade = web.connect();
        assertThat(notUpgrade.handshakeRaw("GET", "Upgrade: websocket", "Connection: keep-alive",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + EmbeddedWeb.KEY)).startsWith("HTTP/1.1 400 Bad Request");

        EmbeddedWeb.Conn post = web.connect();
        String posted = post.handshakeRaw("POST", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + EmbeddedWeb.KEY, "Content-Length: 0");
        assertThat(posted).startsWith("HTTP/1.1 405 Method Not Allowed");
        assertThat(header(posted, "allow")).isEqualTo("GET");
    }

    @Test
    void anotherSitesPageCannotOpenAChat() {
        EmbeddedWeb.Conn c = web.connect();
        String response = c.handshake("Origin: https://evil.example");
        assertThat(response).startsWith("HTTP/1.1 403 Forbidden");
        assertThat(body(response)).isEqualTo("pages from origin https://evil.example may not open a chat here\n");
        assertThat(c.channel.isOpen()).isFalse();
        assertThat(web.metrics.prometheus().scrape()).contains("parley_connections_refused_total{reason=\"origin\"} 1.0");

        assertThat(web.connect().handshake("Origin: null")).startsWith("HTTP/1.1 403 Forbidden");
        // same host, another port: another origin
        assertThat(web.connect().handshake("Origin: http://" + EmbeddedWeb.HOST + ":8080"))
                .startsWith("HTTP/1.1 403 Forbidden");
    }

    @Test
    void thePagesOwnOriginListedOriginsAndNonBrowsersAreLetIn() {
        web.close();
        web = new EmbeddedWeb("--web-origins", "https://chat.example.org, http://127.0.0.1:8080");
        assertThat(web.connect().handshake("Origin: http://" + EmbeddedWeb.HOST)).startsWith("HTTP/1.1 101 ");
        assertThat(web.connect().handshake("Origin: https://" + EmbeddedWeb.HOST)).startsWith("HTTP/1.1 101 ");
        assertThat(web.connect().handshake("Origin: https://chat.example.org")).startsWith("HTTP/1.1 101 ");
        assertThat(web.connect().handshake("Origin: HTTPS://Chat.Example.org:443")).startsWith("HTTP/1.1 101 ");
        assertThat(web.connect().handshake("Origin: http://127.0.0.1:8080")).startsWith("HTTP/1.1 101 ");
        assertThat(web.connect().handshake()).startsWith("HTTP/1.1 101 "); // no Origin: not a browser page
        assertThat(web.connect().handshake("Origin: https://chat.example.org.evil.example"))
                .startsWith("HTTP/1.1 403 Forbidden");
    }

    // --- frames ------------------------------------------------------------------------------

    @Test
    void oneLinePerTextFrameThroughTheSameChat() {
        EmbeddedWeb.Conn alice = web.connect();
        assertThat(alice.handshake("Origin: http://" + EmbeddedWeb.HOST)).startsWith("HTTP/1.1 101 Switching Protocols");
        assertThat(alice.lines()).singleElement().asString().startsWith("* welcome to Parley");
        alice.send("/nick alice");
        assertThat(alice.lines()).containsExactly("* you are alice", "* you are in lobby with 0 others");

        EmbeddedWeb.Conn bob = web.named("bob");
        assertThat(alice.lines()).containsExactly("* bob joined lobby");
        alice.send("alice : hello : world");
        assertThat(bob.frames()).containsExactly("text:alice : hello : world"); // no line end in a frame
        bob.send("/msg alice psst");
        assertThat(alice.lines()).containsExactly("@bob : psst");
    }

    @Test
    void quitEndsWithACloseFrame() {
        EmbeddedWeb.Conn alice = web.named("alice");
        EmbeddedWeb.Conn bob = web.named("bob");
        alice.lines();
        alice.send("/quit");
        assertThat(alice.frames()).containsExactly("text:* bye alice", "close:1000 Bye");
        assertThat(alice.channel.isOpen()).isFalse();
        assertThat(bob.lines()).contains("* alice left (quit)");
    }

    @Test
    void binaryFramesCloseTheConnectionSayingWhy() {
        EmbeddedWeb.Conn alice = web.named("alice");
        EmbeddedWeb.Conn bob = web.named("bob");
        alice.lines();
        alice.sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        assertThat(alice.frames()).containsExactly(
                "close:1003 binary frames are not accepted: send each line as a text frame");
        assertThat(alice.channel.isOpen()).isFalse();
        assertThat(bob.lines()).containsExactly("* alice left (connection closed)");
    }

    @Test
    void aFrameOverTheLineLimitClosesWith1009() {
        EmbeddedWeb.Conn alice = web.named("alice");
        EmbeddedWeb.Conn bob = web.named("bob");
        alice.lines();
        alice.send("x".repeat(64)); // exactly the limit: fine
        assertThat(bob.lines()).containsExactly("alice : " + "x".repeat(64));
        alice.send("y".repeat(65));
        assertThat(alice.frames()).containsExactly("close:1009 Max frame length of 64 has been exceeded.");
        assertThat(alice.channel.isOpen()).isFalse();
        assertThat(bob.lines()).containsExactly("* alice left (connection closed)");
    }

    @Test
    void fragmentsAreJoinedIntoOneLine() {
        EmbeddedWeb.Conn alice = web.named("alice");
        EmbeddedWeb.Conn bob = web.named("bob");
        alice.lines();
        alice.sendFrame(new TextWebSocketFrame(false, 0, "hel"));
        alice.sendFrame(new PingWebSocketFrame(Unpooled.copiedBuffer("p", CharsetUtil.UTF_8))); // allowed between
        alice.sendFrame(new ContinuationWebSocketFrame(false, 0, "lo w"));
        alice.sendFrame(new ContinuationWebSocketFrame(true, 0, "orld"));
        assertThat(bob.lines()).containsExactly("alice : hello world");
        assertThat(alice.frames()).containsExactly("pong:p");
    }

    @Test
    void fragmentsOverTheLineLimitCloseWith1009() {
        EmbeddedWeb.Conn alice = web.named("alice");
        alice.sendFrame(new TextWebSocketFrame(false, 0, "a".repeat(40)));
        alice.sendFrame(new ContinuationWebSocketFrame(true, 0, "b".repeat(40)));
        assertThat(alice.frames()).containsExactly("close:1009 line too long: at most 64 bytes");
        assertThat(alice.channel.isOpen()).isFalse();
    }

    @Test
    void aContinuationWithoutAStartIsAProtocolError() {
        EmbeddedWeb.Conn alice = web.named("alice");
        alice.sendFrame(new ContinuationWebSocketFrame(true, 0, "stray"));
        assertThat(alice.frames()).singleElement().asString().startsWith("close:1002 ");
        assertThat(alice.channel.isOpen()).isFalse();
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() {
        EmbeddedWeb.Conn alice = web.named("alice");
        alice.sendFrame(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {'h', 'i', (byte) 0xC3, (byte) 0x28})));
        assertThat(alice.frames()).singleElement().asString().startsWith("close:1007 ");
        assertThat(alice.channel.isOpen()).isFalse();
    }

    @Test
    void linesWrittenToTheConnectionBecomeFrames() {
        EmbeddedWeb.Conn alice = web.named("alice");
        // what shutdown writes to every connection: an encoded line
        alice.channel.writeAndFlush(ServerLine.encode(PooledByteBufAllocator.DEFAULT, ServerLine.notice("server shutting down")));
        alice.channel.writeAndFlush(ServerLine.error("a reply"));
        assertThat(alice.frames()).containsExactly("text:* server shutting down", "text:! a reply");
    }

    @Test
    void aConnectionStillSpeakingHttpIgnoresChatLines() {
        EmbeddedWeb.Conn page = web.connect();
        assertThat(page.get("/")).startsWith("HTTP/1.1 200 OK");
        page.channel.writeAndFlush(ServerLine.encode(PooledByteBufAllocator.DEFAULT, ServerLine.notice("server shutting down")));
        assertThat(page.http("")).isEmpty(); // nothing of it reaches the HTTP client
        assertThat(page.get("/style.css")).startsWith("HTTP/1.1 200 OK");
    }
}
