package io.microseg.flowrules.compiler;

import io.microseg.topology.Ipv4Prefix;

/** An address-classified endpoint: a workload address (/32) or a bare region (its longest relevant prefix). */
record EndpointKey(boolean managed, Ipv4Prefix prefix) {
    /** Mixed: addresses differ in few bits, and the record's default hash collides badly in hash maps. */
    @Override
    public int hashCode() {
        int h = prefix.address().value() * 0x9E3779B1 + prefix.length() * 0x85EBCA6B + (managed ? 0x27D4EB2F : 0);
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
