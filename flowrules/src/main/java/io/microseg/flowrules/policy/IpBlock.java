package io.microseg.flowrules.policy;

import io.microseg.topology.Ipv4Address;
import io.microseg.topology.Ipv4Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A CIDR block minus {@code except} blocks, for endpoints that are not workloads (load balancers,
 * external log servers). It matches any address in range, workload addresses included.
 */
public record IpBlock(Ipv4Prefix cidr, List<Ipv4Prefix> except) {

    public IpBlock {
        Objects.requireNonNull(cidr, "cidr");
        except = List.copyOf(except);
    }

    public static IpBlock of(Ipv4Prefix cidr, Ipv4Prefix... except) {
        return new IpBlock(cidr, List.of(except));
    }

    /** {@code IpBlock.parse("10.0.0.0/8", "10.1.0.0/16")}. */
    public static IpBlock parse(String cidr, String... except) {
        return new IpBlock(Ipv4Prefix.parse(cidr), Stream.of(except).map(Ipv4Prefix::parse).toList());
    }

    public boolean contains(Ipv4Address address) {
        if (!cidr.contains(address)) {
            return false;
        }
        for (Ipv4Prefix hole : except) {
            if (hole.contains(address)) {
                return false;
            }
        }
        return true;
    }

    /** As Kubernetes: every {@code except} must be a strict subset of the CIDR. */
    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < except.size(); i++) {
            Ipv4Prefix hole = except.get(i);
            if (!cidr.contains(hole) || hole.length() <= cidr.length()) {
                problems.add(Problem.at(path + ".except[" + i + "]", "must be a strict subset of " + cidr + ": " + hole));
            }
        }
        return problems;
    }

    @Override
    public String toString() {
        return except.isEmpty() ? cidr.toString() : cidr + " except " + except;
    }
}
