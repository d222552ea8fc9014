package io.parley.protocol;

/**
 * How a stream client ends its lines, as a user event that {@link LineFrameDecoder} fires when it
 * changes. {@link #LOCK_STEP}: the client sends a line without a line end and waits for an answer
 * before it sends the next (a line is complete after a pause); {@link #STREAMING}: lines end in
 * {@code \n} and the client reads whenever something arrives (every connection starts so).
 */
public enum LineMode {
    STREAMING, LOCK_STEP
}
