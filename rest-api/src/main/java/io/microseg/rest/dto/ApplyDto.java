package io.microseg.rest.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * {@code POST /apply}: objects of any of our kinds to create, update or delete together, as one revision. Each item
 * names its kind (the collection, as in the URL: {@code workloads}), its namespace and name (or lets {@code spec}
 * state them), and either the body a {@code PUT} of it takes ({@code spec}) or {@code delete: true}.
 */
public record ApplyDto(List<ItemDto> items) {

    public ApplyDto {
        items = Nulls.list(items);
    }

    /**
     * One object: {@code {"kind":"workloads","namespace":"prod","name":"web1","spec":{...}}} or
     * {@code {"kind":"policies","name":"old","delete":true,"resourceVersion":"7"}}.
     */
    public record ItemDto(String kind, String namespace, String name, JsonNode spec, Boolean delete,
            @JsonSerialize(using = ResourceVersion.Writer.class) @JsonDeserialize(using = ResourceVersion.Reader.class)
            Long resourceVersion) {

        public boolean isDelete() {
            return Boolean.TRUE.equals(delete);
        }
    }
}
