package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.topology.Ipv4Address;
import java.util.Objects;

/**
 * One end of a connection: a workload by identity, or a bare IPv4 address. An address that belongs to a
 * managed workload is that workload (the data plane only sees addresses).
 */
public sealed interface Endpoint {

    static Endpoint workload(WorkloadId id) {
        return new OfWorkload(id);
    }

    static Endpoint workload(String namespaceSlashName) {
        return new OfWorkload(WorkloadId.parse(namespaceSlashName));
    }

    static Endpoint address(Ipv4Address address) {
        return new OfAddress(address);
    }

    static Endpoint address(String address) {
        return new OfAddress(Ipv4Address.parse(address));
    }

    /** {@code 10.0.0.1} is an address; {@code prod/web1} (or {@code web1}, in {@code default}) is a workload. */
    static Endpoint parse(String text) {
        return Ipv4Address.isValid(text) ? address(text) : workload(text);
    }

    /** A workload named by {@code namespace/name}; its primary (first) address is used against IP blocks. */
    record OfWorkload(WorkloadId id) implements Endpoint {
        public OfWorkload {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String toString() {
            return id.toString();
        }
    }

    /** An IPv4 address: a managed workload's, or a bare endpoint that is not managed. */
    record OfAddress(Ipv4Address address) implements Endpoint {
        public OfAddress {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address.toString();
        }
    }
}
