package io.microseg.rest.explain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code POST /explain}: connections to explain. */
public record ExplainRequest(List<Query> queries) {

    public ExplainRequest {
        queries = queries == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(queries));
    }

    /** {@code {"from":"x/a","to":"192.0.2.7","protocol":"UDP","port":53}}: endpoints are namespace/name or IPv4. */
    public record Query(String from, String to, String protocol, Integer port) {
    }
}
