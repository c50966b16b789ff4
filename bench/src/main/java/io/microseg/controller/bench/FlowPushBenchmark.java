package io.microseg.controller.bench;

import io.microseg.controller.openflow.OpenFlowServer;
import io.microseg.controller.openflow.SwitchRegistry;
import io.microseg.controller.runtime.ControllerRuntime;
import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.PortNumber;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pushes N distinct flows to a real userspace Open vSwitch bridge through the controller
 * (diff, translation, one OpenFlow 1.4 bundle, commit confirmed) and the same flows with
 * {@code ovs-ofctl --bundle add-flows}, in the same run, and prints flows/s and the ratio.
 * Then reports the controller's heap per installed flow after a full GC.
 */
public final class FlowPushBenchmark {
    private static final long DPID_BASE = 0xbe0c00L;
    private static final String BRIDGE = "msbench0";

    private FlowPushBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int flows = 100_000;
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flows" -> flows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: ./microseg bench flows [--flows N (100000)] [--rounds R (5)]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        new FlowPushBenchmark().run(flows, rounds);
    }

    static FlowEntry flow(int i) {
        return FlowEntry.of(1, 1000, FlowMatch.builder()
                        .ipv4Dst(Ipv4Address.of(0x0a000000 | i)).exact(MatchField.TCP_DST, 1 + (i % 60000)).build(),
                Cookie.of(2, i), Instruction.ApplyActions.of(Action.Output.to(PortNumber.of(1 + (i % 4)))));
    }

    static String ofctlLine(int i) {
        return String.format("table=1,priority=1000,cookie=0x%016x,tcp,nw_dst=%s,tp_dst=%d,actions=output:%d",
                Cookie.of(2, i).value(), Ipv4Address.of(0x0a000000 | i), 1 + (i % 60000), 1 + (i % 4));
    }

    private void run(int n, int rounds) throws Exception {
        System.err.printf("benchmark: %d flows, %d rounds each way, bridge %s (userspace datapath)%n", n, rounds, BRIDGE);
        Path file = Files.createTempFile("microseg-flows", ".txt");
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(ofctlLine(i));
        }
        Files.write(file, lines);
        lines = null;

        SwitchRegistry registry = new SwitchRegistry();
        ControllerRuntime runtime = new ControllerRuntime(dpid -> List.of(), Clock.systemUTC());
        registry.addListener(runtime);
        OpenFlowServer server = OpenFlowServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
                new OpenFlowServer.Timing(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(120)));
        long heapBefore = 0;
        long heapAfter = 0;
        List<Double> ours = new ArrayList<>();
        List<Double> ofctl = new ArrayList<>();
        try {
            for (int round = 0; round <= rounds; round++) { // round 0 warms up the JIT and is not counted
                // ovs-ofctl --bundle on a bridge with no controller
                sh("ovs-vsctl", "--if-exists", "del-br", BRIDGE);
                sh("ovs-vsctl", "add-br", BRIDGE, "--", "set", "bridge", BRIDGE, "datapath_type=netdev",
                        "protocols=OpenFlow13,OpenFlow14", "fail-mode=secure");
                long t0 = System.nanoTime();
                sh("ovs-ofctl", "-O", "OpenFlow14", "--bundle", "add-flows", BRIDGE, file.toString());
                double ofctlSeconds = (System.nanoTime() - t0) / 1e9;
                check(n);
                if (round > 0) {
                    ofctl.add(n / ofctlSeconds);
                }
                System.err.printf("round %d: ovs-ofctl --bundle add-flows  %8.2f s  %,10.0f flows/s%n", round, ofctlSeconds,
                        n / ofctlSeconds);

                // microseg: fresh bridge (a new datapath id, so the controller knows nothing of it), one bundle
                DatapathId dpid = DatapathId.of(DPID_BASE + round);
                sh("ovs-vsctl", "--if-exists", "del-br", BRIDGE);
                sh("ovs-vsctl", "add-br", BRIDGE, "--", "set", "bridge", BRIDGE, "datapath_type=netdev",
                        "protocols=OpenFlow13,OpenFlow14", "fail-mode=secure",
                        String.format("other-config:datapath-id=%016x", dpid.value()),
                        "--", "set-controller", BRIDGE, "tcp:127.0.0.1:" + server.port(),
                        "--", "set", "controller", BRIDGE, "max_backoff=1000");
                awaitConnected(registry, dpid);
                runtime.awaitInForce(dpid, 0).get();
                if (round == rounds) {
                    heapBefore = usedHeapAfterGc();
                }
                List<FlowEntry> desired = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    desired.add(flow(i));
                }
                long t1 = System.nanoTime();
                long revision = runtime.setDesired(dpid, desired).get();
                runtime.awaitInForce(dpid, revision).get(10, TimeUnit.MINUTES);
                double ourSeconds = (System.nanoTime() - t1) / 1e9;
                desired = null;
                check(n);
                if (round > 0) {
                    ours.add(n / ourSeconds);
                }
                System.err.printf("round %d: microseg (diff+bundle+commit) %8.2f s  %,10.0f flows/s%n", round, ourSeconds,
                        n / ourSeconds);
                if (round == rounds) {
                    heapAfter = usedHeapAfterGc();
                    if (Boolean.getBoolean("bench.histogram")) {
                        new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                                .inheritIO().start().waitFor();
                    }
                }
            }
        } finally {
            sh("ovs-vsctl", "--if-exists", "del-br", BRIDGE);
            server.close();
            runtime.close();
            Files.deleteIfExists(file);
        }
        double oursMedian = median(ours);
        double ofctlMedian = median(ofctl);
        double bytesPerFlow = (double) (heapAfter - heapBefore) / n;
        System.out.println();
        System.out.printf("| method                                   | flows   | median flows/s |%n");
        System.out.printf("|------------------------------------------|---------|----------------|%n");
        System.out.printf("| ovs-ofctl -O OpenFlow14 --bundle add-flows | %,7d | %,14.0f |%n", n, ofctlMedian);
        System.out.printf("| microseg controller (one bundle)         | %,7d | %,14.0f |%n", n, oursMedian);
        System.out.printf("ratio microseg / ovs-ofctl: %.2f (target >= 0.90)%n", oursMedian / ofctlMedian);
        System.out.printf("controller heap per installed flow after full GC: %.0f bytes (target <= 1024)%n", bytesPerFlow);
        System.out.printf("machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void awaitConnected(SwitchRegistry registry, DatapathId dpid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (registry.get(dpid).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bridge did not connect within 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static void check(int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "ovs-ofctl -O OpenFlow13 dump-aggregate " + BRIDGE).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        if (!out.contains("flow_count=" + n)) {
            throw new IllegalStateException("expected " + n + " flows on the bridge, got: " + out.strip());
        }
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }
}
