package dev.lanes.bench;

import javafx.application.Platform;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the headless benchmarks share: JavaFX started on Monocle, calls on the FX thread, medians. */
final class BenchFx {

    private BenchFx() {
    }

    /** Starts JavaFX headless (Monocle, software rendering), as the tests run it; it stays up until {@code Platform.exit()}. */
    static void startHeadless() throws InterruptedException {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        CountDownLatch fx = new CountDownLatch(1);
        Platform.startup(fx::countDown);
        fx.await();
        Platform.setImplicitExit(false);
    }

    /** Runs {@code c} on the FX thread (at once when already on it) and returns its result; 60 s at most. */
    static <T> T onFx(Callable<T> c) {
        if (Platform.isFxApplicationThread()) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double median(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }
}
