package io.microseg.rest.dto;

/** {@code POST /sightings/{namespace}/{name}/confirm}: {@code {"dpid":"00:00:00:00:00:00:00:01","port":2}}. */
public record ConfirmSightingDto(String dpid, Long port) {
}
