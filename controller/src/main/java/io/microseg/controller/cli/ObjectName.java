package io.microseg.controller.cli;

import java.util.Optional;

/**
 * An object's name on the command line: {@code web}, or {@code prod/web1} (or {@code web1 -n prod}) for a
 * namespaced kind.
 */
record ObjectName(String namespace, String name) {

    static ObjectName parse(ObjectKind kind, String text, Optional<String> namespaceOption) {
        if (text.isBlank()) {
            throw new UsageException("the name is empty");
        }
        if (kind.scope() != ObjectKind.Scope.NAMESPACED) {
            if (namespaceOption.isPresent()) {
                throw new UsageException(kind.plural() + " have no namespace; drop -n");
            }
            if (text.contains("/")) {
                throw new UsageException(kind.plural() + " are named without a namespace, not '" + text + "'");
            }
            return new ObjectName(null, text);
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new ObjectName(namespaceOption.orElse("default"), text);
        }
        String namespace = text.substring(0, slash);
        String name = text.substring(slash + 1);
        if (namespace.isEmpty() || name.isEmpty() || name.contains("/")) {
            throw new UsageException("expected NAMESPACE/NAME, not '" + text + "'");
        }
        if (namespaceOption.isPresent() && !namespaceOption.get().equals(namespace)) {
            throw new UsageException("'" + text + "' is in namespace " + namespace + " but -n says "
                    + namespaceOption.get());
        }
        return new ObjectName(namespace, name);
    }

    String path(ObjectKind kind) {
        return kind.path(namespace, name);
    }

    String display(ObjectKind kind) {
        return kind.display(namespace, name);
    }
}
