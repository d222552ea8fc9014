package io.parley.server.admin;

/** What {@code GET /health} reports: nothing about who is connected, only how many. */
public record Health(boolean accepting, int connections, int names, int rooms, long uptimeSeconds) {

    String json() {
        return "{\"status\":\"" + (accepting ? "up" : "shutting down") + "\""
                + ",\"connections\":" + connections
                + ",\"names\":" + names
                + ",\"rooms\":" + rooms
                + ",\"uptime_seconds\":" + uptimeSeconds + "}";
    }
}
