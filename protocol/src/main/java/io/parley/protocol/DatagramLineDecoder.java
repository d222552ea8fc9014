package io.parley.protocol;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Decodes one chat datagram ({@code NAME : TEXT}) into an {@link AddressedLine}. Anything that
 * cannot be read (too long, not UTF-8, no {@code " : "}, a bad name) becomes a
 * {@link ClientLine.Invalid} with a short reason, so the handler after this one answers every kind
 * of bad datagram in one place. Stateless apart from the limit: one instance may serve many
 * channels.
 */
@Sharable
public final class DatagramLineDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private final int maxDatagramBytes;
    private final ClientLine.Invalid tooLong;

    /**
     * @param maxDatagramBytes the longest datagram accepted, line end included. The channel must
     *     read at least one byte more than this, or an oversized datagram arrives cut to size and
     *     cannot be told from a legal one.
     */
    public DatagramLineDecoder(int maxDatagramBytes) {
        super(DatagramPacket.class);
        this.maxDatagramBytes = maxDatagramBytes;
        this.tooLong = new ClientLine.Invalid("datagram too long (over " + maxDatagramBytes + " bytes), discarded");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        out.add(decode(packet));
    }

    public AddressedLine decode(DatagramPacket packet) {
        ClientLine line;
        String name = null;
        if (packet.content().readableBytes() > maxDatagramBytes) {
            line = tooLong;
        } else {
            String text = DatagramLines.text(packet.content());
            if (text == null) {
                line = new ClientLine.Invalid("invalid UTF-8, datagram discarded");
            } else if (ClientLineParser.parse(text) instanceof ClientLine.Said said && said.name() != null) {
                String problem = Names.problem(said.name());
                if (problem == null) {
                    name = said.name();
                    line = said.text().startsWith("/") ? ClientLineParser.parse(said.text()) : said;
                } else {
                    line = new ClientLine.Invalid("invalid name: " + problem);
                }
            } else {
                line = new ClientLine.Invalid("expected NAME : TEXT");
            }
        }
        return new AddressedLine(packet.sender(), name, line);
    }
}
