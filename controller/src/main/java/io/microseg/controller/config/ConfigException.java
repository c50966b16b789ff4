package io.microseg.controller.config;

/** A configuration problem; the message names the key and what was expected. The daemon exits with code 2. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
