package io.microseg.flowrules.flow;

/** A field value with a mask; a full mask means an exact match. The value is normalised under the mask. */
public record MaskedValue(long value, long mask) {

    public MaskedValue {
        value = value & mask;
    }

    public static MaskedValue exact(MatchField field, long value) {
        if ((value & ~field.fullMask()) != 0) {
            throw new IllegalArgumentException(field + " value wider than " + field.bits() + " bits: " + value);
        }
        return new MaskedValue(value, field.fullMask());
    }

    public boolean isExact(MatchField field) {
        return mask == field.fullMask();
    }

    public boolean matches(long candidate) {
        return (candidate & mask) == value;
    }
}
