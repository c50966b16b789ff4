package io.microseg.flowrules.policy;

/**
 * A model that {@link ModelValidation#validate} found without problems: only it makes one, so whoever holds a
 * {@code ValidatedModel} (the compiler) needs no validation of its own. It carries what the next validation of a
 * model derived from it needs (the index of its workloads by id and address), so that validation checks only the
 * changes. Immutable apart from that index, which is built at most once, on first use.
 */
public final class ValidatedModel {

    /** The empty model, valid. */
    public static final ValidatedModel EMPTY = new ValidatedModel(PolicyModel.empty(), null);

    private final PolicyModel model;
    /** Null until first needed, unless derived from the previous model's index. */
    private WorkloadIndex index;

    ValidatedModel(PolicyModel model, WorkloadIndex index) {
        this.model = model;
        this.index = index;
    }

    public PolicyModel model() {
        return model;
    }

    /** The workloads by id and address: carried from the model this one was derived from, else built now. */
    synchronized WorkloadIndex index() {
        if (index == null) {
            index = WorkloadIndex.of(model);
        }
        return index;
    }

    /** The index if it is built (not building it). */
    synchronized WorkloadIndex indexIfBuilt() {
        return index;
    }

    @Override
    public String toString() {
        return "ValidatedModel[" + model.workloads().size() + " workloads, " + model.policies().size() + " policies]";
    }
}
