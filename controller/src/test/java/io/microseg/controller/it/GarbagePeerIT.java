package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.DatapathId;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A peer that sends garbage loses its own connection; a real bridge on the same controller carries on. */
class GarbagePeerIT {

    @Test
    void garbageClosesOnlyThatConnection() throws Exception {
        try (InProcessController controller = InProcessController.start();
             Bridge bridge = Bridge.create(controller.port(), "OpenFlow13,OpenFlow14")) {
            controller.awaitSwitch(bridge.dpid);
            try (Socket peer = new Socket("127.0.0.1", controller.port())) {
                peer.setSoTimeout(10_000);
                OutputStream out = peer.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = peer.getInputStream();
                byte[] buffer = new byte[1024];
                int total = 0;
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    total += n; // our HELLO, then end of stream when the controller closes us
                }
                assertThat(n).isEqualTo(-1);
                assertThat(total).isEqualTo(16); // exactly one HELLO with a version bitmap
            }
            try (Socket truncated = new Socket("127.0.0.1", controller.port())) {
                truncated.getOutputStream().write(new byte[] {4, 0, 0, 8}); // half a header, then gone
            }
            assertThat(controller.registry.get(DatapathId.of(bridge.dpid))).isPresent();
            controller.pushAndWait(bridge.dpid, Flows.withBaseline(10));
            assertThat(bridge.flows()).hasSize(11);
        }
    }
}
