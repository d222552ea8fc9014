package io.parley.server.time;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.parley.server.PipelineNames;
import io.parley.server.limits.ReplyLimiter;
import io.parley.server.metrics.ServerMetrics;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** The pipeline of the UDP time service: one stage, since a datagram is already one request. */
public final class TimeServiceInitializer extends ChannelInitializer<Channel> {
    private final TimeTeller teller;
    private final int maxDatagramBytes;
    private final Clock clock;
    private final ServerMetrics metrics;

    public TimeServiceInitializer(TimeTeller teller, int maxDatagramBytes, Clock clock, ServerMetrics metrics) {
        this.teller = teller;
        this.maxDatagramBytes = maxDatagramBytes;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(Channel ch) {
        // DatagramPacket (a strftime format) -> DatagramPacket (the time) to the sender
        ch.pipeline().addLast(PipelineNames.TIME_SERVICE, new TimeServiceHandler(teller, maxDatagramBytes,
                new ReplyLimiter(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())), metrics));
    }
}
