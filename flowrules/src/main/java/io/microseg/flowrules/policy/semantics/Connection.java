package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Protocol;
import java.util.Objects;

/** A new connection to decide: source, destination, protocol and destination port (ignored for ICMP). */
public record Connection(Endpoint source, Endpoint destination, Protocol protocol, int port) {

    public Connection {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }

    public static Connection of(Endpoint source, Endpoint destination, Protocol protocol, int port) {
        return new Connection(source, destination, protocol, port);
    }

    /** {@code Connection.of("prod/lb", "prod/web1", TCP, 443)}; endpoints as {@link Endpoint#parse}. */
    public static Connection of(String source, String destination, Protocol protocol, int port) {
        return new Connection(Endpoint.parse(source), Endpoint.parse(destination), protocol, port);
    }

    public static Connection tcp(String source, String destination, int port) {
        return of(source, destination, Protocol.TCP, port);
    }

    public static Connection udp(String source, String destination, int port) {
        return of(source, destination, Protocol.UDP, port);
    }

    public static Connection icmp(String source, String destination) {
        return of(source, destination, Protocol.ICMP, 0);
    }

    @Override
    public String toString() {
        return source + " -> " + destination + " " + protocol + (protocol.hasPorts() ? "/" + port : "");
    }
}
