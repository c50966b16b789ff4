package io.microseg.rest.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import java.util.concurrent.TimeUnit;

/** Times every request into {@code microseg.rest.requests}, tagged by method, operation (resource method) and status. */
@PreMatching
public final class MetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String START = MetricsFilter.class.getName() + ".start";

    private final MeterRegistry registry;

    @Context
    private ResourceInfo resource;

    public MetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(START);
        if (!(start instanceof Long started)) {
            return;
        }
        String operation = resource == null || resource.getResourceMethod() == null ? "unmatched"
                : resource.getResourceClass().getSimpleName() + "." + resource.getResourceMethod().getName();
        Timer.builder("microseg.rest.requests").description("REST request latency")
                .tag("method", request.getMethod()).tag("operation", operation)
                .tag("status", Integer.toString(response.getStatus()))
                .register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
}
