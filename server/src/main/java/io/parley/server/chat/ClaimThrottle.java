package io.parley.server.chat;

/** Decides whether a member may change its name now; the connection limits implement it. */
@FunctionalInterface
public interface ClaimThrottle {
    /** Lets every change through. */
    ClaimThrottle NONE = member -> null;

    /** Null if {@code member} may change its name now, else the error to send it. */
    String refusal(Member member);
}
