package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The syntax rules Kubernetes applies to label keys and values, object names and port names,
 * as pure functions returning problems (empty when valid). Reusable by REST for field-level checks.
 */
public final class KubernetesSyntax {

    /** Label name part and label value: alphanumeric at both ends, {@code -_.} inside. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final int NAME_MAX = 63;
    private static final int SUBDOMAIN_MAX = 253;
    private static final int PORT_NAME_MAX = 15;

    private KubernetesSyntax() {
    }

    /** A label key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    public static List<Problem> labelKeyProblems(String path, String key) {
        List<Problem> problems = new ArrayList<>();
        if (key == null || key.isEmpty()) {
            problems.add(Problem.at(path, "label key must not be empty"));
            return problems;
        }
        String[] parts = key.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                problems.add(Problem.at(path, "label key prefix must not be empty: '" + key + "'"));
            } else if (prefix.length() > SUBDOMAIN_MAX) {
                problems.add(Problem.at(path, "label key prefix must be at most 253 characters: '" + key + "'"));
            } else if (!DNS_SUBDOMAIN.matcher(prefix).matches()) {
                problems.add(Problem.at(path, "label key prefix must be a DNS subdomain (lower case alphanumerics, '-' and '.'): '"
                        + key + "'"));
            }
        } else {
            problems.add(Problem.at(path, "label key must be a name with an optional prefix and one '/': '" + key + "'"));
            return problems;
        }
        if (name.isEmpty()) {
            problems.add(Problem.at(path, "label key name must not be empty: '" + key + "'"));
        } else if (name.length() > NAME_MAX) {
            problems.add(Problem.at(path, "label key name must be at most 63 characters: '" + key + "'"));
        } else if (!QUALIFIED_NAME.matcher(name).matches()) {
            problems.add(Problem.at(path, "label key name must consist of alphanumerics, '-', '_' or '.', "
                    + "and start and end with an alphanumeric: '" + key + "'"));
        }
        return problems;
    }

    /** A label value: empty, or at most 63 characters with the same rules as a key name. */
    public static List<Problem> labelValueProblems(String path, String value) {
        if (value == null) {
            return List.of(Problem.at(path, "label value must not be null"));
        }
        if (value.length() > NAME_MAX) {
            return List.of(Problem.at(path, "label value must be at most 63 characters: '" + value + "'"));
        }
        if (!value.isEmpty() && !QUALIFIED_NAME.matcher(value).matches()) {
            return List.of(Problem.at(path, "label value must be empty or consist of alphanumerics, '-', '_' or '.', "
                    + "and start and end with an alphanumeric: '" + value + "'"));
        }
        return List.of();
    }

    /** An object name (workload, segment, policy, tier...): a DNS subdomain of at most 253 characters. */
    public static List<Problem> objectNameProblems(String path, String name) {
        if (name == null || name.isEmpty()) {
            return List.of(Problem.at(path, "name must not be empty"));
        }
        if (name.length() > SUBDOMAIN_MAX || !DNS_SUBDOMAIN.matcher(name).matches()) {
            return List.of(Problem.at(path, "name must be a DNS subdomain (lower case alphanumerics, '-' and '.', "
                    + "at most 253 characters): '" + name + "'"));
        }
        return List.of();
    }

    /** A namespace name: a DNS label of at most 63 characters. */
    public static List<Problem> namespaceNameProblems(String path, String name) {
        if (name == null || name.isEmpty()) {
            return List.of(Problem.at(path, "namespace name must not be empty"));
        }
        if (name.length() > NAME_MAX || !DNS_LABEL.matcher(name).matches()) {
            return List.of(Problem.at(path, "namespace name must be a DNS label (lower case alphanumerics and '-', "
                    + "at most 63 characters): '" + name + "'"));
        }
        return List.of();
    }

    /** A named port (IANA service name): at most 15 characters, lower case alphanumerics and '-', one letter at least, no "--". */
    public static List<Problem> portNameProblems(String path, String name) {
        if (name == null || name.isEmpty()) {
            return List.of(Problem.at(path, "port name must not be empty"));
        }
        if (name.length() > PORT_NAME_MAX || !PORT_NAME.matcher(name).matches() || name.contains("--")
                || name.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            return List.of(Problem.at(path, "port name must be at most 15 lower case alphanumerics or '-', "
                    + "contain a letter, and not begin, end or repeat '-': '" + name + "'"));
        }
        return List.of();
    }
}
