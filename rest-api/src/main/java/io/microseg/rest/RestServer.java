package io.microseg.rest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.ValidatedModel;
import io.microseg.rest.auth.Tokens;
import io.microseg.rest.http.AccessFeature;
import io.microseg.rest.http.ApplyResource;
import io.microseg.rest.http.AuditResource;
import io.microseg.rest.http.Bodies;
import io.microseg.rest.http.BodyLimitFilter;
import io.microseg.rest.http.CharsetFilter;
import io.microseg.rest.http.ClusterResource;
import io.microseg.rest.http.EnforcementResource;
import io.microseg.rest.http.ExplainResource;
import io.microseg.rest.http.HealthResource;
import io.microseg.rest.http.IgnoreH2cUpgrade;
import io.microseg.rest.http.ImportResource;
import io.microseg.rest.http.MapperResolver;
import io.microseg.rest.http.MetricsFilter;
import io.microseg.rest.http.NamespaceResource;
import io.microseg.rest.http.NetworkPolicyResource;
import io.microseg.rest.http.NetworkResource;
import io.microseg.rest.http.ObjectEndpoints;
import io.microseg.rest.http.OpenApiResource;
import io.microseg.rest.http.PolicyResource;
import io.microseg.rest.http.ProblemMappers;
import io.microseg.rest.http.SegmentResource;
import io.microseg.rest.http.TokenResource;
import io.microseg.rest.http.WorkloadResource;
import io.microseg.rest.http.Writes;
import io.microseg.rest.model.ModelState;
import io.microseg.rest.store.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.ssl.SSLContextConfigurator;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API: opens the store in the data directory, loads the model, and serves {@code /api/v1} on Grizzly.
 * The controller's main() calls {@link #start} once, seeds itself from {@link #initialModel()} at
 * {@link #initialRevision()}, and from then on hears every change through its {@link ModelListener}.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    /** Every resource class the server registers; the OpenAPI test checks each of their methods is documented. */
    static final List<Class<?>> RESOURCE_CLASSES = List.of(NamespaceResource.class, WorkloadResource.class,
            SegmentResource.class, PolicyResource.class, EnforcementResource.class, NetworkPolicyResource.class,
            ClusterResource.class, ImportResource.class, ApplyResource.class, ExplainResource.class, NetworkResource.class,
            AuditResource.class, TokenResource.class, HealthResource.class, OpenApiResource.class);

    /**
     * Jersey warns, once per resource, that resource instances "do not implement any provider interfaces"; they are
     * resources, not providers, and are served. Held strongly so that the level sticks.
     */
    private static final java.util.logging.Logger JERSEY_PROVIDERS =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    static {
        JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
    }

    private final HttpServer http;
    private final SqliteStore store;
    private final ModelState state;
    private final Tokens tokens;
    private final PrometheusMeterRegistry registry;
    private final ValidatedModel initialModel;
    private final long initialRevision;
    private final URI uri;

    private RestServer(HttpServer http, SqliteStore store, ModelState state, Tokens tokens,
            PrometheusMeterRegistry registry, URI uri) {
        this.http = http;
        this.store = store;
        this.state = state;
        this.tokens = tokens;
        this.registry = registry;
        this.initialModel = state.validated();
        this.initialRevision = state.snapshot().revision();
        this.uri = uri;
    }

    /** {@link #start(RestConfig, ModelListener, NetworkStatusSource, PrometheusMeterRegistry, Clock)} on the system clock. */
    public static RestServer start(RestConfig config, ModelListener listener, NetworkStatusSource network,
            PrometheusMeterRegistry registry) {
        return start(config, listener, network, registry, Clock.systemUTC());
    }

    /**
     * Opens the store (migrating it), loads the model and the tokens (generating {@code admin.token} if there are
     * none), and starts listening. The listener is not called for the loaded model: read {@link #initialModel()}.
     *
     * @throws io.microseg.rest.store.StoreException if the store cannot be opened or holds an invalid model
     * @throws UncheckedIOException if the server cannot listen
     */
    public static RestServer start(RestConfig config, ModelListener listener, NetworkStatusSource network,
            PrometheusMeterRegistry registry, Clock clock) {
        SqliteStore store = SqliteStore.open(config.dataDir());
        ModelState state = null;
        try {
            state = ModelState.load(store, listener, clock, registry);
            Tokens tokens = Tokens.load(store, clock, config.adminToken(), config.dataDir());
            tokens.generatedFile().ifPresent(file -> System.err.println(
                    "microseg: generated an admin API token into " + file));
            ResourceConfig resources = resources(config, state, store, tokens, network, registry);
            String scheme = config.tls().isPresent() ? "https" : "http";
            URI base = URI.create(scheme + "://" + config.address() + ":" + config.port() + "/");
            HttpServer http = config.tls().isPresent()
                    ? GrizzlyHttpServerFactory.createHttpServer(base, resources, true, ssl(config.tls().get()), false)
                    : GrizzlyHttpServerFactory.createHttpServer(base, resources, false);
            http.getListeners().forEach(networkListener -> networkListener.registerAddOn(new IgnoreH2cUpgrade()));
            http.start();
            int port = http.getListeners().iterator().next().getPort();
            URI actual = URI.create(scheme + "://" + config.address() + ":" + port + "/");
            LOG.info("REST API listening on {} (model revision {})", actual, state.snapshot().revision());
            return new RestServer(http, store, state, tokens, registry, actual);
        } catch (IOException e) {
            closeAll(state, store);
            throw new UncheckedIOException("cannot listen on " + config.address() + ":" + config.port(), e);
        } catch (RuntimeException e) {
            closeAll(state, store);
            throw e;
        }
    }

    private static void closeAll(ModelState state, SqliteStore store) {
        if (state != null) {
            state.close();
        }
        store.close();
    }

    /** A registry for {@link #start}; the controller adds its switch, flow and push meters to it. */
    public static PrometheusMeterRegistry newMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    private static ResourceConfig resources(RestConfig config, ModelState state, SqliteStore store, Tokens tokens,
            NetworkStatusSource network, PrometheusMeterRegistry registry) {
        Bodies bodies = new Bodies(config.maxBodyBytes());
        Writes writes = new Writes(config.waitTimeout());
        ObjectEndpoints objects = new ObjectEndpoints(state, bodies, writes);
        ResourceConfig resources = new ResourceConfig();
        resources.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        resources.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        resources.register(JacksonFeature.withoutExceptionMappers());
        resources.register(new MapperResolver());
        resources.register(new ProblemMappers.OfRejection());
        resources.register(new ProblemMappers.OfWebApplication());
        resources.register(new ProblemMappers.OfAnything());
        resources.register(new BodyLimitFilter(config.maxBodyBytes()));
        resources.register(new CharsetFilter());
        resources.register(new MetricsFilter(registry));
        resources.register(new AccessFeature(tokens));
        for (Object resource : List.of(new NamespaceResource(objects), new WorkloadResource(objects),
                new SegmentResource(objects), new PolicyResource(objects), new EnforcementResource(objects),
                new NetworkPolicyResource(objects), new ClusterResource(objects),
                new ImportResource(state, bodies, writes), new ApplyResource(state, bodies, writes),
                new ExplainResource(state, bodies),
                new NetworkResource(network, state, bodies), new AuditResource(store), new TokenResource(tokens, bodies),
                new HealthResource(store, network, registry), new OpenApiResource())) {
            if (!RESOURCE_CLASSES.contains(resource.getClass())) {
                throw new IllegalStateException("add " + resource.getClass() + " to RESOURCE_CLASSES");
            }
            resources.register(resource);
        }
        return resources;
    }

    private static SSLEngineConfigurator ssl(RestConfig.Tls tls) {
        SSLContextConfigurator context = new SSLContextConfigurator();
        context.setKeyStoreFile(tls.keystore().toString());
        context.setKeyStorePass(tls.password());
        context.setKeyStoreType("PKCS12");
        return new SSLEngineConfigurator(context.createSSLContext(true), false, false, false);
    }

    /** The model loaded from the store at start, validated. */
    public ValidatedModel initialModel() {
        return initialModel;
    }

    /** The revision of {@link #initialModel()}; every change the listener hears has a higher one. */
    public long initialRevision() {
        return initialRevision;
    }

    /** The model in force now. */
    public PolicyModel model() {
        return state.snapshot().model();
    }

    public long revision() {
        return state.snapshot().revision();
    }

    /** Where the server listens, such as {@code http://127.0.0.1:8181/}. */
    public URI uri() {
        return uri;
    }

    public int port() {
        return uri.getPort();
    }

    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    /** The file an admin token was generated into at this start, if one was. */
    public Optional<java.nio.file.Path> generatedAdminTokenFile() {
        return tokens.generatedFile();
    }

    /** Stops listening (letting requests in flight finish for up to 1 s), then the model's writer, and closes the store. */
    @Override
    public void close() {
        try {
            http.shutdown(1, TimeUnit.SECONDS).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("REST server shutdown failed", e);
        } finally {
            http.shutdownNow();
            state.close();
            store.close();
        }
    }
}
