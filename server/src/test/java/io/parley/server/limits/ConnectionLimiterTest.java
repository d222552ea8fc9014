package io.parley.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limiter stage on its own: what an admitted and a refused connection leave behind. */
class ConnectionLimiterTest {
    /** What reached the stage after the limiter. */
    private final List<String> heard = new ArrayList<>();

    private final class Rest extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            heard.add("active");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            heard.add("read");
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            heard.add("inactive");
        }
    }

    @Test
    void anAdmittedConnectionLeavesTheStageAtOnceAndIsReleasedWhenItCloses() {
        ConnectionLimiter limiter = new ConnectionLimiter(0, 1, AddressBlocks.parse("none"), reason -> { });
        EmbeddedChannel channel = new EmbeddedChannel(limiter, new Rest());
        assertThat(limiter.connections()).isEqualTo(1);
        assertThat(channel.pipeline().get(ConnectionLimiter.class)).isNull();
        channel.writeInbound(Unpooled.copiedBuffer("hello\n", CharsetUtil.UTF_8));
        channel.close();
        assertThat(heard).containsExactly("active", "read", "inactive");
        assertThat(limiter.connections()).isZero();
        channel.finishAndReleaseAll();
    }

    /** Holds what is written until told, as a socket that cannot take it yet. */
    private static final class SlowSocket extends ChannelOutboundHandlerAdapter {
        private final List<Object[]> held = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            held.add(new Object[] {msg, promise});
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
        }

        void letThrough(ChannelHandlerContext ctx) {
            for (Object[] w : held) {
                ctx.write(w[0], (ChannelPromise) w[1]);
            }
            held.clear();
            ctx.flush();
        }
    }

    @Test
    void aRefusedConnectionIsToldWhyAndWhatItSendsGoesNoFurther() {
        ConnectionLimiter limiter = new ConnectionLimiter(0, 1, AddressBlocks.parse("none"), reason -> { });
        EmbeddedChannel first = new EmbeddedChannel(limiter, new Rest());
        heard.clear();
        SlowSocket socket = new SlowSocket();
        EmbeddedChannel refused = new EmbeddedChannel(socket, limiter, new Rest());
        assertThat(refused.isActive()).isTrue(); // its refusal is still being written
        // bytes the client sent before it read the refusal arrive meanwhile
        ByteBuf sent = Unpooled.copiedBuffer("/nick eve\n", CharsetUtil.UTF_8);
        refused.writeInbound(sent);
        assertThat(sent.refCnt()).isZero(); // dropped and released by the limiter
        socket.letThrough(refused.pipeline().context(socket));
        ByteBuf said = refused.readOutbound();
        assertThat(said.toString(CharsetUtil.UTF_8)).isEqualTo("! server full (1 connections); try again later\n");
        said.release();
        assertThat(refused.isActive()).isFalse(); // closed once the refusal was written
        assertThat(heard).isEmpty(); // no active, no read, no inactive: the rest never heard of it
        assertThat(limiter.connections()).isEqualTo(1); // the refused one never counted; the first still does
        first.close();
        assertThat(limiter.connections()).isZero();
        first.finishAndReleaseAll();
        refused.finishAndReleaseAll();
    }
}
