package io.parley.server.chat.history;

/**
 * How a history store is doing, for {@code /health}: {@code failing} while its last write (or
 * read) failed, with that error; it recovers at the next success.
 */
public record StoreStatus(String kind, boolean failing, String lastError) {
}
