package io.microseg.rest.dto;

import java.util.List;
import java.util.Map;

/** A Kubernetes label selector: {@code {"matchLabels":{...},"matchExpressions":[{"key","operator","values"}]}}. */
public record SelectorDto(Map<String, String> matchLabels, List<RequirementDto> matchExpressions) {

    public SelectorDto {
        matchLabels = Nulls.map(matchLabels);
        matchExpressions = Nulls.list(matchExpressions);
    }

    /** One {@code matchExpressions} entry. */
    public record RequirementDto(String key, String operator, List<String> values) {
        public RequirementDto {
            values = Nulls.list(values);
        }
    }
}
