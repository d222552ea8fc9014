package io.parley.server.limits;

/** Why a connection (or a new UDP member) was refused before it reached the chat. */
public enum Refused {
    /** {@code --max-per-ip}. */
    PER_ADDRESS("per_address", "per-address cap"),
    /** {@code --max-connections}, or the cap the open-file limit imposes; for UDP, the member cap. */
    SERVER_FULL("server_full", "server full"),
    /** {@code --connect-rate}: too many new connections from one address in a short time. */
    THROTTLED("throttled", "connect rate");

    /** The label of {@code parley_connections_refused_total}. */
    public final String tag;
    /** How the refusal log names it. */
    final String phrase;

    Refused(String tag, String phrase) {
        this.tag = tag;
        this.phrase = phrase;
    }
}
