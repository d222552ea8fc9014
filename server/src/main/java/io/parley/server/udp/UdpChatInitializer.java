package io.parley.server.udp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.parley.protocol.DatagramLineDecoder;
import io.parley.server.PipelineNames;
import io.parley.server.chat.ChatService;
import io.parley.server.limits.AddressBlocks;
import io.parley.server.limits.ConnectionLimiter;
import java.time.Clock;
import java.time.Duration;

/**
 * The pipeline of the UDP chat channel (one channel for every UDP member). No framing stage: a
 * datagram is one line. Outbound datagrams are built by the members, so there is no encoder.
 */
public final class UdpChatInitializer extends ChannelInitializer<Channel> {
    private final ChatService chat;
    private final Clock clock;
    private final int maxDatagramBytes;
    private final Duration idle;
    private final int maxMembers;
    private final ConnectionLimiter limiter;

    /** Without per-address limits (handler tests). */
    public UdpChatInitializer(ChatService chat, Clock clock, int maxDatagramBytes, Duration idle, int maxMembers) {
        this(chat, clock, maxDatagramBytes, idle, maxMembers,
                new ConnectionLimiter(0, Integer.MAX_VALUE, AddressBlocks.parse("none"), reason -> { }));
    }

    /** @param limiter the per-address caps and connect throttle, shared with the stream transports */
    public UdpChatInitializer(ChatService chat, Clock clock, int maxDatagramBytes, Duration idle, int maxMembers,
                              ConnectionLimiter limiter) {
        this.chat = chat;
        this.clock = clock;
        this.maxDatagramBytes = maxDatagramBytes;
        this.idle = idle;
        this.maxMembers = maxMembers;
        this.limiter = limiter;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        // bytes in and out, per datagram; the size of the one being handled, for the UDP budget
        DatagramMeter meter = new DatagramMeter(chat.metrics().transport("udp"));
        p.addLast(PipelineNames.DATAGRAM_METER, meter);
        // DatagramPacket -> AddressedLine (size and UTF-8 checked, NAME : TEXT split, name checked)
        p.addLast(PipelineNames.DATAGRAM_DECODER, new DatagramLineDecoder(maxDatagramBytes));
        // AddressedLine -> chat logic, one member per sender address
        p.addLast(PipelineNames.DATAGRAM_SESSION, new UdpChatHandler(chat, clock, idle, maxMembers, limiter, meter));
    }
}
