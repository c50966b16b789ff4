package io.microseg.controller.runtime;

import io.microseg.controller.openflow.SwitchError;
import io.microseg.controller.openflow.SwitchRequestException;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.controller.openflow.XidEncoder;
import io.microseg.controller.translate.FlowTranslator;
import io.microseg.controller.translate.MeterTranslator;
import io.microseg.controller.translate.UnsupportedFlowException;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowOp;
import io.microseg.flowrules.pipeline.Meters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies flow changes to one switch: atomically in a bundle where the switch speaks OpenFlow
 * 1.4, otherwise fail-closed (restricting changes, barrier, widening changes, barrier). Also
 * reads back what a switch has, split into our flows and strays.
 */
public final class FlowProgrammer {
    private static final Logger LOG = LoggerFactory.getLogger(FlowProgrammer.class);

    /** What a switch holds: our flows (parsed into our model) and delete messages for everything else. */
    public record Installed(List<FlowEntry> ours, List<OFMessage> strayDeletes, boolean readAll) {
    }

    private FlowProgrammer() {
    }

    public static CompletableFuture<Void> apply(SwitchSession session, FlowDiff diff, List<OFMessage> extraRestricting) {
        FlowTranslator translator = new FlowTranslator(session.factory());
        XidEncoder<Object> encoder = (item, xid) -> item instanceof FlowOp op ? translator.toFlowMod(op, xid)
                : ((OFMessage) item).createBuilder().setXid(xid).build();
        List<Object> restricting = new ArrayList<>(extraRestricting.size() + diff.restricting().size());
        restricting.addAll(extraRestricting);
        restricting.addAll(diff.restricting());
        List<Object> widening = new ArrayList<>(diff.widening());
        if (restricting.isEmpty() && widening.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (session.supportsBundles()) {
            restricting.addAll(widening);
            return session.sendBundle(restricting, encoder);
        }
        return session.send(restricting, encoder).thenCompose(ok -> session.send(widening, encoder));
    }

    /**
     * Makes sure the switch has the pipeline's meters (flows naming a missing meter are refused): adds them, and
     * modifies those the switch already has. Never deletes one: deleting a meter deletes the flows that use it.
     */
    public static CompletableFuture<Void> installMeters(SwitchSession session, List<Meters.Spec> meters) {
        if (meters.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        OFFactory factory = session.factory();
        List<OFMessage> adds = meters.stream()
                .<OFMessage>map(spec -> MeterTranslator.meterMod(factory, spec, OFMeterModCommand.ADD)).toList();
        return session.send(adds).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (!(cause instanceof SwitchRequestException refused) || refused.errors().isEmpty()) {
                return CompletableFuture.failedFuture(cause);
            }
            List<OFMessage> modifies = new ArrayList<>();
            for (SwitchError error : refused.errors()) {
                if (!error.error().contains("METER_EXISTS") || !(error.cause() instanceof OFMeterMod add)) {
                    return CompletableFuture.failedFuture(cause);
                }
                modifies.add(add.createBuilder().setCommand(OFMeterModCommand.MODIFY).build());
            }
            return session.send(modifies);
        });
    }

    /**
     * Deletes meters no flow names any more (per-port meters of ports that are gone); only after the flows that named
     * them are gone, since deleting a meter deletes its flows.
     */
    public static CompletableFuture<Void> deleteMeters(SwitchSession session, List<Meters.Spec> meters) {
        if (meters.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        OFFactory factory = session.factory();
        return session.send(meters.stream()
                .<OFMessage>map(spec -> MeterTranslator.meterMod(factory, spec, OFMeterModCommand.DELETE)).toList());
    }

    /**
     * Reads every flow of the switch. If the switch holds something Loxi cannot parse (the
     * whole reply is then unreadable), falls back to reading only our cookies and deleting
     * every other owner's flows by cookie mask. The reply is translated on {@code parseOn}, not on the
     * Netty event loop that delivered it (a switch with 100,000 flows takes a while).
     */
    public static CompletableFuture<Installed> readInstalled(SwitchSession session, Executor parseOn) {
        OFFactory factory = session.factory();
        return session.flowStats(statsRequest(factory, 0, 0))
                .thenApplyAsync(entries -> split(session, entries), parseOn)
                .exceptionallyCompose(failure -> {
                    LOG.warn("switch {}: could not read all flows ({}); reading microseg's only and sweeping other owners by cookie",
                            session.dpid(), failure.getMessage());
                    return session.flowStats(statsRequest(factory, Cookie.ownerValue(), Cookie.OWNER_MASK))
                            .thenApplyAsync(entries -> {
                                Installed ours = split(session, entries);
                                return new Installed(ours.ours(), sweepOtherOwners(factory, ours.strayDeletes()), false);
                            }, parseOn);
                });
    }

    private static OFMessage statsRequest(OFFactory factory, long cookie, long mask) {
        return factory.buildFlowStatsRequest()
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(U64.of(cookie))
                .setCookieMask(U64.of(mask))
                .setMatch(factory.buildMatch().build())
                .build();
    }

    private static Installed split(SwitchSession session, List<OFFlowStatsEntry> entries) {
        FlowTranslator translator = new FlowTranslator(session.factory());
        List<FlowEntry> ours = new ArrayList<>(entries.size());
        List<OFMessage> strays = new ArrayList<>();
        for (OFFlowStatsEntry entry : entries) {
            boolean owned = new Cookie(entry.getCookie().getValue()).isOurs();
            if (owned) {
                try {
                    ours.add(translator.fromStats(entry));
                    continue;
                } catch (UnsupportedFlowException | IllegalArgumentException e) {
                    LOG.warn("switch {}: flow with our cookie is not one we write ({}); removing it", session.dpid(), e.getMessage());
                }
            }
            strays.add(deleteStrict(session.factory(), entry));
        }
        if (!strays.isEmpty()) {
            LOG.info("switch {}: {} flow(s) not installed by microseg will be removed", session.dpid(), strays.size());
        }
        return new Installed(ours, strays, true);
    }

    private static OFMessage deleteStrict(OFFactory factory, OFFlowStatsEntry entry) {
        return factory.buildFlowDeleteStrict()
                .setTableId(entry.getTableId())
                .setPriority(entry.getPriority())
                .setMatch(entry.getMatch())
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
    }

    private static List<OFMessage> sweepOtherOwners(OFFactory factory, List<OFMessage> alsoDelete) {
        List<OFMessage> out = new ArrayList<>(alsoDelete);
        for (long owner = 0; owner < 256; owner++) {
            if (owner == Cookie.OWNER) {
                continue;
            }
            out.add(factory.buildFlowDelete()
                    .setTableId(TableId.ALL)
                    .setOutPort(OFPort.ANY)
                    .setOutGroup(OFGroup.ANY)
                    .setCookie(U64.of(owner << 56))
                    .setCookieMask(U64.of(Cookie.OWNER_MASK))
                    .setMatch(factory.buildMatch().build())
                    .build());
        }
        return out;
    }
}
