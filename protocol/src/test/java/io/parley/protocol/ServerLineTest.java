package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.Test;

class ServerLineTest {

    @Test
    void shapes() {
        assertThat(ServerLine.chat("alice", "hi")).isEqualTo("alice : hi");
        assertThat(ServerLine.notice("bob joined lobby")).isEqualTo("* bob joined lobby");
        assertThat(ServerLine.error("name bob is taken")).isEqualTo("! name bob is taken");
        assertThat(ServerLine.privateMessage("alice", "psst")).isEqualTo("@alice : psst");
    }

    @Test
    void kinds() {
        assertThat(ServerLine.kindOf("alice : hi")).isEqualTo(ServerLine.Kind.CHAT);
        assertThat(ServerLine.kindOf("* bob joined lobby")).isEqualTo(ServerLine.Kind.NOTICE);
        assertThat(ServerLine.kindOf("! nope")).isEqualTo(ServerLine.Kind.ERROR);
        assertThat(ServerLine.kindOf("@alice : psst")).isEqualTo(ServerLine.Kind.PRIVATE);
        assertThat(ServerLine.kindOf("no separator")).isEqualTo(ServerLine.Kind.OTHER);
        assertThat(ServerLine.kindOf("two words : x")).isEqualTo(ServerLine.Kind.OTHER);
    }

    @Test
    void encodeAppendsNewlineInUtf8() {
        ByteBuf buf = ServerLine.encode(ByteBufAllocator.DEFAULT, "太白 : 月");
        try {
            assertThat(buf.toString(CharsetUtil.UTF_8)).isEqualTo("太白 : 月\n");
        } finally {
            buf.release();
        }
    }
}
