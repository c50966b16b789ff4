package io.microseg.controller.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real Open vSwitch bridges (userspace datapath, fail-mode secure) joined by patch-port cables,
 * all named {@code msdisc<pid>...} so concurrent test runs never touch each other's; deletes what it made.
 */
final class OvsNet implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final long pid = ProcessHandle.current().pid() % 10000;
    private final int controllerPort;
    private final List<String> bridges = new ArrayList<>();
    private final List<String> veths = new ArrayList<>();

    OvsNet(int controllerPort) {
        this.controllerPort = controllerPort;
    }

    /** A bridge; returns its name. Its datapath id is {@link #dpid(String)}. */
    String bridge() {
        int n = COUNTER.incrementAndGet();
        String name = "msdisc" + pid + "b" + n;
        run("ovs-vsctl", "--if-exists", "del-br", name);
        ok("ovs-vsctl", "add-br", name, "--", "set", "bridge", name, "datapath_type=netdev",
                "protocols=OpenFlow13,OpenFlow14", "fail-mode=secure",
                String.format("other-config:datapath-id=%016x", dpidOf(n)),
                "--", "set-controller", name, "tcp:127.0.0.1:" + controllerPort,
                "--", "set", "controller", name, "max_backoff=1000");
        bridges.add(name);
        return name;
    }

    long dpid(String bridge) {
        return dpidOf(Integer.parseInt(bridge.substring(bridge.lastIndexOf('b') + 1)));
    }

    private long dpidOf(int n) {
        return 0x6d5c_0000_0000L | (pid << 16) | n;
    }

    /** A patch cable: port {@code portA} on {@code a} to port {@code portB} on {@code b}. */
    void cable(String a, int portA, String b, int portB) {
        String nameA = portName(a, portA);
        String nameB = portName(b, portB);
        ok("ovs-vsctl", "add-port", a, nameA, "--", "set", "interface", nameA, "type=patch", "options:peer=" + nameB,
                "ofport_request=" + portA,
                "--", "add-port", b, nameB, "--", "set", "interface", nameB, "type=patch", "options:peer=" + nameA,
                "ofport_request=" + portB);
    }

    /**
     * A veth cable: unlike patch ports (which ignore PORT_MOD down), a veth end taken down makes
     * OVS report PORT_DOWN on this side and LINK_DOWN on the other.
     */
    void vethCable(String a, int portA, String b, int portB) {
        String nameA = "msd" + pid + "v" + COUNTER.incrementAndGet();
        String nameB = nameA + "z";
        ok("ip", "link", "add", nameA, "type", "veth", "peer", "name", nameB);
        veths.add(nameA);
        ok("ip", "link", "set", nameA, "up");
        ok("ip", "link", "set", nameB, "up");
        ok("ovs-vsctl", "add-port", a, nameA, "--", "set", "interface", nameA, "ofport_request=" + portA,
                "--", "add-port", b, nameB, "--", "set", "interface", nameB, "ofport_request=" + portB);
    }

    static String portName(String bridge, int port) {
        return bridge + "p" + port;
    }

    void portDown(String bridge, int port) {
        ok("ovs-ofctl", "-O", "OpenFlow13", "mod-port", bridge, Integer.toString(port), "down");
    }

    void portUp(String bridge, int port) {
        ok("ovs-ofctl", "-O", "OpenFlow13", "mod-port", bridge, Integer.toString(port), "up");
    }

    void deletePort(String bridge, int port) {
        ok("ovs-vsctl", "del-port", bridge, portName(bridge, port));
    }

    @Override
    public void close() {
        for (String bridge : bridges) {
            run("ovs-vsctl", "--if-exists", "del-br", bridge);
        }
        for (String veth : veths) {
            run("ip", "link", "del", veth);
        }
    }

    static String ok(String... command) {
        String[] result = run(command);
        if (!result[0].equals("0")) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + result[0] + ": " + result[1]);
        }
        return result[1];
    }

    private static String[] run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", command));
            }
            return new String[] {Integer.toString(process.exitValue()), new String(out, StandardCharsets.UTF_8)};
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
