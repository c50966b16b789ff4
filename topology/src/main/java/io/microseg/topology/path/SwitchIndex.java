package io.microseg.topology.path;

import io.microseg.topology.DatapathId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Numbers switches 0..n-1 in datapath id order, so searches run on arrays and "lowest index" means "lowest dpid". */
final class SwitchIndex {
    private final List<DatapathId> ids;
    private final Map<DatapathId, Integer> positions;

    private SwitchIndex(List<DatapathId> ids) {
        this.ids = ids;
        this.positions = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            positions.put(ids.get(i), i);
        }
    }

    static SwitchIndex of(Collection<DatapathId> dpids) {
        return new SwitchIndex(dpids.stream().distinct().sorted().toList());
    }

    int size() {
        return ids.size();
    }

    DatapathId id(int position) {
        return ids.get(position);
    }

    /** The position of {@code dpid}, or -1 when it is not a switch of this index. */
    int indexOf(DatapathId dpid) {
        Integer position = positions.get(dpid);
        return position == null ? -1 : position;
    }

    boolean sameSwitchesAs(SwitchIndex other) {
        return ids.equals(other.ids);
    }
}
