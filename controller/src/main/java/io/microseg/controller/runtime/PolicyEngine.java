package io.microseg.controller.runtime;

import io.microseg.controller.discovery.TopologyChanged;
import io.microseg.controller.discovery.TopologyListener;
import io.microseg.controller.discovery.TopologyView;
import io.microseg.flowrules.compiler.CompiledNetwork;
import io.microseg.flowrules.compiler.DataPlaneOptions;
import io.microseg.flowrules.compiler.NetworkView;
import io.microseg.flowrules.compiler.PolicyCompiler;
import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.SkeletonFlows;
import io.microseg.flowrules.policy.ModelValidation;
import io.microseg.flowrules.policy.OnTighten;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.ValidatedModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.topology.Attachment;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the policy model and the discovered topology into desired flows. Owns the model, the
 * topology view, the workload bindings and the last compilation on its own thread; compiles with
 * the previous result so identities and cookies stay stable, and hands the {@link ControllerRuntime}
 * only the switches whose flows changed. With an {@link AllocationFile}, the allocations survive a restart: each
 * compilation stores them, and the first compilation of the stored model resumes from them, so the switches'
 * flows compare equal and nothing is deleted and re-added.
 */
public final class PolicyEngine implements TopologyListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

    private final ControllerRuntime runtime;
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "microseg-policy");
        thread.setDaemon(true);
        return thread;
    });
    private ValidatedModel model;
    private long revision;
    private TopologyView topology = TopologyView.EMPTY;
    private WorkloadBinding binding = WorkloadBinding.NONE;
    private CompiledNetwork compiled = CompiledNetwork.empty();
    private volatile CompiledNetwork latest = CompiledNetwork.empty();
    /** Per switch, the changes from the compilation before {@link #latest} to it (computed once, here). */
    private volatile Map<DatapathId, FlowDiff> latestChanges = Map.of();
    private volatile long inForceRevision;
    private volatile WorkloadBinding publishedBinding = WorkloadBinding.NONE;
    private volatile Set<Long> managedMacs = Set.of();
    /** Registered workload locations of the model: never trunks. */
    private volatile Set<ConnectPoint> registeredPorts = Set.of();
    private volatile Set<DatapathId> compiledSwitches = Set.of();
    private final List<CompletableFuture<Void>> waitingForCompile = new ArrayList<>();
    private ValidatedModel pendingModel;
    private long pendingRevision;
    private boolean compileQueued;
    private volatile boolean modelLoaded;
    private volatile long lastTopologyChange = System.nanoTime();
    private final Optional<AllocationFile> allocations;
    private final DataPlaneOptions options;
    private Set<DatapathId> refused = Set.of();
    private final Optional<BindingFile> bindingFile;
    /** The stored allocations, until the first compilation of a model (not the placeholder) has used them. */
    private Optional<CompiledNetwork> resumed;

    public PolicyEngine(ControllerRuntime runtime, PolicyModel initial, long initialRevision) {
        this(runtime, initial, initialRevision, Optional.empty());
    }

    /** @param allocations where allocations are stored: loaded now, written after every compilation of a model */
    public PolicyEngine(ControllerRuntime runtime, PolicyModel initial, long initialRevision,
            Optional<AllocationFile> allocations) {
        this(runtime, initial, initialRevision, allocations, DataPlaneOptions.DEFAULTS);
    }

    /** @param options what the configuration says about every switch's pipeline (tagged frames, pinned zones) */
    public PolicyEngine(ControllerRuntime runtime, PolicyModel initial, long initialRevision,
            Optional<AllocationFile> allocations, DataPlaneOptions options) {
        this(runtime, initial, initialRevision, allocations, options, Optional.empty());
    }

    /**
     * @param allocations where allocations are stored: loaded now, written after every compilation of a model
     * @param options what the configuration says about every switch's pipeline (tagged frames, pinned zones)
     * @param bindings where learned and confirmed workload bindings are stored: loaded now, written when they change
     */
    public PolicyEngine(ControllerRuntime runtime, PolicyModel initial, long initialRevision,
            Optional<AllocationFile> allocations, DataPlaneOptions options, Optional<BindingFile> bindings) {
        this.options = options;
        this.bindingFile = bindings;
        this.binding = WorkloadBinding.restored(bindings.map(BindingFile::load).orElse(Map.of()));
        this.publishedBinding = binding;
        this.runtime = runtime;
        this.model = ModelValidation.validated(initial);
        this.revision = initialRevision;
        this.managedMacs = macsOf(initial);
        this.registeredPorts = portsOf(initial);
        this.allocations = allocations;
        this.resumed = allocations.flatMap(AllocationFile::load).map(CompiledNetwork::resume);
    }

    /** The flows a switch gets the moment it connects: its compiled flows, or the fail-closed skeleton. */
    public List<FlowEntry> flowsFor(DatapathId dpid) {
        CompiledNetwork compiled = latest;
        List<FlowEntry> flows = compiled.flowsOf(dpid);
        // nothing passes table 0 of the bare skeleton, so its zone only matters once the switch is compiled
        return flows.isEmpty() ? SkeletonFlows.forSwitch(compiled.zone(dpid).orElse(NetworkView.zone(dpid)),
                options.dropTaggedFrames(), Math.max(1, compiled.epoch()),
                model.model().settings().onTighten() == OnTighten.CUT) : flows;
    }

    /**
     * Whether a switch's desired flows are known: the stored model is loaded, the switch is part of the last
     * compilation, and the topology has been quiet for {@code quiet} (links are rediscovered within moments of a
     * switch connecting; reconciling before would remove forwarding flows only to add them back).
     */
    public boolean readyFor(DatapathId dpid, Duration quiet) {
        return modelLoaded && compiledSwitches.contains(dpid) && System.nanoTime() - lastTopologyChange >= quiet.toNanos();
    }

    /** For discovery: a host is managed when a workload of the model has its MAC (read from any thread). */
    public boolean isManaged(Attachment host) {
        return managedMacs.contains(host.mac().value());
    }

    /** For discovery: a workload is registered at this port, or bound to it (such a port is never a trunk). Any thread. */
    public boolean isWorkloadPort(ConnectPoint point) {
        return registeredPorts.contains(point) || publishedBinding.bound().containsValue(point);
    }

    /** Where a workload is attached: its registered location, else where discovery bound it. */
    public Optional<ConnectPoint> locationOf(Workload workload) {
        if (workload.location().isPresent()) {
            return workload.location().map(l -> ConnectPoint.of(l.datapath(), l.port()));
        }
        return Optional.ofNullable(publishedBinding.bound().get(workload.id()));
    }

    /** Sightings of workloads without a location that wait for an operator (learning: confirm); any thread. */
    public Map<WorkloadId, List<WorkloadBinding.Sighting>> pendingSightings() {
        return publishedBinding.pending();
    }

    /**
     * An operator confirms that a workload is the host sighted at {@code point}. Completes with false at once when no
     * such sighting is pending, else with true once the flows that bind it there are in force.
     */
    public CompletableFuture<Boolean> confirm(WorkloadId workload, ConnectPoint point) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loop.execute(() -> {
            Optional<WorkloadBinding> confirmed = binding.confirm(workload, point);
            if (confirmed.isEmpty()) {
                done.complete(false);
                return;
            }
            binding = confirmed.get();
            publishedBinding = binding;
            bindingFile.ifPresent(file -> file.save(binding.bound()));
            LOG.info("operator confirmed workload {} at {}", workload, point);
            recompile("confirmed binding of " + workload, false).whenComplete((ok, failure) -> {
                if (failure == null) {
                    done.complete(true);
                } else {
                    done.completeExceptionally(failure);
                }
            });
        });
        return done;
    }

    public CompiledNetwork compiled() {
        return latest;
    }

    /**
     * Per switch, the flow changes of the last compilation: from the desired flows before it to those of
     * {@link #compiled()}. Computed once per compilation, incrementally ({@link CompiledNetwork#changesFrom}); a
     * switch that holds exactly the previous desired flows needs exactly these changes.
     */
    public Map<DatapathId, FlowDiff> changes() {
        return latestChanges;
    }

    public long inForceRevision() {
        return inForceRevision;
    }

    /**
     * A committed model change, validated by the writer (the compiler does not validate it again). Completes when
     * every connected switch whose flows it changed has confirmed them. A burst of changes is compiled once, at the newest revision: the earlier
     * revisions' futures complete when that one is in force (it contains them).
     */
    public CompletableFuture<Void> modelChanged(ValidatedModel newModel, long newRevision) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (pendingModel == null || newRevision > pendingRevision) {
                pendingModel = newModel;
                pendingRevision = newRevision;
            }
            waitingForCompile.add(done);
            if (!compileQueued) {
                compileQueued = true;
                loop.execute(this::compilePendingModel);
            }
        });
        return done;
    }

    private void compilePendingModel() {
        compileQueued = false;
        List<CompletableFuture<Void>> waiting = List.copyOf(waitingForCompile);
        waitingForCompile.clear();
        model = pendingModel;
        revision = pendingRevision;
        pendingModel = null;
        managedMacs = macsOf(model.model());
        registeredPorts = portsOf(model.model());
        String why = waiting.size() == 1 ? "model revision " + revision
                : "model revisions up to " + revision + " (" + waiting.size() + " changes at once)";
        CompletableFuture<Void> applied = recompile(why, true);
        modelLoaded = true;
        applied.whenComplete((ok, failure) -> waiting.forEach(f -> {
            if (failure == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(failure);
            }
        }));
    }

    @Override
    public void topologyChanged(TopologyChanged change) {
        lastTopologyChange = System.nanoTime();
        loop.execute(() -> {
            lastTopologyChange = System.nanoTime();
            topology = change.after();
            recompile("topology change (" + change.linksAdded().size() + " link(s) up, " + change.linksRemoved().size()
                    + " down" + (change.hostsChanged() ? ", hosts" : "") + (change.switchesChanged() ? ", switches" : "") + ")",
                    false);
        });
    }

    /** @param ofModel whether a model change asks (the first one after a start is the stored model) */
    private CompletableFuture<Void> recompile(String why, boolean ofModel) {
        long started = System.nanoTime();
        if (ofModel || modelLoaded) { // the placeholder before the stored model would drop every restored binding
            binding = binding.update(model.model(), topology.snapshot());
            publishedBinding = binding;
            bindingFile.ifPresent(file -> file.save(binding.bound()));
        }
        NetworkView view = NetworkView.of(topology.snapshot(), topology.paths()).withOptions(options);
        for (var entry : binding.bound().entrySet()) {
            view = view.withLocation(entry.getKey(), entry.getValue());
        }
        // a workload's port is never a trunk, even while a link discovered before the workload was there lasts
        Set<ConnectPoint> workloadPorts = new HashSet<>(registeredPorts);
        workloadPorts.addAll(binding.bound().values());
        view = view.withoutTrunks(workloadPorts);
        CompiledNetwork previous = compiled;
        // before the stored model is loaded, only the placeholder is compiled: the stored allocations wait for it
        boolean resuming = ofModel && resumed.isPresent();
        try {
            compiled = PolicyCompiler.compile(model, view, resuming ? resumed.get() : previous);
        } catch (RuntimeException e) {
            LOG.error("compiling {} failed; switches keep their current flows", why, e);
            return CompletableFuture.failedFuture(e);
        }
        if (resuming) {
            resumed = Optional.empty();
        }
        if (ofModel || modelLoaded) { // not the placeholder compiled before the stored model is loaded
            allocations.ifPresent(this::store);
        }
        latest = compiled;
        compiledSwitches = Set.copyOf(compiled.switches());
        if (!compiled.refused().equals(refused)) {
            refused = compiled.refused();
            if (!refused.isEmpty()) {
                LOG.error("no conntrack zone of their own is free for switch(es) {}: they get no flows but the"
                        + " fail-closed skeleton (a shared zone would let one switch's connections skip another's"
                        + " ingress check)", refused);
            }
        }
        Map<DatapathId, List<FlowEntry>> changed = new LinkedHashMap<>();
        int operations = 0;
        latestChanges = compiled.changesFrom(previous);
        for (Map.Entry<DatapathId, FlowDiff> diff : latestChanges.entrySet()) {
            if (!diff.getValue().isEmpty()) {
                changed.put(diff.getKey(), compiled.flowsOf(diff.getKey()));
                operations += diff.getValue().size();
            }
        }
        LOG.info("compiled {} in {} ms: {} identities, {} flows; {} switch(es) change ({} operation(s))", why,
                (System.nanoTime() - started) / 1_000_000, compiled.stats().identities(), compiled.stats().totalFlows(),
                changed.size(), operations);
        long compiledRevision = revision;
        return runtime.apply(changed).thenRun(() -> inForceRevision = Math.max(inForceRevision, compiledRevision));
    }

    /** Stores the allocations of the last compilation; a failure costs a later restart fresh ids, nothing now. */
    private void store(AllocationFile file) {
        try {
            file.save(compiled.allocations());
        } catch (RuntimeException e) {
            LOG.warn("could not export the allocations for {}", file.path(), e);
        }
    }

    private static Set<ConnectPoint> portsOf(PolicyModel model) {
        Set<ConnectPoint> ports = new HashSet<>();
        model.workloads().forEach(w -> w.location().ifPresent(l -> ports.add(ConnectPoint.of(l.datapath(), l.port()))));
        return Set.copyOf(ports);
    }

    private static Set<Long> macsOf(PolicyModel model) {
        Set<Long> macs = new HashSet<>();
        model.workloads().forEach(w -> w.mac().ifPresent(mac -> macs.add(mac.value())));
        return Set.copyOf(macs);
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
