package io.microseg.controller.it;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real Open vSwitch bridge (userspace datapath, fail-mode secure) that this test run created and will delete. */
final class Bridge implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern DURATION = Pattern.compile("duration=([0-9.]+)s");
    final String name;
    final long dpid;

    private Bridge(String name, long dpid) {
        this.name = name;
        this.dpid = dpid;
    }

    /** A bridge connected to a controller on 127.0.0.1:{@code port}, speaking the given OpenFlow versions. */
    static Bridge create(int controllerPort, String protocols) {
        return create("tcp", controllerPort, protocols);
    }

    /** Like {@link #create(int, String)} over TLS ({@code ssl:} target; the key material is ovs-vsctl set-ssl's, global). */
    static Bridge createSsl(int controllerPort, String protocols) {
        return create("ssl", controllerPort, protocols);
    }

    /** The dpid the next bridge created by this JVM will get. */
    static long nextDpid() {
        return ((ProcessHandle.current().pid() % 10000) << 16) | (COUNTER.get() + 1);
    }

    private static Bridge create(String transport, int controllerPort, String protocols) {
        int n = COUNTER.incrementAndGet();
        long pid = ProcessHandle.current().pid() % 10000;
        String name = "msit" + pid + "x" + n;
        long dpid = (pid << 16) | n;
        Sh.run("ovs-vsctl", "--if-exists", "del-br", name);
        Sh.ok("ovs-vsctl", "add-br", name, "--", "set", "bridge", name, "datapath_type=netdev",
                "protocols=" + protocols, "fail-mode=secure", String.format("other-config:datapath-id=%016x", dpid),
                "--", "set-controller", name, transport + ":127.0.0.1:" + controllerPort,
                "--", "set", "controller", name, "max_backoff=1000");
        return new Bridge(name, dpid);
    }

    void setController(int port) {
        Sh.ok("ovs-vsctl", "set-controller", name, "tcp:127.0.0.1:" + port, "--", "set", "controller", name, "max_backoff=1000");
    }

    /** dump-flows lines without the header. */
    List<String> flows() {
        return Sh.lines(Sh.ok("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", name)).stream()
                .filter(l -> l.startsWith("cookie=")).toList();
    }

    /** Like {@link #flows()} but with counters and durations removed, for comparing content. */
    List<String> flowContent() {
        return Sh.lines(Sh.ok("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", name)).stream()
                .filter(l -> !l.startsWith("OFPST_FLOW")).sorted().toList();
    }

    static double duration(String flowLine) {
        Matcher m = DURATION.matcher(flowLine);
        if (!m.find()) {
            throw new IllegalArgumentException("no duration in " + flowLine);
        }
        return Double.parseDouble(m.group(1));
    }

    void addFlow(String flow) {
        Sh.ok("ovs-ofctl", "-O", "OpenFlow13", "add-flow", name, flow);
    }

    @Override
    public void close() {
        Sh.run("ovs-vsctl", "--if-exists", "del-br", name);
    }
}
