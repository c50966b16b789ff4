package io.microseg.rest.dto;

import java.util.List;

/** {@code {"cidr":"10.0.0.0/8","except":["10.1.0.0/16"]}}. */
public record IpBlockDto(String cidr, List<String> except) {

    public IpBlockDto {
        except = Nulls.list(except);
    }
}
