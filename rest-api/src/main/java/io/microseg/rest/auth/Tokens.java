package io.microseg.rest.auth;

import io.microseg.rest.store.SqliteStore;
import io.microseg.rest.store.StoredToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens: stored as SHA-256 hashes, looked up by the hash of what a caller presents. The token from
 * {@code MICROSEG_TOKEN} is an admin token held in memory only. If there is neither, the first start generates an
 * admin token into {@code <data-dir>/admin.token} (mode 0600). Secrets are never logged.
 */
public final class Tokens {

    public static final String ENVIRONMENT_VARIABLE = "MICROSEG_TOKEN";
    public static final String ADMIN_TOKEN_FILE = "admin.token";
    public static final String ENVIRONMENT_TOKEN_NAME = "env";

    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SqliteStore store;
    private final Clock clock;
    private final Map<String, Caller> byHash = new ConcurrentHashMap<>();
    private final Optional<Path> generatedFile;

    private Tokens(SqliteStore store, Clock clock, Optional<String> environmentToken, Path dataDir) {
        this.store = store;
        this.clock = clock;
        store.tokens().forEach(token -> byHash.put(token.sha256(), new Caller(token.name(), Role.parse(token.role()))));
        environmentToken.filter(token -> !token.isBlank())
                .ifPresent(token -> byHash.put(sha256(token), new Caller(ENVIRONMENT_TOKEN_NAME, Role.ADMIN)));
        if (byHash.isEmpty()) {
            generatedFile = Optional.of(generateAdminToken(dataDir));
        } else {
            generatedFile = Optional.empty();
        }
    }

    public static Tokens load(SqliteStore store, Clock clock, Optional<String> environmentToken, Path dataDir) {
        return new Tokens(store, clock, environmentToken, dataDir);
    }

    /** The file an admin token was generated into at this start, if one was. */
    public Optional<Path> generatedFile() {
        return generatedFile;
    }

    /** Who presents this secret, if anyone. */
    public Optional<Caller> authenticate(String secret) {
        return Optional.ofNullable(byHash.get(sha256(secret)));
    }

    /** The stored tokens (names, roles, hashes). */
    public List<StoredToken> list() {
        return store.tokens();
    }

    /** Creates a token; returns its secret, shown once; empty if the name is taken. */
    public Optional<String> create(String name, Role role) {
        String secret = newSecret();
        String hash = sha256(secret);
        if (!store.addToken(new StoredToken(name, role.toString(), hash, clock.instant()))) {
            return Optional.empty();
        }
        byHash.put(hash, new Caller(name, role));
        return Optional.of(secret);
    }

    public boolean remove(String name) {
        boolean removed = store.removeToken(name);
        byHash.values().removeIf(caller -> caller.name().equals(name) && !name.equals(ENVIRONMENT_TOKEN_NAME));
        return removed;
    }

    private Path generateAdminToken(Path dataDir) {
        String secret = newSecret();
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
        store.addToken(new StoredToken("admin", Role.ADMIN.toString(), sha256(secret), clock.instant()));
        byHash.put(sha256(secret), new Caller("admin", Role.ADMIN));
        LOG.warn("no API token configured: generated an admin token into {}", file);
        return file;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "mst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
