package io.microseg.controller.cli;

import java.util.List;

/** The server refused the request, or could not be reached (exit code 1); the lines say why and what to do. */
final class CliFailure extends RuntimeException {

    private final transient List<String> lines;

    CliFailure(List<String> lines) {
        super(String.join("\n", lines));
        this.lines = List.copyOf(lines);
    }

    CliFailure(String line) {
        this(List.of(line));
    }

    List<String> lines() {
        return lines;
    }
}
