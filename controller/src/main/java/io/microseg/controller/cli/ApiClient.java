package io.microseg.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * JSON over HTTP to {@code /api/v1} with the bearer token. Every call answers an {@link ApiReply}, whatever its
 * status; only an unreachable server throws ({@link CliFailure} saying how to start the controller).
 */
final class ApiClient {

    /** Longer than the server's 60 s {@code ?wait=true} limit, so that it answers first. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final Connection connection;
    private final HttpClient http;

    ApiClient(Connection connection) {
        this.connection = connection;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    Connection connection() {
        return connection;
    }

    /** {@code /api/v1/} followed by the segments, each percent-encoded. */
    static String path(String... segments) {
        return "/api/v1/" + Stream.of(segments).map(ApiClient::encode).collect(Collectors.joining("/"));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    ApiReply get(String path) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    ApiReply delete(String path) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody());
    }

    ApiReply put(String path, JsonNode body) {
        return send("PUT", path, json(body));
    }

    ApiReply post(String path, JsonNode body) {
        return send("POST", path, json(body));
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        try {
            return HttpRequest.BodyPublishers.ofString(Output.JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    private ApiReply send(String method, String path, HttpRequest.BodyPublisher body) {
        URI uri = connection.server().resolve(path.startsWith("/") ? path.substring(1) : path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").method(method, body);
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.header("Content-Type", "application/json");
        }
        connection.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        String what = method + " " + path;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiReply(what, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliFailure(List.of(
                    "error: cannot reach the controller at " + connection.server() + " ("
                            + (e instanceof HttpConnectTimeoutException ? "connect timed out"
                                    : e.getMessage() == null ? "connection refused" : e.getMessage()) + ")",
                    "is the controller running? ./microseg controller   (or point --server / $"
                            + Connection.SERVER_VARIABLE + " at it)"));
        } catch (IOException e) {
            throw new CliFailure("error: " + what + " to " + connection.server() + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("error: interrupted during " + what);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
