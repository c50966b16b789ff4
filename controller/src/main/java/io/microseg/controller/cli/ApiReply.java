package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;

/** One HTTP answer: what was asked ({@code PUT /api/v1/...}), the status, content type and body. */
record ApiReply(String request, int status, String contentType, String body) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    boolean isProblem() {
        return contentType.startsWith("application/problem+json");
    }

    /** The body as JSON; a missing node when it is empty or not JSON. */
    JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Output.JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
