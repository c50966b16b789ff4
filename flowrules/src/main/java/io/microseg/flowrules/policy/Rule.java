package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One ingress or egress rule of a {@link Policy}. No peers matches every peer; no ports matches everything. */
public record Rule(List<Peer> peers, List<PortMatch> ports, Action action) {

    public Rule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
        Objects.requireNonNull(action, "action");
    }

    public static Rule of(Action action, List<Peer> peers, List<PortMatch> ports) {
        return new Rule(peers, ports, action);
    }

    public static Rule allow(Peer peer, PortMatch... ports) {
        return new Rule(List.of(peer), List.of(ports), Action.ALLOW);
    }

    public static Rule deny(Peer peer, PortMatch... ports) {
        return new Rule(List.of(peer), List.of(ports), Action.DENY);
    }

    public static Rule pass(Peer peer, PortMatch... ports) {
        return new Rule(List.of(peer), List.of(ports), Action.PASS);
    }

    /** Matches every peer and port. */
    public static Rule any(Action action) {
        return new Rule(List.of(), List.of(), action);
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            problems.addAll(peers.get(i).problems(path + ".peers[" + i + "]"));
        }
        for (int i = 0; i < ports.size(); i++) {
            problems.addAll(ports.get(i).problems(path + ".ports[" + i + "]", false));
        }
        return problems;
    }

    @Override
    public String toString() {
        return action + " " + (peers.isEmpty() ? "any peer" : peers) + " " + (ports.isEmpty() ? "any port" : ports);
    }
}
