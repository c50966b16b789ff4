package io.microseg.flowrules.policy;

import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import java.util.Objects;

/** Where a workload attaches: the switch and its port. */
public record WorkloadLocation(DatapathId datapath, PortNumber port) {

    public WorkloadLocation {
        Objects.requireNonNull(datapath, "datapath");
        Objects.requireNonNull(port, "port");
    }

    public static WorkloadLocation of(DatapathId datapath, PortNumber port) {
        return new WorkloadLocation(datapath, port);
    }

    @Override
    public String toString() {
        return datapath + "/" + port;
    }
}
