package io.microseg.flowrules.pipeline;

import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import java.util.List;

/**
 * The flows every switch has before any policy exists: an explicit drop for whatever matches
 * nothing, so a switch under microseg passes no traffic it was not told to pass.
 */
public final class BaselineFlows {
    public static final int CATEGORY = 0x01;
    public static final int PRIORITY_MISS = 0;

    private BaselineFlows() {
    }

    public static List<FlowEntry> failClosed() {
        return List.of(FlowEntry.of(0, PRIORITY_MISS, FlowMatch.any(), Cookie.of(CATEGORY, 0)));
    }
}
