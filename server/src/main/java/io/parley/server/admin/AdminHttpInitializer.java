package io.parley.server.admin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.parley.server.PipelineNames;

/** The pipeline of one admin HTTP connection. */
public final class AdminHttpInitializer extends ChannelInitializer<Channel> {
    /** Requests are bodiless GETs: anything bigger is refused by the aggregator. */
    private static final int MAX_REQUEST_BYTES = 8192;
    private static final int IDLE_SECONDS = 60;

    private final AdminHttpHandler handler;

    public AdminHttpInitializer(AdminHttpHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        // an idle scraper connection is closed rather than held forever
        p.addLast(PipelineNames.IDLE_TIMEOUT, new ReadTimeoutHandler(IDLE_SECONDS));
        // bytes <-> HTTP/1.1 messages
        p.addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec());
        // Connection: keep-alive / close handling
        p.addLast(PipelineNames.HTTP_KEEP_ALIVE, new HttpServerKeepAliveHandler());
        // head and body parts -> one FullHttpRequest
        p.addLast(PipelineNames.HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BYTES));
        // /health and /metrics
        p.addLast(PipelineNames.ADMIN, handler);
    }
}
