package io.microseg.controller.pki;

import io.microseg.topology.DatapathId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Drives keytool (and openssl for PEM private keys) to make the CA and the certificates in one directory. */
final class Pki {
    private final Path dir;
    private final String password;
    private final int days;
    private final String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    Pki(Path dir, String password, int days) {
        this.dir = dir;
        this.password = password;
        this.days = days;
    }

    void make(List<List<DatapathId>> switches) throws IOException {
        Path ca = dir.resolve("ca.p12");
        if (!Files.exists(ca)) {
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=microseg CA",
                    "-ext", "bc:c", "-validity", String.valueOf(days), "-keystore", ca.toString(), "-storetype", "PKCS12",
                    "-storepass", password);
            keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                    "-file", dir.resolve("ca-cert.pem").toString());
            privateFile(ca);
        }
        Path controller = dir.resolve("controller.p12");
        if (!Files.exists(controller)) {
            signed(controller, "controller", "CN=microseg controller", "san=dns:localhost,ip:127.0.0.1");
        }
        for (List<DatapathId> dpids : switches) {
            String hex = String.format("%016x", dpids.get(0).value());
            Path store = dir.resolve("switch-" + hex + ".p12");
            Files.deleteIfExists(store);
            String san = "san=" + String.join(",", dpids.stream().map(d -> String.format("uri:dpid:%016x", d.value())).toList());
            Path cert = signed(store, "switch", "CN=dpid:" + hex, san);
            Files.move(cert, dir.resolve("switch-" + hex + "-cert.pem"), StandardCopyOption.REPLACE_EXISTING);
            Path key = dir.resolve("switch-" + hex + "-key.pem");
            run(List.of("openssl", "pkcs12", "-in", store.toString(), "-nocerts", "-nodes", "-passin", "pass:" + password,
                    "-out", key.toString()));
            privateFile(key);
            Files.delete(store);
        }
    }

    /** A key pair in {@code store} whose certificate the CA signed; returns that certificate as PEM. */
    private Path signed(Path store, String alias, String dname, String extension) throws IOException {
        Path ca = dir.resolve("ca.p12");
        Path csr = dir.resolve(alias + ".csr");
        Path cert = dir.resolve(alias + "-cert.pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname,
                "-validity", String.valueOf(days), "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", password);
        privateFile(store);
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", password, "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                "-infile", csr.toString(), "-outfile", cert.toString(), "-validity", String.valueOf(days),
                "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext", "eku=serverAuth,clientAuth", "-ext", extension);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", store.toString(), "-storepass", password,
                "-file", dir.resolve("ca-cert.pem").toString());
        keytool("-importcert", "-alias", alias, "-keystore", store.toString(), "-storepass", password, "-file", cert.toString());
        Files.delete(csr);
        return cert;
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(keytool);
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(command.get(0) + " " + command.get(1) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void privateFile(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
