package io.microseg.rest.dto;

/**
 * A rule's port match: {@code {"protocol":"TCP","port":443,"endPort":null}}; {@code port} is a number or a port
 * name, absent for every port of the protocol.
 */
public record PortDto(String protocol, Object port, Integer endPort) {
}
