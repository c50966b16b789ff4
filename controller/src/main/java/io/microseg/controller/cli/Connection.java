package io.microseg.controller.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the API is and which token to send, from the global options, the environment and the controller's data
 * directory; {@code tokenSource} says where the token came from, for error messages.
 */
record Connection(URI server, Optional<String> token, String tokenSource) {

    static final String DEFAULT_SERVER = "http://127.0.0.1:8181";
    static final String SERVER_VARIABLE = "MICROSEG_SERVER";
    static final String TOKEN_VARIABLE = "MICROSEG_TOKEN";
    static final String TOKEN_FILE = "admin.token";

    /**
     * The server: {@code --server}, else {@code $MICROSEG_SERVER}, else {@value #DEFAULT_SERVER}. The token:
     * {@code --token}, else {@code $MICROSEG_TOKEN}, else {@code DIR/admin.token} for {@code --data-dir DIR}, else
     * {@code data/admin.token} in the working directory (or in the repository root when run by ./microseg).
     */
    static Connection resolve(CommandLine line, Console console) {
        String server = line.value("server").orElseGet(() -> {
            String fromEnv = console.env(SERVER_VARIABLE);
            return fromEnv == null ? DEFAULT_SERVER : fromEnv;
        });
        URI uri = parseServer(server);
        Optional<String> flag = line.value("token");
        if (flag.isPresent()) {
            if (flag.get().isBlank()) {
                throw new UsageException("--token is empty");
            }
            return new Connection(uri, flag, "--token");
        }
        String fromEnv = console.env(TOKEN_VARIABLE);
        if (fromEnv != null) {
            return new Connection(uri, Optional.of(fromEnv.strip()), "$" + TOKEN_VARIABLE);
        }
        Optional<String> dataDir = line.value("data-dir");
        if (dataDir.isPresent()) {
            Path file = console.resolve(dataDir.get()).resolve(TOKEN_FILE);
            if (!Files.exists(file)) {
                throw new UsageException("no " + TOKEN_FILE + " in " + file.getParent()
                        + " (the controller writes it on its first start when no token is configured)");
            }
            return new Connection(uri, Optional.of(readToken(file)), file.toString());
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(console.workDir().resolve("data").resolve(TOKEN_FILE));
        candidates.add(console.launchDir().resolve("data").resolve(TOKEN_FILE));
        for (Path file : candidates) {
            if (Files.exists(file)) {
                return new Connection(uri, Optional.of(readToken(file)), file.toString());
            }
        }
        return new Connection(uri, Optional.empty(), "none");
    }

    static URI parseServer(String text) {
        String trimmed = text.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed + "/");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server must be an http:// or https:// URL such as " + DEFAULT_SERVER
                    + ", not '" + text + "'");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new UsageException("--server must be an http:// or https:// URL such as " + DEFAULT_SERVER
                    + ", not '" + text + "'");
        }
        return uri;
    }

    private static String readToken(Path file) {
        try {
            String token = Files.readString(file).strip();
            if (token.isEmpty()) {
                throw new UsageException(file + " is empty");
            }
            return token;
        } catch (IOException e) {
            throw new UsageException("cannot read the token in " + file + " (" + e.getClass().getSimpleName()
                    + "): run as the user that started the controller, or pass --token");
        }
    }
}
