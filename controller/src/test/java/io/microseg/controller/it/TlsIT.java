package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.openflow.SwitchSession;
import io.microseg.controller.openflow.SwitchTls;
import io.microseg.topology.DatapathId;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue 9, attack 5: OpenFlow over mutual TLS with certificates from ./microseg certs; a switch is who its CA-signed certificate says (CN dpid:<16 hex>). */
class TlsIT {
    private static TestPki pki;
    private static SslContext server;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki();
        server = SwitchTls.serverContext(pki.controllerKeystore(), pki.password().toCharArray(), pki.caCert());
    }

    @AfterAll
    static void clear() {
        TestPki.clearOvs();
    }

    @Test
    void bridgeWithACertificateForItsDpidConnectsAndGetsItsFlows() throws Exception {
        long dpid = Bridge.nextDpid();
        pki.issue(dpid);
        pki.useInOvs(dpid);
        try (InProcessController controller = InProcessController.startTls(server);
             Bridge bridge = Bridge.createSsl(controller.port(), "OpenFlow13,OpenFlow14")) {
            assertThat(bridge.dpid).isEqualTo(dpid);
            SwitchSession session = controller.awaitSwitch(bridge.dpid);
            assertThat(session.identity()).hasValueSatisfying(id -> assertThat(id).contains(String.format("dpid:%016x", dpid)));
            Eventually.assertThat(() -> bridge.flowContent(),
                    flows -> assertThat(flows).containsExactly("cookie=0x6d01000000000000, priority=0 actions=drop"));
        }
    }

    @Test
    void oneCertificateNamingTwoDpidsServesBothBridgesOfOneOvsVswitchd() throws Exception {
        long first = Bridge.nextDpid();
        pki.issue(first, first + 1);
        pki.useInOvs(first);
        try (InProcessController controller = InProcessController.startTls(server);
             Bridge a = Bridge.createSsl(controller.port(), "OpenFlow13,OpenFlow14");
             Bridge b = Bridge.createSsl(controller.port(), "OpenFlow13,OpenFlow14")) {
            assertThat(b.dpid).isEqualTo(first + 1);
            controller.awaitSwitch(a.dpid);
            controller.awaitSwitch(b.dpid);
            Eventually.assertThat(() -> b.flowContent(),
                    flows -> assertThat(flows).containsExactly("cookie=0x6d01000000000000, priority=0 actions=drop"));
        }
    }

    @Test
    void bridgeWhoseCertificateNamesAnotherDpidIsRefused() throws Exception {
        long dpid = Bridge.nextDpid();
        long other = dpid ^ 0x5a5a0000L;
        pki.issue(other);
        pki.useInOvs(other);
        try (InProcessController controller = InProcessController.startTls(server);
             Bridge bridge = Bridge.createSsl(controller.port(), "OpenFlow13,OpenFlow14")) {
            // OVS retries every second (max_backoff=1000): several attempts, none accepted
            Thread.sleep(Duration.ofSeconds(5).toMillis());
            assertThat(controller.registry.get(DatapathId.of(bridge.dpid))).isEmpty();
            assertThat(controller.registry.get(DatapathId.of(other))).isEmpty();
            assertThat(controller.registry.all()).isEmpty();
            assertThat(bridge.flows()).isEmpty();
        }
    }

    @Test
    void clientWithoutACertificateIsRefused() throws Exception {
        try (InProcessController controller = InProcessController.startTls(server)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(pki.caCert())) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            int firstByte;
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", controller.port())) {
                socket.setSoTimeout(10_000);
                firstByte = readOrFail(socket);
            }
            // an accepted peer would read the controller's OpenFlow HELLO (first byte: a version, 1..6)
            assertThat(firstByte).as("first byte the client could read").isEqualTo(-1);
            assertThat(controller.registry.all()).isEmpty();
        }
    }

    /** The first byte, or -1 when the connection is refused (handshake failure, alert, end of stream). */
    private static int readOrFail(SSLSocket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }
}
