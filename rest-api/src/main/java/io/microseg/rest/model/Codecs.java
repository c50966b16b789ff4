package io.microseg.rest.model;

import io.microseg.rest.dto.EnforcementDto;
import io.microseg.rest.dto.NamespaceDto;
import io.microseg.rest.dto.NetworkPolicyDto;
import io.microseg.rest.dto.PolicyDto;
import io.microseg.rest.dto.SegmentDto;
import io.microseg.rest.dto.SettingsDto;
import io.microseg.rest.dto.TiersDto;
import io.microseg.rest.dto.WorkloadDto;
import io.microseg.rest.store.Kind;

/**
 * Per kind: the DTO class, the conversion to a model value, the identity fields a stored or answered DTO carries,
 * the model list it lands in, and how model field paths read in the DTO.
 */
public final class Codecs {

    /** Key of the single tiers object and of the single settings object. */
    public static final String SINGLETON = "cluster";

    private Codecs() {
    }

    public static Class<?> dtoClass(Kind kind) {
        return switch (kind) {
            case NAMESPACE -> NamespaceDto.class;
            case WORKLOAD -> WorkloadDto.class;
            case SEGMENT -> SegmentDto.class;
            case POLICY -> PolicyDto.class;
            case NETWORK_POLICY -> NetworkPolicyDto.class;
            case ENFORCEMENT -> EnforcementDto.class;
            case TIERS -> TiersDto.class;
            case SETTINGS -> SettingsDto.class;
        };
    }

    /** The model value of a DTO, field problems going to {@code problems}. */
    public static Object toDomain(Kind kind, String key, Object dto, FieldProblems problems) {
        String name = name(key);
        String namespace = namespace(key);
        return switch (kind) {
            case NAMESPACE -> ObjectConversion.namespace(name, (NamespaceDto) dto, problems);
            case WORKLOAD -> ObjectConversion.workload(namespace, name, (WorkloadDto) dto, problems);
            case SEGMENT -> ObjectConversion.segment(name, (SegmentDto) dto, problems);
            case POLICY -> ObjectConversion.policy(name, (PolicyDto) dto, problems);
            case NETWORK_POLICY -> NetworkPolicyConversion.networkPolicy(namespace, name, (NetworkPolicyDto) dto, problems);
            case ENFORCEMENT -> ObjectConversion.enforcement(name, (EnforcementDto) dto, problems);
            case TIERS -> new TierList(ObjectConversion.tiers((TiersDto) dto, problems));
            case SETTINGS -> ObjectConversion.settings((SettingsDto) dto, problems);
        };
    }

    /**
     * The DTO with the identity of {@code key} and the given resource version (null to leave it out). Settings are
     * stored complete: a field left out of a {@code PUT} is stored (and answered) as its default.
     */
    public static Object withIdentity(Kind kind, String key, Object dto, Long version) {
        String name = name(key);
        String namespace = namespace(key);
        return switch (kind) {
            case NAMESPACE -> ((NamespaceDto) dto).withIdentity(name, version);
            case WORKLOAD -> ((WorkloadDto) dto).withIdentity(namespace, name, version);
            case SEGMENT -> ((SegmentDto) dto).withIdentity(name, version);
            case POLICY -> ((PolicyDto) dto).withIdentity(name, version);
            case NETWORK_POLICY -> ((NetworkPolicyDto) dto).withIdentity(namespace, name, version);
            case ENFORCEMENT -> ((EnforcementDto) dto).withIdentity(name, version);
            case TIERS -> ((TiersDto) dto).withVersion(version);
            case SETTINGS -> ObjectConversion.settingsView((SettingsDto) dto).withVersion(version);
        };
    }

    /** The resource version a request body states, if any. */
    public static Long statedVersion(Kind kind, Object dto) {
        return switch (kind) {
            case NAMESPACE -> ((NamespaceDto) dto).resourceVersion();
            case WORKLOAD -> ((WorkloadDto) dto).resourceVersion();
            case SEGMENT -> ((SegmentDto) dto).resourceVersion();
            case POLICY -> ((PolicyDto) dto).resourceVersion();
            case NETWORK_POLICY -> ((NetworkPolicyDto) dto).resourceVersion();
            case ENFORCEMENT -> ((EnforcementDto) dto).resourceVersion();
            case TIERS -> ((TiersDto) dto).resourceVersion();
            case SETTINGS -> ((SettingsDto) dto).resourceVersion();
        };
    }

    /** The name and namespace a request body states, to check them against the URL; null where absent. */
    public static String[] statedIdentity(Kind kind, Object dto) {
        return switch (kind) {
            case NAMESPACE -> new String[] {null, ((NamespaceDto) dto).name()};
            case WORKLOAD -> new String[] {((WorkloadDto) dto).namespace(), ((WorkloadDto) dto).name()};
            case SEGMENT -> new String[] {null, ((SegmentDto) dto).name()};
            case POLICY -> new String[] {null, ((PolicyDto) dto).name()};
            case NETWORK_POLICY -> new String[] {((NetworkPolicyDto) dto).namespace(), ((NetworkPolicyDto) dto).name()};
            case ENFORCEMENT -> new String[] {null, ((EnforcementDto) dto).name()};
            case TIERS, SETTINGS -> new String[] {null, null};
        };
    }

    /** The {@code PolicyModel} list holding this kind, as named in problem paths. */
    static String modelList(Kind kind) {
        return switch (kind) {
            case NAMESPACE -> "namespaces";
            case WORKLOAD -> "workloads";
            case SEGMENT -> "segments";
            case POLICY -> "policies";
            case NETWORK_POLICY -> "networkPolicies";
            case ENFORCEMENT -> "enforcementSettings";
            case TIERS -> "tiers";
            case SETTINGS -> "settings";
        };
    }

    /** A model field path ({@code ingress[0].peers[1].segment}) as the DTO names it ({@code ingress[0].from[1].segment}). */
    static String dtoPath(Kind kind, String modelPath) {
        return switch (kind) {
            case WORKLOAD -> modelPath.replaceFirst("^addresses\\[", "ips[").replaceFirst("^namedPorts\\[", "ports[");
            case SEGMENT -> modelPath.replaceFirst("^members\\.", "");
            case ENFORCEMENT -> modelPath.replaceFirst("^scope\\.", "");
            case POLICY, NETWORK_POLICY -> modelPath.replaceFirst("^(ingress\\[\\d+\\])\\.peers\\[", "$1.from[")
                    .replaceFirst("^(egress\\[\\d+\\])\\.peers\\[", "$1.to[");
            default -> modelPath;
        };
    }

    public static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }

    static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }
}
