package io.microseg.controller.translate;

import io.microseg.flowrules.pipeline.Meters;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBand;

/** Meter specs of the pipeline as Loxi meter-mods: packets per second, one drop band. */
public final class MeterTranslator {
    private MeterTranslator() {
    }

    public static OFMeterMod meterMod(OFFactory factory, Meters.Spec spec, OFMeterModCommand command) {
        List<OFMeterBand> bands = List.of(factory.meterBands().drop(spec.ratePps(), spec.burstPackets()));
        OFMeterMod.Builder builder = factory.buildMeterMod()
                .setCommand(command)
                .setFlags(Set.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST, OFMeterFlags.STATS))
                .setMeterId(spec.id());
        // OpenFlow 1.3 calls the band list "meters", 1.4 calls it "bands".
        return (factory.getVersion() == OFVersion.OF_13 ? builder.setMeters(bands) : builder.setBands(bands)).build();
    }
}
