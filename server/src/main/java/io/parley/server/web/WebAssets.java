package io.parley.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chat page and its files, read once from the jar. Only the files named here are served, so
 * no request path can reach anything else. Each carries an entity tag made from its content: the
 * browser revalidates on every load ({@code Cache-Control: no-cache}) and gets a 304 while the
 * file is unchanged, and the new file as soon as a new version of the server serves one.
 */
public final class WebAssets {
    private static final String ROOT = "/io/parley/server/web/page/";

    /** One file, ready to serve. */
    public record Asset(byte[] body, String contentType, String etag) {
    }

    private final Map<String, Asset> byPath = new LinkedHashMap<>();

    /** @param maxLineBytes written into the page, which refuses longer lines before sending them */
    public WebAssets(int maxLineBytes) {
        Asset page = load("index.html", "text/html; charset=utf-8", maxLineBytes);
        byPath.put("/", page);
        byPath.put("/index.html", page);
        add("style.css", "text/css; charset=utf-8");
        add("app.js", "text/javascript; charset=utf-8");
        add("lines.js", "text/javascript; charset=utf-8");
        add("colours.js", "text/javascript; charset=utf-8");
        add("favicon.svg", "image/svg+xml");
    }

    /** The file at {@code path}, or null. */
    public Asset get(String path) {
        return byPath.get(path);
    }

    private void add(String file, String contentType) {
        byPath.put("/" + file, load(file, contentType, 0));
    }

    private static Asset load(String file, String contentType, int maxLineBytes) {
        byte[] body;
        try (InputStream in = WebAssets.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("the chat page file " + file + " is missing from the jar");
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chat page file " + file, e);
        }
        if (maxLineBytes > 0) {
            String text = new String(body, StandardCharsets.UTF_8).replace("%MAX_LINE%", Integer.toString(maxLineBytes));
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        return new Asset(body, contentType, etag(body));
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
