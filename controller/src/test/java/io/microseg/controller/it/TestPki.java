package io.microseg.controller.it;

import io.microseg.controller.pki.CertsMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A throwaway CA and certificates made by {@code ./microseg certs} (CertsMain), for the TLS tests. */
final class TestPki {
    final Path dir;

    TestPki() throws IOException {
        dir = Files.createTempDirectory("microseg-pki");
        certs(List.of());
    }

    private void certs(List<String> more) throws IOException {
        var args = new ArrayList<>(List.of("--out", dir.toString(), "--days", "2"));
        args.addAll(more);
        if (CertsMain.run(args) != 0) {
            throw new IOException("certs failed");
        }
    }

    String password() throws IOException {
        return Files.readString(dir.resolve("password")).strip();
    }

    Path caCert() {
        return dir.resolve("ca-cert.pem");
    }

    Path controllerKeystore() {
        return dir.resolve("controller.p12");
    }

    /** A switch key and certificate for {@code dpid} (switch-<hex>-key.pem, switch-<hex>-cert.pem). */
    void issue(long dpid) throws IOException {
        certs(List.of("--switch", String.format("%016x", dpid)));
    }

    /** One certificate for several dpids (CN the first, SAN URIs all), named for the first. */
    void issue(long first, long second) throws IOException {
        certs(List.of("--switch", String.format("%016x,%016x", first, second)));
    }

    /** Makes ovs-vswitchd use the key and certificate issued for {@code dpid} for every ssl: controller target. */
    void useInOvs(long dpid) {
        String hex = String.format("%016x", dpid);
        Sh.ok("ovs-vsctl", "set-ssl", path("switch-" + hex + "-key.pem"), path("switch-" + hex + "-cert.pem"), path("ca-cert.pem"));
    }

    static void clearOvs() {
        Sh.run("ovs-vsctl", "del-ssl");
    }

    String path(String file) {
        return dir.resolve(file).toString();
    }
}
