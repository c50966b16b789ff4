package io.microseg.controller.it;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Polls a condition on real switches until it holds or a bound passes (then the last failure is thrown). */
final class Eventually {
    private Eventually() {
    }

    static <T> void assertThat(Supplier<T> probe, Consumer<T> check) throws InterruptedException {
        assertThat(Duration.ofSeconds(20), probe, check);
    }

    static <T> void assertThat(Duration bound, Supplier<T> probe, Consumer<T> check) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                check.accept(probe.get());
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }
}
