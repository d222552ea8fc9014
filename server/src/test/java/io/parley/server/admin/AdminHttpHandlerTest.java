package io.parley.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.CharsetUtil;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminHttpHandlerTest {
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new AdminHttpHandler(() -> new Health(accepting.get(), 2, 1, 1, 42), registry));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        registry.close();
    }

    private FullHttpResponse call(HttpMethod method, String uri) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
        return channel.readOutbound();
    }

    @Test
    void healthIs503WhileShuttingDown() {
        FullHttpResponse up = call(HttpMethod.GET, "/health");
        assertThat(up.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(up.content().toString(CharsetUtil.UTF_8))
                .isEqualTo("{\"status\":\"up\",\"connections\":2,\"names\":1,\"rooms\":1,\"uptime_seconds\":42}\n");
        up.release();
        accepting.set(false);
        FullHttpResponse down = call(HttpMethod.GET, "/health?verbose");
        assertThat(down.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(down.content().toString(CharsetUtil.UTF_8)).startsWith("{\"status\":\"shutting down\"");
        down.release();
    }

    @Test
    void headHasLengthButNoBody() {
        registry.counter("probe").increment();
        FullHttpResponse head = call(HttpMethod.HEAD, "/metrics");
        assertThat(head.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(head.content().readableBytes()).isZero();
        assertThat(head.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isPositive();
        head.release();
    }

    @Test
    void unknownPathAndMethod() {
        FullHttpResponse missing = call(HttpMethod.GET, "/metricsx");
        assertThat(missing.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        missing.release();
        FullHttpResponse put = call(HttpMethod.PUT, "/metrics");
        assertThat(put.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        put.release();
    }
}
