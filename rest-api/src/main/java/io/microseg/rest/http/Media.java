package io.microseg.rest.http;

import jakarta.ws.rs.core.MediaType;

/** Media types the API reads: JSON everywhere, YAML where a user would paste a file. */
public final class Media {

    public static final String JSON = MediaType.APPLICATION_JSON;
    public static final String YAML = "application/yaml";
    public static final String X_YAML = "application/x-yaml";
    public static final String TEXT_YAML = "text/yaml";
    public static final String TEXT_X_YAML = "text/x-yaml";

    private Media() {
    }
}
