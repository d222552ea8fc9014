package io.parley.server.chat.history;

/**
 * Where message ids come from. The embedded stores count on this node ({@link LocalMessageIds});
 * a store shared by several nodes gives ids that increase across all of them, so that the ids of a
 * room still give the order everyone saw.
 */
public interface MessageIds {

    /**
     * A new id for a message of {@code conversation}, greater than every id given before for it.
     * Ids need not be consecutive. Called on an event loop, under the room's order lock for room
     * messages: it must be quick and must never block.
     */
    long next(String conversation);
}
