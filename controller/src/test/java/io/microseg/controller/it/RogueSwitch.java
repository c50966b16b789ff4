package io.microseg.controller.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * An attacker that reached the OpenFlow port: a plain socket that speaks just enough OpenFlow
 * 1.3 (HELLO, FEATURES_REPLY with someone else's dpid, an empty PORT_DESC reply, echoes) to claim a dpid,
 * and records everything the controller sends it.
 */
final class RogueSwitch implements AutoCloseable {
    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final long dpid;
    final List<OFMessage> received = new ArrayList<>();

    private RogueSwitch(Socket socket, long dpid) throws IOException {
        this.socket = socket;
        this.dpid = dpid;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RogueSwitch connect(int port, long dpid) throws IOException {
        RogueSwitch rogue = new RogueSwitch(new Socket("127.0.0.1", port), dpid);
        rogue.send(rogue.factory.buildHello().setXid(1).build());
        return rogue;
    }

    /** Plays the switch until the controller closes the connection (true) or {@code max} passes (false). */
    boolean playUntilClosed(Duration max) throws IOException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            OFMessage message;
            try {
                message = read();
            } catch (SocketTimeoutException e) {
                return false;
            } catch (EOFException | SocketException e) {
                return true;
            }
            received.add(message);
            if (message instanceof OFFeaturesRequest request) {
                send(factory.buildFeaturesReply().setXid(request.getXid()).setDatapathId(DatapathId.of(dpid))
                        .setNBuffers(0).setNTables((short) 254).build());
            } else if (message instanceof OFPortDescStatsRequest request) {
                send(factory.buildPortDescStatsReply().setXid(request.getXid()).setEntries(List.of()).build());
            } else if (message instanceof OFEchoRequest echo) {
                send(factory.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
            }
        }
        return false;
    }

    private OFMessage read() throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] frame = new byte[length];
        System.arraycopy(header, 0, frame, 0, 8);
        in.readFully(frame, 8, length - 8);
        try {
            return OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(frame));
        } catch (OFParseError e) {
            throw new IOException("cannot parse what the controller sent", e);
        }
    }

    private void send(OFMessage message) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        message.writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
