package io.microseg.controller.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throwaway CA and certificates made with openssl, for the TLS tests. */
final class TestPki {
    static final String PASSWORD = "it-secret";
    final Path dir;

    TestPki() throws IOException {
        dir = Files.createTempDirectory("microseg-pki");
        Sh.ok("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca-key.pem"),
                "-out", path("ca-cert.pem"), "-days", "2", "-subj", "/CN=microseg test CA");
    }

    Path caCert() {
        return dir.resolve("ca-cert.pem");
    }

    /** A key and a certificate signed by the CA, {@code name-key.pem} and {@code name-cert.pem}. */
    void issue(String name, String commonName) {
        Sh.ok("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", path(name + "-key.pem"),
                "-out", path(name + ".csr"), "-subj", "/CN=" + commonName);
        Sh.ok("openssl", "x509", "-req", "-in", path(name + ".csr"), "-CA", path("ca-cert.pem"), "-CAkey", path("ca-key.pem"),
                "-CAcreateserial", "-out", path(name + "-cert.pem"), "-days", "2");
    }

    /** The controller's PKCS12 keystore (password {@link #PASSWORD}). */
    Path controllerKeystore() {
        issue("controller", "microseg controller");
        Sh.ok("openssl", "pkcs12", "-export", "-in", path("controller-cert.pem"), "-inkey", path("controller-key.pem"),
                "-out", path("controller.p12"), "-passout", "pass:" + PASSWORD);
        return dir.resolve("controller.p12");
    }

    /** Makes ovs-vswitchd use {@code name}'s key and certificate for every ssl: controller target. */
    void useInOvs(String name) {
        Sh.ok("ovs-vsctl", "set-ssl", path(name + "-key.pem"), path(name + "-cert.pem"), path("ca-cert.pem"));
    }

    static void clearOvs() {
        Sh.run("ovs-vsctl", "del-ssl");
    }

    String path(String file) {
        return dir.resolve(file).toString();
    }
}
