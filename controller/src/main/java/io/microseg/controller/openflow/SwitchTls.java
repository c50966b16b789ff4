package io.microseg.controller.openflow;

import io.microseg.topology.DatapathId;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;

/**
 * Mutual TLS for OpenFlow: the controller presents the certificate in its PKCS12 keystore and
 * requires every switch to present one signed by the CA; a switch certificate names the one
 * datapath it may be, as its subject CN {@code dpid:<16 hex digits>}.
 */
public final class SwitchTls {
    private static final Pattern DPID_CN = Pattern.compile("dpid:([0-9a-fA-F]{16})");

    private SwitchTls() {
    }

    /** The server context; a bad path, password or file is an {@link IllegalArgumentException} naming the file. */
    public static SslContext serverContext(Path keystore, char[] password, Path caCert) {
        KeyManagerFactory keys;
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("openflow.tlsKeystore " + keystore + ": cannot read the PKCS12 keystore ("
                    + e.getMessage() + "; is the password in the environment variable right?)", e);
        }
        List<X509Certificate> cas = caCertificates(caCert);
        try {
            return SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK)
                    .trustManager(cas.toArray(X509Certificate[]::new)).clientAuth(ClientAuth.REQUIRE)
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot set up OpenFlow TLS: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> caCertificates(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("openflow.tlsCaCert " + caCert + ": no certificate in the file");
            }
            return certs.stream().map(c -> (X509Certificate) c).toList();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("openflow.tlsCaCert " + caCert + ": cannot read a PEM certificate ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The datapath ids a switch certificate is issued for: its subject CN {@code dpid:<16 hex>} and every
     * subject alternative name URI {@code dpid:<16 hex>} (one certificate for the bridges of one ovs-vswitchd,
     * which shares its key material between them).
     */
    public static Set<DatapathId> dpidsOf(X509Certificate certificate) {
        Set<DatapathId> dpids = new TreeSet<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    dpid(String.valueOf(rdn.getValue())).ifPresent(dpids::add);
                }
            }
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() == 2 && Integer.valueOf(6).equals(name.get(0))) { // 6 = uniformResourceIdentifier
                        dpid(String.valueOf(name.get(1))).ifPresent(dpids::add);
                    }
                }
            }
        } catch (InvalidNameException | CertificateParsingException e) {
            return dpids;
        }
        return dpids;
    }

    private static Optional<DatapathId> dpid(String text) {
        Matcher m = DPID_CN.matcher(text);
        return m.matches() ? Optional.of(DatapathId.of(Long.parseUnsignedLong(m.group(1), 16))) : Optional.empty();
    }

    /** The identity a certificate proves, for logs and for comparing two connections: its subject. */
    public static String identityOf(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
