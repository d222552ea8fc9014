package io.parley.server.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** A set of CIDR blocks such as {@code 127.0.0.0/8,::1/128}; {@code none} is the empty set. */
public final class AddressBlocks {
    private final List<Block> blocks;

    private AddressBlocks(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Parses a comma-separated list; throws {@link IllegalArgumentException} naming a bad entry. */
    public static AddressBlocks parse(String list) {
        List<Block> blocks = new ArrayList<>();
        if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("none")) {
            return new AddressBlocks(blocks);
        }
        for (String entry : list.split(",")) {
            String e = entry.trim();
            int slash = e.indexOf('/');
            String host = slash < 0 ? e : e.substring(0, slash);
            if (!host.matches("[0-9a-fA-F:.]+")) { // literal addresses only: never a DNS lookup
                throw new IllegalArgumentException("'" + e + "' is not an address block such as 10.0.0.0/8 or ::1/128");
            }
            try {
                byte[] addr = InetAddress.getByName(host).getAddress();
                int bits = slash < 0 ? addr.length * 8 : Integer.parseInt(e.substring(slash + 1));
                if (bits < 0 || bits > addr.length * 8) {
                    throw new IllegalArgumentException("'" + e + "' has a prefix length out of range");
                }
                blocks.add(new Block(addr, bits));
            } catch (UnknownHostException | NumberFormatException ex) {
                throw new IllegalArgumentException("'" + e + "' is not an address block such as 10.0.0.0/8 or ::1/128");
            }
        }
        return new AddressBlocks(blocks);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private record Block(byte[] prefix, int bits) {
        boolean contains(byte[] a) {
            if (a.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (a[full] & mask) == (prefix[full] & mask);
        }
    }
}
