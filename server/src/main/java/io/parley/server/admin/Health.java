package io.parley.server.admin;

import io.parley.server.chat.history.StoreStatus;

/**
 * What {@code GET /health} reports: nothing about who is connected, only how many. {@code history}
 * is the history store's kind and whether it is failing; chat goes on while it fails.
 */
public record Health(boolean accepting, int connections, int names, int rooms, long uptimeSeconds,
                     StoreStatus history) {

    public Health(boolean accepting, int connections, int names, int rooms, long uptimeSeconds) {
        this(accepting, connections, names, rooms, uptimeSeconds, null);
    }

    String json() {
        return "{\"status\":\"" + (accepting ? "up" : "shutting down") + "\""
                + ",\"connections\":" + connections
                + ",\"names\":" + names
                + ",\"rooms\":" + rooms
                + ",\"uptime_seconds\":" + uptimeSeconds
                + historyJson() + "}";
    }

    private String historyJson() {
        if (history == null) {
            return "";
        }
        return ",\"history\":{\"store\":\"" + history.kind() + "\",\"state\":\""
                + (history.failing() ? "failing" : "ok") + "\""
                + (history.failing() ? ",\"error\":\"" + escape(history.lastError()) + "\"" : "") + "}";
    }

    /** A JSON string's content: quotes, backslashes and control characters escaped. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
