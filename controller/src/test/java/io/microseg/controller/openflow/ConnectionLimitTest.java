package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** openflow.maxConnections: one connection more than the cap is closed at once; the others are served. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // these tests wait on threads and sockets
class ConnectionLimitTest {

    @Test
    void connectionBeyondTheCapIsClosedAndTheOthersGetTheirHello() throws Exception {
        try (OpenFlowServer server = OpenFlowServer.start(new InetSocketAddress("127.0.0.1", 0), new SwitchRegistry(),
                new OpenFlowServer.Timing(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30)),
                new OpenFlowServer.Limits(2, OFFrameDecoder.DEFAULT_MAX_MULTIPART_BYTES));
             Socket first = new Socket("127.0.0.1", server.port());
             Socket second = new Socket("127.0.0.1", server.port())) {
            assertThat(firstByte(first)).as("HELLO's version byte").isBetween(1, 6);
            assertThat(firstByte(second)).as("HELLO's version byte").isBetween(1, 6);
            try (Socket third = new Socket("127.0.0.1", server.port())) {
                assertThat(firstByte(third)).as("end of stream: closed by the controller").isEqualTo(-1);
            }
            // a slot frees when a connection goes
            second.close();
            int next = -1;
            for (int attempt = 0; attempt < 50 && next == -1; attempt++) {
                try (Socket again = new Socket("127.0.0.1", server.port())) {
                    next = firstByte(again);
                }
                if (next == -1) {
                    Thread.sleep(100);
                }
            }
            assertThat(next).isBetween(1, 6);
        }
    }

    private static int firstByte(Socket socket) throws Exception {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (SocketException e) {
            return -1;
        }
    }
}
