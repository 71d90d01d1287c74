package dev.lanes.task;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs of several agent sessions kept in the store (an investigation and its questions, a
 * pipeline and its stages), as their owners tell of them: listeners hear every change, and
 * {@link #whenEnded} completes once a run that is going on now ends. Thread-safe.
 *
 * @param <T> a run, read from the store
 * @param <P> its parts (questions, stages)
 */
public final class Watched<T, P> {

    private static final Logger LOG = LoggerFactory.getLogger(Watched.class);

    /** Told of every change of a run, with its parts as they are now. */
    public interface Listener<T, P> {
        void changed(T run, List<P> parts);
    }

    private final String what;
    private final java.util.function.LongFunction<Optional<T>> run;
    private final java.util.function.LongFunction<List<P>> parts;
    private final java.util.function.Predicate<T> ended;
    private final List<Listener<T, P>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<T>> going = new ConcurrentHashMap<>();

    /**
     * @param what  the runs' name, for messages ("investigation")
     * @param run   reads a run from the store
     * @param parts reads a run's parts from the store
     * @param ended whether a run has ended
     */
    public Watched(String what, java.util.function.LongFunction<Optional<T>> run,
                   java.util.function.LongFunction<List<P>> parts, java.util.function.Predicate<T> ended) {
        this.what = what;
        this.run = run;
        this.parts = parts;
        this.ended = ended;
    }

    public void addListener(Listener<T, P> l) {
        listeners.add(l);
    }

    public void removeListener(Listener<T, P> l) {
        listeners.remove(l);
    }

    /** The run {@code id} is going on now (started, or resumed). */
    public void going(long id) {
        going.put(id, new CompletableFuture<>());
    }

    /** Whether the run is going on in this Lanes (else, if the store says it runs, it was interrupted). */
    public boolean isGoing(long id) {
        return going.containsKey(id);
    }

    /** Completes with the run once it ended; at once when it is not going on now. */
    public CompletableFuture<T> whenEnded(long id) {
        CompletableFuture<T> f = going.get(id);
        if (f != null) {
            return f.copy();
        }
        return run.apply(id).map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalArgumentException("No " + what + " " + id + ".")));
    }

    /** Tells the listeners of the run as the store has it now, and completes {@link #whenEnded} if it ended. */
    public void fire(long id) {
        Optional<T> now = run.apply(id);
        if (now.isEmpty()) {
            return;
        }
        List<P> partsNow = parts.apply(id);
        for (Listener<T, P> l : listeners) {
            try {
                l.changed(now.get(), partsNow);
            } catch (RuntimeException e) {
                LOG.warn("A listener of {} {} failed", what, id, e);
            }
        }
        if (ended.test(now.get())) {
            CompletableFuture<T> f = going.remove(id);
            if (f != null) {
                f.complete(now.get());
            }
        }
    }
}
