package io.parley.server.time;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.parley.server.PipelineNames;

/** The pipeline of the UDP time service: one stage, since a datagram is already one request. */
public final class TimeServiceInitializer extends ChannelInitializer<Channel> {
    private final TimeTeller teller;
    private final int maxDatagramBytes;

    public TimeServiceInitializer(TimeTeller teller, int maxDatagramBytes) {
        this.teller = teller;
        this.maxDatagramBytes = maxDatagramBytes;
    }

    @Override
    protected void initChannel(Channel ch) {
        // DatagramPacket (a strftime format) -> DatagramPacket (the time) to the sender
        ch.pipeline().addLast(PipelineNames.TIME_SERVICE, new TimeServiceHandler(teller, maxDatagramBytes));
    }
}
