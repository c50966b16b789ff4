package io.microseg.controller.pki;

import io.microseg.topology.DatapathId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code ./microseg certs}: a CA, the controller's certificate and one certificate per switch for
 * OpenFlow over mutual TLS, made with the JDK's keytool (RSA 2048, signed by the CA); openssl only
 * converts a switch's private key to the PEM file ovs-vswitchd reads. Running it again reuses the CA
 * and the controller keystore already in the directory, so switches can be added later.
 */
public final class CertsMain {
    static final String USAGE = """
            usage: ./microseg certs [--out DIR] [--switch DPID[,DPID...] ...] [--days N]

            Creates (in DIR, default ./pki):
              ca.p12, ca-cert.pem            the CA (keep ca.p12 private: it signs switches)
              controller.p12                 the controller's key and certificate (openflow.tlsKeystore)
              switch-<dpid>-key.pem, switch-<dpid>-cert.pem
                                             per switch, subject CN dpid:<16 hex digits>; on the switch:
                                             ovs-vsctl set-ssl switch-<dpid>-key.pem switch-<dpid>-cert.pem ca-cert.pem
                                             ovs-vsctl set-controller BR ssl:CONTROLLER:6653
            --switch A,B,C: one certificate for several bridges of one ovs-vswitchd (set-ssl is per ovs-vswitchd):
              named switch-<A>-*.pem, CN dpid:<A> and a SAN URI dpid:<hex> for each.
            The keystore password is taken from $MICROSEG_OPENFLOW_TLS_PASSWORD, or generated into
            DIR/password (mode 0600). DPID: 16 hex digits, with or without colons or 0x. --days: validity (default 825).
            """;

    private CertsMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(List.of(args)));
        } catch (IllegalArgumentException e) {
            System.err.println("microseg certs: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (IOException | RuntimeException e) {
            System.err.println("microseg certs: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Runs the command; 0 when done (a bad argument is an IllegalArgumentException). */
    public static int run(List<String> args) throws IOException {
        Path out = Path.of("pki");
        List<List<DatapathId>> switches = new ArrayList<>();
        int days = 825;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    return 0;
                }
                case "--out" -> out = Path.of(value(args, ++i, arg));
                case "--switch" -> {
                    List<DatapathId> dpids = new ArrayList<>();
                    for (String one : value(args, ++i, arg).split(",")) {
                        dpids.add(DatapathId.parse(one));
                    }
                    switches.add(dpids);
                }
                case "--days" -> {
                    try {
                        days = Integer.parseInt(value(args, ++i, arg));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--days: expected a number of days, got '" + args.get(i) + "'");
                    }
                    if (days < 1 || days > 36_500) {
                        throw new IllegalArgumentException("--days: expected 1..36500, got " + days);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        Files.createDirectories(out);
        new Pki(out, password(out), days).make(switches);
        System.out.println("certificates in " + out.toAbsolutePath() + " (controller: openflow.tlsKeystore "
                + out.resolve("controller.p12") + ", openflow.tlsCaCert " + out.resolve("ca-cert.pem") + ")");
        return 0;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static String password(Path out) throws IOException {
        String env = System.getenv("MICROSEG_OPENFLOW_TLS_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        Path file = out.resolve("password");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        System.out.println("generated the keystore password into " + file
                + " (export MICROSEG_OPENFLOW_TLS_PASSWORD=$(cat " + file + ") for the controller)");
        return password;
    }
}
