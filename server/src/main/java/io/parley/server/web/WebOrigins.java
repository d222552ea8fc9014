package io.parley.server.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which web pages may open a chat WebSocket: the page's own origin always, plus an allow-list
 * ({@code --web-origins}), or any page at all ({@code *}). Browsers send the page's origin with
 * every WebSocket handshake and a page cannot forge it, so this stops another site from opening a
 * chat in its visitor's name. A client that sends no {@code Origin} is not a browser page, and a
 * non-browser client can send any header it likes, so it is let through.
 */
public final class WebOrigins {
    private final boolean any;
    private final Set<String> allowed;

    private WebOrigins(boolean any, Set<String> allowed) {
        this.any = any;
        this.allowed = allowed;
    }

    /** The page's own origin only. */
    public static WebOrigins sameOriginOnly() {
        return new WebOrigins(false, Set.of());
    }

    /**
     * Parses {@code --web-origins}: empty for the page's own origin only, {@code *} for any, else
     * comma-separated origins such as {@code https://chat.example.org} or
     * {@code http://127.0.0.1:8080}. Throws {@link IllegalArgumentException} naming a bad one.
     */
    public static WebOrigins parse(String list) {
        Set<String> allowed = new LinkedHashSet<>();
        boolean any = false;
        for (String item : list.split(",")) {
            String origin = item.strip();
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.equals("*")) {
                any = true;
                continue;
            }
            String normal = normalise(origin);
            if (normal == null) {
                throw new IllegalArgumentException("not an origin: '" + origin
                        + "' (expected scheme://host[:port], such as https://chat.example.org, or *)");
            }
            allowed.add(normal);
        }
        return new WebOrigins(any, Set.copyOf(allowed));
    }

    /**
     * Whether a handshake with this {@code Origin} header (null when absent) and this {@code Host}
     * header may open a chat.
     */
    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String normal = normalise(origin);
        if (normal == null) {
            return false; // "null" (a sandboxed page, a file) or garbage
        }
        return allowed.contains(normal) || sameOrigin(normal, host);
    }

    /**
     * The page's own origin: the origin's host and port are those the browser asked for in
     * {@code Host}. The scheme is not compared, so that a page served through a TLS-terminating
     * proxy that passes {@code Host} on still counts as the same origin.
     */
    private static boolean sameOrigin(String normalOrigin, String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        URI origin = URI.create(normalOrigin);
        int defaultPort = origin.getScheme().equals("https") ? 443 : 80;
        String hostOrigin = normalise(origin.getScheme() + "://" + host);
        if (hostOrigin == null) {
            return false;
        }
        URI fromHost = URI.create(hostOrigin);
        int originPort = origin.getPort() < 0 ? defaultPort : origin.getPort();
        int hostPort = fromHost.getPort() < 0 ? defaultPort : fromHost.getPort();
        return origin.getHost().equals(fromHost.getHost()) && originPort == hostPort;
    }

    /** {@code scheme://host[:port]} in lower case without a default port, or null if not an origin. */
    static String normalise(String origin) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || !bare) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port < 0 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    @Override
    public String toString() {
        return any ? "*" : allowed.isEmpty() ? "(same origin)" : "same origin, " + String.join(", ", allowed);
    }
}
