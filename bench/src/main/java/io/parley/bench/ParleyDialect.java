package io.parley.bench;

import io.netty.buffer.ByteBuf;

/**
 * Parley: {@code /nick NAME}, wait for {@code * you are NAME}, {@code /join ROOM}, wait for
 * {@code * you are in ROOM with ...}; messages are {@code NAME : TEXT}. With {@code join} false
 * the client stays in the room every name starts in (lobby).
 */
final class ParleyDialect implements Dialect {
    private final boolean join;

    ParleyDialect(boolean join) {
        this.join = join;
    }

    @Override
    public void start(BenchClient client) {
        client.sendText("/nick " + client.name() + "\n");
    }

    @Override
    public void handshake(BenchClient client, String line) {
        if (line.equals("* you are " + client.name())) {
            if (join) {
                client.sendText("/join " + client.roomName() + "\n");
            }
        } else if (line.startsWith("* you are in ")) {
            String room = line.substring("* you are in ".length());
            if (!join || room.startsWith(client.roomName() + " with ")) {
                client.ready();
            }
        } else if (line.startsWith("! ")) {
            client.fail(line);
        }
    }

    /** Notices, history (replay on join, /history) among them, start with {@code *}; no name does. */
    @Override
    public boolean notLive(ByteBuf buf, int from, int to) {
        return to > from && buf.getByte(from) == '*';
    }

    @Override
    public byte[] messagePrefix(BenchClient client) {
        return Dialect.ascii(client.name() + " : ");
    }

    @Override
    public boolean hasRooms() {
        return true;
    }
}
