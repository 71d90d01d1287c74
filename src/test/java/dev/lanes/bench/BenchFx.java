package dev.lanes.bench;

import javafx.application.Platform;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the headless benchmarks share: JavaFX started on Monocle, calls on the FX thread, medians. */
public final class BenchFx {

    private BenchFx() {
    }

    /** Starts JavaFX headless (Monocle, software rendering), as the tests run it; it stays up until {@code Platform.exit()}. */
    public static void startHeadless() throws InterruptedException {
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
    public static <T> T onFx(Callable<T> c) {
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

    public static double median(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }

    /** The {@code p}th percentile of sorted nanosecond values, in milliseconds. */
    public static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Records the interval between FX pulses while it runs; start and stop it on the FX thread. */
    static final class PulseRecorder extends javafx.animation.AnimationTimer {
        final List<Long> intervals = new java.util.ArrayList<>();
        private long last;

        @Override
        public void start() {
            last = 0; // the time while stopped is no pulse interval
            super.start();
        }

        @Override
        public void handle(long now) {
            if (last != 0) {
                intervals.add(now - last);
                if (Boolean.getBoolean("bench.slowFrames") && now - last > 33_000_000) {
                    System.out.printf(java.util.Locale.ROOT, "slow frame: %.1f ms at pulse %d%n", (now - last) / 1e6, intervals.size());
                }
            }
            last = now;
        }

        /** "p50 x ms, p99 y ms, max z ms" of the intervals recorded. */
        String line() {
            long[] sorted = intervals.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format(java.util.Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d pulses)",
                    pct(sorted, 50), pct(sorted, 99), sorted[sorted.length - 1] / 1e6, sorted.length);
        }

        double p99() {
            long[] sorted = intervals.stream().mapToLong(Long::longValue).sorted().toArray();
            return pct(sorted, 99);
        }
    }
}
