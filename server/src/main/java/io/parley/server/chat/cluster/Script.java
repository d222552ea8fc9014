package io.parley.server.chat.cluster;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One of Parley's Lua scripts ({@code common.lua} in front of the script's own text). Run by its
 * SHA-1 ({@code EVALSHA}); a Redis that does not know it yet (just started, or restarted without
 * its data) gets the whole text once ({@code EVAL}), which also keeps it for the next calls.
 */
final class Script {
    private static final String COMMON = resource("common.lua");

    private final String name;
    private final String source;
    private final String sha;
    private final ScriptOutputType type;

    private Script(String name, ScriptOutputType type) {
        this.name = name;
        this.source = COMMON + "\n" + resource(name + ".lua");
        this.type = type;
        this.sha = sha1(source);
    }

    static Script multi(String name) {
        return new Script(name, ScriptOutputType.MULTI);
    }

    static Script integer(String name) {
        return new Script(name, ScriptOutputType.INTEGER);
    }

    static Script value(String name) {
        return new Script(name, ScriptOutputType.VALUE);
    }

    /**
     * Loads the script into Redis' script cache, so that {@link #run} finds it there. Done before
     * a server takes part in the chat (at start and after every reconnection, since a restarted
     * Redis has an empty cache): a script missing from the cache falls back to EVAL
     * asynchronously, and calls made in one order could then reach Redis in another.
     */
    CompletableFuture<Void> load(RedisAsyncCommands<String, String> redis) {
        return redis.scriptLoad(source).toCompletableFuture().thenAccept(loaded -> {
            if (!sha.equalsIgnoreCase(loaded)) {
                throw new IllegalStateException(this + " loaded as " + loaded + ", not " + sha);
            }
        });
    }

    <T> CompletableFuture<T> run(RedisAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletionStage<T> first = redis.evalsha(sha, type, keys, args);
        return first.exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(source, type, keys, args);
            }
            return CompletableFuture.failedStage(cause);
        }).toCompletableFuture();
    }

    @Override
    public String toString() {
        return name + ".lua";
    }

    private static String resource(String file) {
        try (InputStream in = Script.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
