package io.parley.server.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Address-validation tokens for UDP: a keyed hash (HMAC-SHA256, a random key per server run) of
 * the address, its port and the current period, as QUIC's retry tokens and DNS cookies are built.
 * Only someone who receives at the address can echo its token back, and the server keeps no state
 * per token asked for. A token is good for the period it was made in and the next one.
 */
final class AddressTokens {
    static final long PERIOD_MILLIS = 30_000;
    private static final int TOKEN_BYTES = 12; // 96 bits, 16 characters of base64url

    private final Mac mac;

    AddressTokens() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The token for {@code address} now. */
    String issue(InetSocketAddress address, long nowMillis) {
        return token(address, nowMillis / PERIOD_MILLIS);
    }

    /** True if {@code token} was issued to {@code address} in this period or the last one. */
    boolean valid(InetSocketAddress address, String token, long nowMillis) {
        long period = nowMillis / PERIOD_MILLIS;
        byte[] given = token.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, token(address, period).getBytes(StandardCharsets.US_ASCII))
                || MessageDigest.isEqual(given, token(address, period - 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String token(InetSocketAddress address, long period) {
        byte[] ip = address.getAddress().getAddress();
        ByteBuffer input = ByteBuffer.allocate(8 + ip.length + 2).putLong(period).put(ip)
                .putShort((short) address.getPort());
        byte[] hash = mac.doFinal(input.array());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, TOKEN_BYTES));
    }
}
