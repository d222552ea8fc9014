package io.parley.protocol;

import java.net.InetSocketAddress;

/**
 * One chat datagram, decoded: who sent it, the name it carries, and what it says. Every chat
 * datagram is {@code NAME : TEXT}, so {@code line} is the TEXT part: a {@link ClientLine.Said}
 * from {@code name}, or a {@link ClientLine.Command} when TEXT starts with {@code /}. A datagram
 * that cannot be read is a {@link ClientLine.Invalid} with no name.
 */
public record AddressedLine(InetSocketAddress sender, String name, ClientLine line) {
}
