package io.microseg.controller.cli;

import java.util.List;

/** The manifests cannot be applied: every problem, each naming its file and document (exit code 2). */
final class ManifestException extends RuntimeException {

    private final transient List<String> problems;

    ManifestException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
