package io.parley.server.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.parley.protocol.ControlCharacters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the web port: {@code GET /} and the page's files, and the checks on a WebSocket
 * handshake at {@code /ws} (method, headers, version, Origin) before it is handed to Netty's
 * WebSocket stages. Every response carries the page's security headers. A connection that has not
 * become a WebSocket within the deadline is closed, so page loads do not hold connection slots.
 * Stateless, so shared.
 */
@Sharable
final class WebHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(WebHttpHandler.class);
    static final String WEBSOCKET_PATH = "/ws";
    /** Scripts, styles, images and connections from the page's own origin only; no inline code. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int MAX_LOGGED_ORIGIN_CHARS = 100;

    private final WebAssets assets;
    private final WebOrigins origins;
    private final Duration deadline;
    private final Consumer<ChannelHandlerContext> upgrade;
    private final Runnable onOriginRefused;

    /**
     * @param deadline        a connection still speaking HTTP this long after it opened is closed
     * @param upgrade         adds the WebSocket stages behind the given stage
     * @param onOriginRefused counts a handshake refused for its Origin
     */
    WebHttpHandler(WebAssets assets, WebOrigins origins, Duration deadline, Consumer<ChannelHandlerContext> upgrade,
                   Runnable onOriginRefused) {
        this.assets = assets;
        this.origins = origins;
        this.deadline = deadline;
        this.upgrade = upgrade;
        this.onOriginRefused = onOriginRefused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            if (!ctx.isRemoved()) { // still HTTP: never upgraded
                ctx.close();
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request\n", true);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals(WEBSOCKET_PATH)) {
            handshake(ctx, request);
        } else {
            page(ctx, request, path);
        }
    }

    private void page(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!head && !request.method().equals(HttpMethod.GET)) {
            FullHttpResponse response = response(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n", false);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            ctx.writeAndFlush(response);
            return;
        }
        WebAssets.Asset asset = assets.get(path);
        if (asset == null) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "not found; the chat page is at /\n", false);
            return;
        }
        boolean unchanged = asset.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                unchanged ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK,
                unchanged || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(asset.body()));
        secure(response.headers());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                .set(HttpHeaderNames.ETAG, asset.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache"); // always revalidate: a new version shows at once
        // also on a 304: the length the 200 would have, which lets the connection stay open
        HttpUtil.setContentLength(response, asset.body().length);
        ctx.writeAndFlush(response);
    }

    /**
     * Checks a handshake before Netty's WebSocket stages see it, so that each way of getting it
     * wrong gets a status and a sentence that say which.
     */
    private void handshake(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpHeaders headers = request.headers();
        if (!request.method().equals(HttpMethod.GET)) {
            FullHttpResponse response = response(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "a WebSocket handshake is a GET\n", false);
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
            send(ctx, response, true);
        } else if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    "this is the chat's WebSocket endpoint (Upgrade: websocket expected); the chat page is at /\n", true);
        } else if (!"13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            FullHttpResponse response = response(ctx, HttpResponseStatus.UPGRADE_REQUIRED,
                    "WebSocket version 13 (RFC 6455) only\n", false);
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            send(ctx, response, true);
        } else if (!validKey(headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    "bad WebSocket handshake: Sec-WebSocket-Key must be 16 bytes in base64\n", true);
        } else if (!origins.allows(headers.get(HttpHeaderNames.ORIGIN), headers.get(HttpHeaderNames.HOST))) {
            onOriginRefused.run();
            String origin = ControlCharacters.strip(headers.get(HttpHeaderNames.ORIGIN));
            if (origin.length() > MAX_LOGGED_ORIGIN_CHARS) {
                origin = origin.substring(0, MAX_LOGGED_ORIGIN_CHARS) + "...";
            }
            log.debug("{}: WebSocket refused for origin {}", ctx.channel().remoteAddress(), origin);
            respond(ctx, request, HttpResponseStatus.FORBIDDEN,
                    "pages from origin " + origin + " may not open a chat here\n", true);
        } else {
            upgrade.accept(ctx);
            ctx.fireChannelRead(request.retain()); // to the handshake stage just added
            ctx.pipeline().remove(this); // from here on the connection speaks WebSocket
        }
    }

    private static boolean validKey(String key) {
        try {
            return key != null && Base64.getDecoder().decode(key.strip()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close(); // an HTTP connection that says nothing
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("web connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String body, boolean close) {
        send(ctx, response(ctx, status, body, request.method().equals(HttpMethod.HEAD)), close);
    }

    private static FullHttpResponse response(ChannelHandlerContext ctx, HttpResponseStatus status, String body,
                                             boolean head) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        secure(response.headers());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT).set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        HttpUtil.setContentLength(response, bytes.length);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        if (close) {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response); // HttpServerKeepAliveHandler closes if the request asked
        }
    }

    /** The headers every response from the web port carries. */
    private static void secure(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("Referrer-Policy", "no-referrer");
    }
}
