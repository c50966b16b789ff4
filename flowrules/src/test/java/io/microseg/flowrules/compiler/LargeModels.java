package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadLocation;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A random model of {@code n} workloads in the shape real ones have: apps of web/app/db tiers in prod, dev and test
 * namespaces, each app with its three-tier policies, shared load balancers and monitoring, an environment guardrail,
 * a few IP-block rules; workloads spread over {@code switches} switches.
 */
final class LargeModels {

    private LargeModels() {
    }

    static PolicyModel model(int workloads, int apps, int switches, long seed) {
        Random random = new Random(seed);
        PolicyModel.Builder builder = PolicyModel.builder();
        String[] envs = {"prod", "dev", "test"};
        for (String env : envs) {
            builder.namespace(Namespace.of(env, "env", env));
        }
        String[] tiers = {"web", "app", "db"};
        for (int i = 0; i < workloads; i++) {
            String env = envs[random.nextInt(envs.length)];
            Labels labels;
            if (i % 50 == 0) {
                labels = Labels.of("role", "lb");
            } else if (i % 50 == 1) {
                labels = Labels.of("role", "monitoring");
            } else {
                labels = Labels.of("app", "app" + random.nextInt(apps), "tier", tiers[random.nextInt(3)]);
                if (random.nextInt(10) == 0) {
                    labels = labels.with("canary", "true");
                }
            }
            int address = 0x0a00_0000 + i + 1;
            builder.workload(new Workload("w" + i, env, labels,
                    List.of(Ipv4Address.of(address)),
                    Optional.of(MacAddress.of(0x0200_0000_0000L + i + 1)), List.of(),
                    Optional.of(WorkloadLocation.of(DatapathId.of(1 + random.nextInt(switches)),
                            PortNumber.of(10 + i)))));
        }
        builder.segment(Segment.of("lb", WorkloadSelector.labels("role", "lb")),
                Segment.of("monitoring", WorkloadSelector.labels("role", "monitoring")),
                Segment.of("partners", IpBlock.parse("198.51.100.0/24"), IpBlock.parse("203.0.113.0/24", "203.0.113.128/25")));
        builder.policy(Policy.of("env-guardrail", Tier.SECURITY.name(), 10,
                        AppliedTo.workloads(WorkloadSelector.of(LabelSelector.EVERYTHING, LabelSelector.of("env", "prod"))))
                .withIngress(Rule.deny(Peer.workloads(WorkloadSelector.of(LabelSelector.EVERYTHING,
                        LabelSelector.of("env", "dev")))))
                .withEgress(Rule.deny(Peer.workloads(WorkloadSelector.of(LabelSelector.EVERYTHING,
                        LabelSelector.of("env", "dev"))))));
        for (int a = 0; a < apps; a++) {
            String app = "app" + a;
            WorkloadSelector web = WorkloadSelector.labels("app", app, "tier", "web");
            WorkloadSelector mid = WorkloadSelector.labels("app", app, "tier", "app");
            WorkloadSelector db = WorkloadSelector.labels("app", app, "tier", "db");
            builder.policy(
                    Policy.of(app + "-web", Tier.APPLICATION.name(), 10, AppliedTo.workloads(web))
                            .withIngress(Rule.allow(Peer.segment("lb"), PortMatch.tcp(443)),
                                    Rule.allow(Peer.segment("monitoring"), PortMatch.tcp(9100)))
                            .withEgress(Rule.allow(Peer.workloads(mid), PortMatch.tcp(8080)),
                                    Rule.allow(Peer.segment("partners"), PortMatch.tcp(443))),
                    Policy.of(app + "-app", Tier.APPLICATION.name(), 20, AppliedTo.workloads(mid))
                            .withIngress(Rule.allow(Peer.workloads(web), PortMatch.tcp(8080)))
                            .withEgress(Rule.allow(Peer.workloads(db), PortMatch.tcp(5432))),
                    Policy.of(app + "-db", Tier.APPLICATION.name(), 30, AppliedTo.workloads(db))
                            .withIngress(Rule.allow(Peer.workloads(mid), PortMatch.tcp(5432))));
        }
        builder.policy(Policy.of("lb", Tier.APPLICATION.name(), 40, AppliedTo.segment("lb"))
                        .withEgress(Rule.allow(Peer.workloads(WorkloadSelector.labels("tier", "web")), PortMatch.tcp(443))),
                Policy.of("monitoring", Tier.APPLICATION.name(), 40, AppliedTo.segment("monitoring"))
                        .withEgress(Rule.allow(Peer.workloads(WorkloadSelector.ALL), PortMatch.tcp(9100))));
        return builder.build();
    }
}
