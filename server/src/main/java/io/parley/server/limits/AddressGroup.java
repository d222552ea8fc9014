package io.parley.server.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What the per-address limits count as one address: an IPv4 address, or an IPv6 /64 (one host, or
 * one household or subscriber line, usually holds a whole /64, as ergo and other IRC servers assume).
 */
public final class AddressGroup {
    private AddressGroup() {
    }

    /** A key equal for every address of the same group. */
    public static String key(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            bytes = Arrays.copyOf(bytes, 8);
        }
        return Arrays.toString(bytes);
    }

    /** The group as an operator reads it in the log: {@code 203.0.113.9}, {@code 2001:db8:1:2::/64}. */
    public static String describe(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
        Arrays.fill(prefix, 8, 16, (byte) 0);
        try {
            String text = InetAddress.getByAddress(prefix).getHostAddress();
            // Java prints every group ("2001:db8:1:2:0:0:0:0"): shorten the zero tail as people write it.
            return text.replaceFirst("(:0)+$", "::") + "/64";
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 16 bytes is always a valid IPv6 address
        }
    }
}
