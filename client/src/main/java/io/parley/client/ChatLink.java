package io.parley.client;

import io.netty.channel.ChannelFuture;

/** A connection to a chat server, TCP or UDP. What it receives goes to the session's {@link Inbox}. */
interface ChatLink extends AutoCloseable {

    /** Sends one line (for TCP the line end is added); never blocks. */
    ChannelFuture send(String line);

    /** Where it is connected, for messages: {@code host:port}. */
    String describe();

    /** Closes the connection and ends its event loop, waiting a little for both. */
    @Override
    void close();
}
