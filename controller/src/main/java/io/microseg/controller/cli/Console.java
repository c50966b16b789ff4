package io.microseg.controller.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a CLI run may touch: standard streams, the environment, the user's working directory (where relative
 * {@code -f} files and {@code --data-dir} are found) and the directory the JVM was launched in ({@code ./microseg}
 * changes to the repository root, where the controller keeps {@code data/admin.token}).
 */
record Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workDir,
        Path launchDir) {

    /** The system property {@code ./microseg} sets to the directory it was called from. */
    static final String CALLER_DIRECTORY_PROPERTY = "microseg.cli.cwd";

    Console {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        workDir = workDir.toAbsolutePath();
        launchDir = launchDir.toAbsolutePath();
    }

    static Console system() {
        Path launch = Path.of("").toAbsolutePath();
        String caller = System.getProperty(CALLER_DIRECTORY_PROPERTY);
        Path work = caller == null || caller.isBlank() ? launch : Path.of(caller);
        return new Console(System.in, System.out, System.err, System.getenv(), work, launch);
    }

    String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** A path as the user typed it, relative to their working directory. */
    Path resolve(String path) {
        return workDir.resolve(path).normalize();
    }
}
