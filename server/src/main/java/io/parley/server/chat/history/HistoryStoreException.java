package io.parley.server.chat.history;

/** A history store that cannot work: the message says what and where, for an operator. */
public final class HistoryStoreException extends RuntimeException {
    public HistoryStoreException(String message) {
        super(message);
    }

    public HistoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
