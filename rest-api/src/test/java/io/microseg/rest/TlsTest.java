package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS with a PKCS12 keystore: a client that trusts the certificate talks to it; plain HTTP does not. */
class TlsTest {
    private static final String PASSWORD = "changeit-test";

    @TempDir
    Path dir;

    private Path keystore() throws Exception {
        Path file = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "api", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(out).isZero();
        return file;
    }

    @Test
    void servesHttpsWithTheKeystoreCertificate() throws Exception {
        Path p12 = keystore();
        RestConfig config = RestConfig.of(dir.resolve("data"), Map.of()).withAddress("127.0.0.1", 0)
                .withAdminToken("tls-admin").withTls(new RestConfig.Tls(p12, PASSWORD));
        try (RestServer server = RestServer.start(config, (m, r) -> CompletableFuture.completedFuture(null),
                NetworkStatusSource.NONE, RestServer.newMeterRegistry())) {
            assertThat(server.uri().getScheme()).isEqualTo("https");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (FileInputStream in = new FileInputStream(p12.toFile())) {
                trust.load(in, PASSWORD.toCharArray());
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, factory.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> status = client.send(HttpRequest.newBuilder(server.uri().resolve("/api/v1/status"))
                    .header("Authorization", "Bearer tls-admin").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("modelRevision");
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            var http = server.uri().toString().replace("https://", "http://");
            boolean plainWorked;
            try {
                plainWorked = plain.send(HttpRequest.newBuilder(URI.create(http + "healthz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException expected) {
                plainWorked = false;
            }
            assertThat(plainWorked).as("plain HTTP on the TLS port").isFalse();
        }
    }
}
