package io.microseg.rest.http;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.microseg.rest.dto.ResourceVersion;
import java.util.List;

/**
 * The answer to an accepted write: the model revision in force, what happened to the object (or to each, for a
 * batch), the object as it now is, and, with {@code ?wait=true}, whether and how fast the switches confirmed it.
 */
public record WriteResponse(long revision, String result, Object object, List<Item> items, Applied applied) {

    /** One object of a batch: {@code workloads/prod/web1}, what happened to it, its version now (absent if deleted). */
    public record Item(String object, String result,
            @JsonSerialize(using = ResourceVersion.Writer.class) Long resourceVersion) {
    }

    /**
     * The controller's confirmation of the revision: {@code confirmed} when every affected switch confirmed it,
     * {@code millis} how long the answer waited; {@code error} if it failed or timed out.
     */
    public record Applied(boolean confirmed, long millis, String error) {
    }
}
