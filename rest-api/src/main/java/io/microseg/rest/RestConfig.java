package io.microseg.rest;

import io.microseg.rest.auth.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the API listens: address and port (default {@code 127.0.0.1:8181}; port 0 picks a free one), the
 * data directory holding the store and the generated admin token, the admin token from {@code MICROSEG_TOKEN},
 * optional TLS, the body size limit and how long {@code ?wait=true} waits.
 */
public record RestConfig(String address, int port, Path dataDir, Optional<String> adminToken, Optional<Tls> tls,
        int maxBodyBytes, Duration waitTimeout) {

    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8181;
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(60);

    public RestConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(waitTimeout, "waitTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
    }

    /** TLS from a PKCS12 keystore. */
    public record Tls(Path keystore, String password) {
        public Tls {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + "]";
        }
    }

    /** Defaults, with the admin token from {@code MICROSEG_TOKEN} if the environment sets it. */
    public static RestConfig of(Path dataDir) {
        return of(dataDir, System.getenv());
    }

    public static RestConfig of(Path dataDir, Map<String, String> environment) {
        return new RestConfig(DEFAULT_ADDRESS, DEFAULT_PORT, dataDir,
                Optional.ofNullable(environment.get(Tokens.ENVIRONMENT_VARIABLE)).filter(token -> !token.isBlank()),
                Optional.empty(), DEFAULT_MAX_BODY_BYTES, DEFAULT_WAIT_TIMEOUT);
    }

    public RestConfig withAddress(String newAddress, int newPort) {
        return new RestConfig(newAddress, newPort, dataDir, adminToken, tls, maxBodyBytes, waitTimeout);
    }

    public RestConfig withAdminToken(String token) {
        return new RestConfig(address, port, dataDir, Optional.of(token), tls, maxBodyBytes, waitTimeout);
    }

    public RestConfig withTls(Tls newTls) {
        return new RestConfig(address, port, dataDir, adminToken, Optional.of(newTls), maxBodyBytes, waitTimeout);
    }

    public RestConfig withMaxBodyBytes(int limit) {
        return new RestConfig(address, port, dataDir, adminToken, tls, limit, waitTimeout);
    }

    public RestConfig withWaitTimeout(Duration timeout) {
        return new RestConfig(address, port, dataDir, adminToken, tls, maxBodyBytes, timeout);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "RestConfig[" + address + ":" + port + ", dataDir=" + dataDir + ", adminToken="
                + (adminToken.isPresent() ? "(set)" : "(none)") + ", tls=" + tls + ", maxBodyBytes=" + maxBodyBytes
                + ", waitTimeout=" + waitTimeout + "]";
    }
}
