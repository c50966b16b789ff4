package io.microseg.topology;

/** An IPv4 CIDR block; the address is normalised to the network address. */
public record Ipv4Prefix(Ipv4Address address, int length) {

    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32: " + length);
        }
        address = Ipv4Address.of(address.value() & mask(length));
    }

    public static Ipv4Prefix of(Ipv4Address address, int length) {
        return new Ipv4Prefix(address, length);
    }

    public static Ipv4Prefix host(Ipv4Address address) {
        return new Ipv4Prefix(address, 32);
    }

    /** Parses {@code 10.0.0.0/24}; a bare address is a /32. Host bits set are an error (as Kubernetes does). */
    public static Ipv4Prefix parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CIDR is empty");
        }
        int slash = text.indexOf('/');
        Ipv4Address address = Ipv4Address.parse(slash < 0 ? text : text.substring(0, slash));
        int length = 32;
        if (slash >= 0) {
            String len = text.substring(slash + 1).strip();
            if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not a CIDR (a.b.c.d/n): " + text);
            }
            length = Integer.parseInt(len);
            if (length > 32) {
                throw new IllegalArgumentException("prefix length must be 0..32: " + text);
            }
        }
        if ((address.value() & ~mask(length)) != 0) {
            throw new IllegalArgumentException("CIDR has host bits set: " + text);
        }
        return new Ipv4Prefix(address, length);
    }

    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public int mask() {
        return mask(length);
    }

    public boolean contains(Ipv4Address candidate) {
        return (candidate.value() & mask()) == address.value();
    }

    public boolean contains(Ipv4Prefix other) {
        return other.length >= length && contains(other.address);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
