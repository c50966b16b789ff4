package io.microseg.rest;

import java.nio.file.Path;
import java.util.Map;

/** A server in its own JVM for {@link KillTest}: prints its port, then serves until killed. */
public final class KillTarget {

    private KillTarget() {
    }

    public static void main(String[] args) throws InterruptedException {
        RestServer server = RestServer.start(RestConfig.of(Path.of(args[0]), Map.of()).withAddress("127.0.0.1", 0)
                .withAdminToken(ServerFixture.ADMIN), ModelListener.NONE, NetworkStatusSource.NONE,
                RestServer.newMeterRegistry());
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
