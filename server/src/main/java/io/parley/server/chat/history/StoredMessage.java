package io.parley.server.chat.history;

/**
 * One message as the history keeps it.
 *
 * @param id           increases within its conversation (see {@link MessageIds}); order by id is
 *                     the order every member saw
 * @param conversation the room or pair it belongs to ({@link Conversations})
 * @param time         when the server accepted it: epoch milliseconds, UTC
 * @param sender       the sender's name as it was
 * @param recipient    a private message's recipient; null for a room message
 */
public record StoredMessage(long id, String conversation, long time, String sender, String recipient, String text) {

    public boolean isPrivate() {
        return recipient != null;
    }
}
