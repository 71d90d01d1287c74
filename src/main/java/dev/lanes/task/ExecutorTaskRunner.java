package dev.lanes.task;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Runs work on a pool of named daemon threads and hands results to a callback executor. */
public final class ExecutorTaskRunner implements TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorTaskRunner.class);

    /** A callback longer than this is logged (debug): on the FX thread it is a frame's budget gone. */
    public static final long CALLBACK_BUDGET_NANOS = 5_000_000;

    private final ExecutorService pool;
    private final Executor callbacks;
    private volatile Listener listener;
    /**
     * Title → {count, longest ns, count over the budget, longest CPU ns, count over the budget in CPU time}, for
     * the callbacks run so far.
     */
    private final java.util.Map<String, long[]> callbackTimes = new java.util.TreeMap<>();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    /**
     * How long the callbacks of work with one title took on the callback thread: wall-clock time, and the CPU time
     * the thread spent in them (without the time it waited for a CPU: on a busy machine the two differ); the CPU
     * figures are -1 where the JVM cannot measure a thread's CPU time.
     */
    public record CallbackTime(String title, long count, long longestNanos, long overBudget, long longestCpuNanos,
                               long cpuOverBudget) {
    }

    /**
     * @param threads   pool size
     * @param callbacks where results are delivered: {@code Platform::runLater} in the app
     */
    public ExecutorTaskRunner(int threads, Executor callbacks) {
        this.pool = Executors.newFixedThreadPool(threads, daemonThreads("lanes-worker"));
        this.callbacks = callbacks;
    }

    /** Named daemon threads that log anything uncaught. */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger ids = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + ids.incrementAndGet());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> LOG.error("Uncaught in {}", thread.getName(), e));
            return t;
        };
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public <T> TaskHandle run(String title, Callable<T> work, Consumer<? super T> onSuccess,
                              Consumer<? super Throwable> onFailure) {
        Handle handle = new Handle(title);
        Listener l = listener;
        if (l != null) {
            callbacks.execute(() -> l.started(handle));
        }
        handle.future = pool.submit(() -> {
            T result = null;
            Throwable error = null;
            try {
                result = work.call();
            } catch (Throwable t) {
                error = unwrap(t);
                LOG.debug("{} failed", title, error);
            }
            T r = result;
            Throwable e = error;
            callbacks.execute(() -> {
                handle.done.set(true);
                // the work is over before its callback runs (which may open a dialog and wait)
                Listener after = listener;
                if (after != null) {
                    after.finished(handle);
                }
                long t0 = System.nanoTime();
                long c0 = CPU_TIME ? THREADS.getCurrentThreadCpuTime() : -1;
                try {
                    if (!handle.cancelled.get()) {
                        if (e == null) {
                            onSuccess.accept(r);
                        } else {
                            onFailure.accept(e);
                        }
                    }
                } catch (RuntimeException callbackError) {
                    LOG.error("Callback of '{}' failed", title, callbackError);
                }
                timed(title, System.nanoTime() - t0, CPU_TIME ? THREADS.getCurrentThreadCpuTime() - c0 : -1);
            });
            return null;
        });
        return handle;
    }

    private void timed(String title, long nanos, long cpuNanos) {
        synchronized (callbackTimes) {
            long[] t = callbackTimes.computeIfAbsent(title, k -> new long[5]);
            t[0]++;
            t[1] = Math.max(t[1], nanos);
            if (nanos > CALLBACK_BUDGET_NANOS) {
                t[2]++;
            }
            t[3] = cpuNanos < 0 ? -1 : Math.max(t[3], cpuNanos);
            if (cpuNanos > CALLBACK_BUDGET_NANOS) {
                t[4]++;
            }
        }
        if (nanos > CALLBACK_BUDGET_NANOS) {
            // a callback that opened a dialog and waited for the person is long too; hence debug, not a warning
            LOG.debug("The callback of '{}' took {} ms on the callback thread", title, nanos / 1_000_000);
        }
    }

    /** How long each title's callbacks took so far (the FX thread's share of background work), by title. */
    public java.util.List<CallbackTime> callbackTimes() {
        synchronized (callbackTimes) {
            return callbackTimes.entrySet().stream()
                    .map(x -> new CallbackTime(x.getKey(), x.getValue()[0], x.getValue()[1], x.getValue()[2],
                            x.getValue()[3], x.getValue()[4])).toList();
        }
    }

    /** Forgets the callback times so far (a benchmark's warm-up). */
    public void clearCallbackTimes() {
        synchronized (callbackTimes) {
            callbackTimes.clear();
        }
    }

    static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("Background work still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Handle implements TaskHandle {
        private final String title;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile Future<?> future;

        Handle(String title) {
            this.title = title;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public void cancel() {
            cancelled.set(true);
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }

        @Override
        public boolean isDone() {
            return done.get();
        }

        @Override
        public String toString() {
            return title;
        }
    }
}
