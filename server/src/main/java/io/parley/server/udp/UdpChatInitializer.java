package io.parley.server.udp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.parley.protocol.DatagramLineDecoder;
import io.parley.server.PipelineNames;
import io.parley.server.chat.ChatService;
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

    public UdpChatInitializer(ChatService chat, Clock clock, int maxDatagramBytes, Duration idle, int maxMembers) {
        this.chat = chat;
        this.clock = clock;
        this.maxDatagramBytes = maxDatagramBytes;
        this.idle = idle;
        this.maxMembers = maxMembers;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        // DatagramPacket -> AddressedLine (size and UTF-8 checked, NAME : TEXT split, name checked)
        p.addLast(PipelineNames.DATAGRAM_DECODER, new DatagramLineDecoder(maxDatagramBytes));
        // AddressedLine -> chat logic, one member per sender address
        p.addLast(PipelineNames.DATAGRAM_SESSION, new UdpChatHandler(chat, clock, idle, maxMembers));
    }
}
