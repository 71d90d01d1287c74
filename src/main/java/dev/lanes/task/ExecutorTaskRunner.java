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

    private final ExecutorService pool;
    private final Executor callbacks;
    private volatile Listener listener;

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
            });
            return null;
        });
        return handle;
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
