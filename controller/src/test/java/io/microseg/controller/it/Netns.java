package io.microseg.controller.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;

/** A network namespace host with a veth whose other end is a port of a test bridge; offloads off for userspace conntrack. */
final class Netns implements AutoCloseable {
    final String name;
    final String ip;
    private final String hostSide;

    private Netns(String name, String ip, String hostSide) {
        this.name = name;
        this.ip = ip;
        this.hostSide = hostSide;
    }

    static Netns attach(Bridge bridge, String shortName, String ip, int ofport) {
        String name = bridge.name + shortName;
        String outside = (bridge.name + shortName + "o");
        String inside = "eth0";
        if (outside.length() > 15) {
            outside = outside.substring(outside.length() - 15);
        }
        Sh.run("ip", "netns", "del", name);
        Sh.run("ip", "link", "del", outside);
        Sh.ok("ip", "netns", "add", name);
        Sh.ok("ip", "link", "add", outside, "type", "veth", "peer", "name", "tmp" + ofport + shortName);
        Sh.ok("ip", "link", "set", "tmp" + ofport + shortName, "netns", name);
        Sh.ok("ip", "netns", "exec", name, "ip", "link", "set", "tmp" + ofport + shortName, "name", inside);
        Sh.ok("ip", "netns", "exec", name, "ip", "addr", "add", ip + "/24", "dev", inside);
        Sh.ok("ip", "netns", "exec", name, "ip", "link", "set", inside, "up");
        Sh.ok("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        Sh.ok("ip", "link", "set", outside, "up");
        for (String[] where : new String[][] {{"ip", "netns", "exec", name, "ethtool", "-K", inside}, {"ethtool", "-K", outside}}) {
            String[] command = new String[where.length + 10];
            System.arraycopy(where, 0, command, 0, where.length);
            System.arraycopy(new String[] {"tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off"}, 0, command,
                    where.length, 10);
            Sh.run(command);
        }
        Sh.ok("ovs-vsctl", "add-port", bridge.name, outside, "--", "set", "interface", outside, "ofport_request=" + ofport);
        return new Netns(name, ip, outside);
    }

    /** Static ARP so the test needs no ARP flows. */
    void neighbour(Netns other, String mac) {
        Sh.ok("ip", "netns", "exec", name, "ip", "neigh", "replace", other.ip, "lladdr", mac, "dev", "eth0");
    }

    String mac() {
        String out = Sh.ok("ip", "netns", "exec", name, "cat", "/sys/class/net/eth0/address");
        return out.strip();
    }

    /** Starts a one-shot TCP server that answers "ok"; returns once it listens. */
    Process listen(int port) throws Exception {
        Process server = new ProcessBuilder("ip", "netns", "exec", name, "python3", "-c",
                "import socket\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                        + "s.bind(('0.0.0.0'," + port + "))\ns.listen(5)\nprint('listening',flush=True)\n"
                        + "while True:\n  c,_=s.accept()\n  c.sendall(b'ok')\n  c.close()\n")
                .redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(server.getInputStream())).readLine();
        if (!"listening".equals(line)) {
            server.destroyForcibly();
            throw new IllegalStateException("server in " + name + " did not start: " + line);
        }
        return server;
    }

    /** True if a TCP connection to ip:port from this host gets the server's "ok" within two seconds. */
    boolean connects(String ip, int port) {
        Sh.Result result = Sh.run("ip", "netns", "exec", name, "python3", "-c",
                "import socket,sys\ns=socket.create_connection(('" + ip + "'," + port + "),timeout=2)\n"
                        + "sys.exit(0 if s.recv(2)==b'ok' else 1)\n");
        return result.exit() == 0;
    }

    @Override
    public void close() {
        Sh.run("ip", "link", "del", hostSide);
        Sh.run("ip", "netns", "del", name);
    }
}
