package io.parley.client;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The client's side of Parley's UDP address validation: it asks with {@code NAME : /validate}
 * (padded with spaces, so the server's answer is never longer than the request), the server answers
 * {@code * validate TOKEN}, the client echoes {@code NAME : /validate TOKEN}, the server confirms
 * {@code * validated}. From then on the server sends lines as they happen instead of one answer per
 * datagram. These lines are the link's business and never shown.
 */
final class UdpValidation {
    static final String TOKEN_PREFIX = "* validate ";
    static final String VALIDATED = "* validated";
    /** The request is padded to this many bytes: longer than any answer to it. */
    static final int REQUEST_BYTES = 64;

    private final String name;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    UdpValidation(String name) {
        this.name = name;
    }

    /** The padded request for a token. */
    String request() {
        String text = WireDialect.said(name, "/validate");
        return text + " ".repeat(Math.max(0, REQUEST_BYTES - text.getBytes(StandardCharsets.UTF_8).length));
    }

    /** Sends the request for a token. */
    void ask(Channel channel) {
        channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), request()));
    }

    /**
     * Handles one line from the server if it belongs to the handshake (echoing a token, noting the
     * confirmation); returns true if it did. A membership dropped as idle asks again, so that the
     * next line typed makes a validated member. Runs on the channel's event loop.
     */
    boolean handle(Channel channel, String line) {
        if (line.startsWith(TOKEN_PREFIX)) {
            String echo = WireDialect.said(name, "/validate " + line.substring(TOKEN_PREFIX.length()));
            channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), echo));
            return true;
        }
        if (line.equals(VALIDATED)) {
            done.complete(null);
            return true;
        }
        if (line.equals("* bye " + name + " (idle)")) {
            ask(channel);
        }
        return false;
    }

    void failed(Throwable cause) {
        done.completeExceptionally(cause);
    }

    CompletableFuture<Void> done() {
        return done;
    }
}
