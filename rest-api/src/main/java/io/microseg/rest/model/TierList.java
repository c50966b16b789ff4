package io.microseg.rest.model;

import io.microseg.flowrules.policy.Tier;
import java.util.List;

/** The model value of the tiers object: the whole list of tiers. */
public record TierList(List<Tier> tiers) {

    public TierList {
        tiers = List.copyOf(tiers);
    }
}
