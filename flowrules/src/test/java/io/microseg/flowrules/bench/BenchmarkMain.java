package io.microseg.flowrules.bench;

import io.microseg.flowrules.compiler.CompiledNetwork;
import io.microseg.flowrules.compiler.PolicyCompiler;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.topology.DatapathId;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the policy benchmarks ({@link CompileBenchmark}, {@link ExplainBenchmark}: JMH, one fork, short iterations)
 * and measures what JMH does not (entry counts against the pair-based count, retained heap), then prints one table
 * with the targets. Needs the test classpath on {@code java.class.path} (JMH forks with it), so run it with
 * {@code java -cp}, not from a Maven plugin's class loader.
 *
 * <pre>
 * BenchmarkMain            everything (about 4 minutes on 2 cores)
 * BenchmarkMain --counts   only the entry counts and the heap (no JMH)
 * </pre>
 */
public final class BenchmarkMain {

    private static final String HEAP = "-Xmx6g";

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws RunnerException {
        boolean countsOnly = List.of(args).contains("--counts");
        Map<String, double[]> timings = new LinkedHashMap<>();
        if (!countsOnly) {
            timings.putAll(run(CompileBenchmark.class.getName() + ".fullCompile", 3, 5, 2));
            timings.putAll(run(CompileBenchmark.class.getName() + ".oneLabelChange|"
                    + CompileBenchmark.class.getName() + ".oneNewWorkload|"
                    + CompileBenchmark.class.getName() + ".oneNewRule", 4, 5, 1));
            timings.putAll(run(ExplainBenchmark.class.getName() + ".tenThousandExplains", 4, 5, 1));
        }
        Counts counts = counts();
        print(timings, counts);
    }

    private static Map<String, double[]> run(String include, int warmups, int measurements, int seconds)
            throws RunnerException {
        Options options = new OptionsBuilder().include("^(" + include.replace(".", "\\.") + ")$").forks(1)
                .warmupIterations(warmups).warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(measurements).measurementTime(TimeValue.seconds(seconds))
                .jvmArgsAppend(HEAP, "-XX:+UseParallelGC").shouldFailOnError(true).build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            out.put(name.substring(name.lastIndexOf('.') + 1), new double[] {result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError()});
        }
        return out;
    }

    /** Entry counts per switch, pair-based counts and the retained heap of one compiled scenario. */
    record Counts(int switches, long totalFlows, long minPerSwitch, long maxPerSwitch, double avgPerSwitch,
            long ruleFlowsPerSwitch, long classificationPerSwitch, long bitsPerSwitch, int identities,
            long pairGlobal, long pairMaxPerSwitch, double pairAvgPerSwitch, long retainedBytes,
            long compileMillis, String busiest) {
    }

    static Counts counts() {
        LargeScenario.Scenario scenario = LargeScenario.build();
        PairBased.Result pairs = PairBased.count(scenario);
        PolicyCompiler.compile(scenario.model(), scenario.view()); // warm up the code before measuring the heap
        long before = usedAfterGc();
        long start = System.nanoTime();
        CompiledNetwork compiled = PolicyCompiler.compile(scenario.model(), scenario.view());
        long compileMillis = (System.nanoTime() - start) / 1_000_000;
        long retained = usedAfterGc() - before;

        long min = Long.MAX_VALUE;
        long max = 0;
        long total = 0;
        long pairMax = 0;
        double pairSum = 0;
        String busiest = "";
        long rules = 0;
        long classification = 0;
        long bits = 0;
        for (DatapathId dpid : scenario.view().switches()) {
            List<FlowEntry> flows = compiled.flowsOf(dpid);
            long n = flows.size();
            total += n;
            min = Math.min(min, n);
            if (n > max) {
                max = n;
                busiest = dpid.toString();
            }
            long plumbing = 0;
            long r = 0;
            long c = 0;
            long b = 0;
            for (FlowEntry flow : flows) {
                switch (flow.table()) {
                    case Tables.EGRESS_RULES, Tables.EGRESS_ISOLATION, Tables.INGRESS_RULES, Tables.INGRESS_ISOLATION -> r++;
                    case Tables.SOURCE_IDENTITY, Tables.DESTINATION_IDENTITY -> c++;
                    case Tables.EGRESS_SOURCE_BITS, Tables.EGRESS_DESTINATION_BITS, Tables.INGRESS_SOURCE_BITS,
                            Tables.INGRESS_DESTINATION_BITS -> b++;
                    default -> plumbing++;
                }
            }
            rules = Math.max(rules, r);
            classification = Math.max(classification, c);
            bits = Math.max(bits, b);
            // a pair-based compiler needs the same plumbing (port security, conntrack, forwarding, ARP) plus its pairs
            long pairBased = plumbing + pairs.perSwitch().getOrDefault(dpid, 0L);
            pairMax = Math.max(pairMax, pairBased);
            pairSum += pairBased;
        }
        int switches = scenario.view().switches().size();
        if (compiled.stats().totalFlows() != total) {
            throw new IllegalStateException("stats say " + compiled.stats().totalFlows() + " flows, switches hold " + total);
        }
        return new Counts(switches, total, min, max, (double) total / switches, rules, classification, bits,
                compiled.stats().identities(), pairs.global(), pairMax, pairSum / switches, retained, compileMillis,
                busiest);
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void print(Map<String, double[]> timings, Counts c) {
        Locale.setDefault(Locale.ROOT);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "target", "measured", "ok"});
        time(rows, timings, "fullCompile", "full compile", 2000);
        time(rows, timings, "oneLabelChange", "one label change (compile + changesFrom)", 10);
        time(rows, timings, "oneNewWorkload", "one new workload (compile + changesFrom)", 10);
        time(rows, timings, "oneNewRule", "one new rule (compile + changesFrom)", 10);
        time(rows, timings, "tenThousandExplains", "10,000 explain queries", 1000);
        double ratioMax = (double) c.pairMaxPerSwitch() / c.maxPerSwitch();
        double ratioAvg = c.pairAvgPerSwitch() / c.avgPerSwitch();
        rows.add(new String[] {"flows per switch (avg / max), pair-based (avg / max)", ">= 10x fewer",
                String.format("%.0f / %d vs %.0f / %d: %.1fx / %.1fx fewer", c.avgPerSwitch(), c.maxPerSwitch(),
                        c.pairAvgPerSwitch(), c.pairMaxPerSwitch(), ratioAvg, ratioMax),
                ratioAvg >= 10 && ratioMax >= 10 ? "yes" : "NO"});
        double globalRatio = (double) c.pairGlobal() / c.maxPerSwitch();
        rows.add(new String[] {"flows per switch (max) vs pair-based rule flows, all pairs", ">= 10x fewer",
                String.format("%d vs %d: %.0fx fewer", c.maxPerSwitch(), c.pairGlobal(), globalRatio),
                globalRatio >= 10 ? "yes" : "NO"});
        double bytesPerFlow = (double) c.retainedBytes() / c.totalFlows();
        rows.add(new String[] {"retained heap per desired flow entry", "<= 300 B",
                String.format("%.0f B (%.1f MB for %d entries)", bytesPerFlow, c.retainedBytes() / 1e6, c.totalFlows()),
                bytesPerFlow <= 300 ? "yes" : "NO"});
        int[] width = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        System.out.println();
        System.out.printf("scenario: %d workloads, %d switches (leaf-spine), %d policies; %d identities%n",
                LargeScenario.WORKLOADS, c.switches(), 1000, c.identities());
        System.out.printf("per switch (max): %d rule flows, %d classification flows, %d bits flows; busiest %s;"
                + " all switches %d entries; heap: GC before/after one compilation, compiled in %d ms%n",
                c.ruleFlowsPerSwitch(), c.classificationPerSwitch(), c.bitsPerSwitch(), c.busiest(), c.totalFlows(),
                c.compileMillis());
        for (String[] row : rows) {
            System.out.printf("| %-" + width[0] + "s | %-" + width[1] + "s | %-" + width[2] + "s | %-" + width[3] + "s |%n",
                    (Object[]) row);
            if (row == rows.get(0)) {
                System.out.printf("|%s|%s|%s|%s|%n", "-".repeat(width[0] + 2), "-".repeat(width[1] + 2),
                        "-".repeat(width[2] + 2), "-".repeat(width[3] + 2));
            }
        }
    }

    private static void time(List<String[]> rows, Map<String, double[]> timings, String key, String label,
            double targetMillis) {
        double[] t = timings.get(key);
        if (t == null) {
            rows.add(new String[] {label, "< " + fmt(targetMillis) + " ms", "not run", "-"});
            return;
        }
        rows.add(new String[] {label, "< " + fmt(targetMillis) + " ms",
                String.format("%s ± %s ms", fmt(t[0]), fmt(Double.isNaN(t[1]) ? 0 : t[1])),
                t[0] < targetMillis ? "yes" : "NO"});
    }

    private static String fmt(double millis) {
        return millis >= 100 ? String.format("%.0f", millis) : millis >= 1 ? String.format("%.2f", millis)
                : String.format("%.3f", millis);
    }
}
