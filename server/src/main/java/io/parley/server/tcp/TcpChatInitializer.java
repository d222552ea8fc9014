package io.parley.server.tcp;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.Channel;
import io.parley.protocol.ClientLineDecoder;
import io.parley.protocol.LineFraming;
import io.parley.server.PipelineNames;
import io.parley.server.chat.ChatService;

/** The pipeline of one TCP chat connection. */
public final class TcpChatInitializer extends ChannelInitializer<Channel> {
    private final ChatService chat;
    private final ChannelGroup connections;
    private final int maxLineBytes;

    public TcpChatInitializer(ChatService chat, ChannelGroup connections, int maxLineBytes) {
        this.chat = chat;
        this.connections = connections;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch); // so that shutdown can say goodbye to everyone
        ChannelPipeline p = ch.pipeline();
        // bytes -> one frame per line, overlong lines discarded and reported
        p.addLast(PipelineNames.FRAME_DECODER, LineFraming.newFrameDecoder(maxLineBytes));
        // frame -> ClientLine (UTF-8 checked, control characters removed)
        p.addLast(PipelineNames.LINE_DECODER, ClientLineDecoder.INSTANCE);
        // outbound String -> UTF-8 line; pre-encoded broadcast ByteBufs pass through untouched
        p.addLast(PipelineNames.LINE_ENCODER, LineFraming.ENCODER);
        // ClientLine -> chat logic
        p.addLast(PipelineNames.SESSION, new TcpSessionHandler(chat));
    }
}
