package dev.lanes.lane;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Named resources that one lane holds at a time ("database", "port 5432", "staging"): a session
 * that needs some waits until it holds them all, keeps them while it runs, and gives them back
 * when it ends; the next in line gets them in the order they asked.
 *
 * <p>A session asks for all its resources at once and gets them one by one in name order, keeping
 * those it has while it waits for the next: as every session takes them in the same order, two
 * sessions never wait for each other. Names compare without case. Thread-safe; futures complete
 * and listeners run outside the lock, on the thread that released (or asked).
 */
public final class LaneResources {

    /** Longest name accepted. */
    public static final int MAX_NAME = 64;

    /** Who holds or waits: a session, in a lane (worktree), with a name to show. */
    public record Holder(long sessionId, Path worktree, String label) {
        public Holder {
            Objects.requireNonNull(worktree, "worktree");
            Objects.requireNonNull(label, "label");
        }
    }

    /** One resource now: who holds it (null if no one does) and who waits, first in line first. */
    public record State(String name, Holder holder, List<Holder> waiting) {
        public State {
            waiting = List.copyOf(waiting);
        }
    }

    private static final class Request {
        final Holder holder;
        final List<String> names;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int next;

        Request(Holder holder, List<String> names) {
            this.holder = holder;
            this.names = names;
        }
    }

    private static final class Resource {
        final String name;
        Holder holder;
        final ArrayDeque<Request> queue = new ArrayDeque<>();

        Resource(String name) {
            this.name = name;
        }
    }

    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Called after every change (a resource taken, given back, waited for). */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /**
     * The names as a session keeps them: trimmed, blank ones and repeats (without case) left out,
     * in name order.
     *
     * @throws IllegalArgumentException with a sentence for the person, for a name too long or with a line break
     */
    public static List<String> normalize(Collection<String> names) {
        TreeSet<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String raw : names) {
            String name = raw == null ? "" : raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.length() > MAX_NAME) {
                throw new IllegalArgumentException("A resource's name has at most " + MAX_NAME + " characters: “"
                        + name.substring(0, 20) + "…” is longer.");
            }
            if (name.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("A resource's name is one line of text without control characters.");
            }
            seen.add(name);
        }
        return List.copyOf(seen);
    }

    /** Splits what a person typed ("database, redis") into names, see {@link #normalize}. */
    public static List<String> parse(String text) {
        return normalize(List.of(text == null ? new String[0] : text.split("[,;\\n]")));
    }

    /**
     * Asks for {@code names} for {@code holder}'s session; completes once it holds them all (at once
     * if no other session holds any). Fails with a {@link CancellationException} if the session
     * gives up first ({@link #release}).
     */
    public CompletableFuture<Void> acquire(Holder holder, Collection<String> names) {
        Request request = new Request(holder, normalize(names));
        boolean done;
        synchronized (this) {
            done = advance(request);
        }
        if (done) {
            request.done.complete(null);
        }
        fire();
        return request.done;
    }

    /** Whether the session holds every one of {@code names} now. */
    public synchronized boolean holdsAll(long sessionId, Collection<String> names) {
        for (String name : normalize(names)) {
            Resource r = resources.get(key(name));
            if (r == null || r.holder == null || r.holder.sessionId() != sessionId) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gives back everything the session holds, and withdraws what it waits for (its future fails
     * with a {@link CancellationException}); the next in line get what it held. Returns whether it
     * held or waited for anything.
     */
    public boolean release(long sessionId) {
        List<Request> granted = new ArrayList<>();
        List<Request> withdrawn = new ArrayList<>();
        boolean held = false;
        synchronized (this) {
            for (Resource r : resources.values()) {
                r.queue.removeIf(q -> {
                    if (q.holder.sessionId() == sessionId) {
                        withdrawn.add(q);
                        return true;
                    }
                    return false;
                });
            }
            for (Resource r : resources.values()) {
                if (r.holder != null && r.holder.sessionId() == sessionId) {
                    held = true;
                    r.holder = null;
                    handOn(r, granted);
                }
            }
            resources.values().removeIf(r -> r.holder == null && r.queue.isEmpty());
        }
        withdrawn.forEach(q -> q.done.completeExceptionally(new CancellationException("no longer waiting")));
        granted.forEach(q -> q.done.complete(null));
        if (held || !withdrawn.isEmpty()) {
            fire();
        }
        return held || !withdrawn.isEmpty();
    }

    /** Every resource held or waited for now, by name. */
    public synchronized List<State> states() {
        List<State> out = new ArrayList<>();
        for (Resource r : resources.values()) {
            out.add(new State(r.name, r.holder, r.queue.stream().map(q -> q.holder).toList()));
        }
        return out;
    }

    /** What the session waits for now (the resource, with who holds it), if it waits. */
    public synchronized Optional<State> waitingFor(long sessionId) {
        for (Resource r : resources.values()) {
            if (r.queue.stream().anyMatch(q -> q.holder.sessionId() == sessionId)) {
                return Optional.of(new State(r.name, r.holder, r.queue.stream().map(q -> q.holder).toList()));
            }
        }
        return Optional.empty();
    }

    /** The names the session holds now. */
    public synchronized List<String> held(long sessionId) {
        return resources.values().stream().filter(r -> r.holder != null && r.holder.sessionId() == sessionId)
                .map(r -> r.name).toList();
    }

    // ---------------------------------------------------------------- under the lock

    /** Takes the request's names in order while free; true once it holds them all, else it waits in a queue. */
    private boolean advance(Request request) {
        while (request.next < request.names.size()) {
            String name = request.names.get(request.next);
            Resource r = resources.computeIfAbsent(key(name), k -> new Resource(name));
            if (r.holder == null && r.queue.isEmpty()) {
                r.holder = request.holder;
            } else if (r.holder == null || r.holder.sessionId() != request.holder.sessionId()) {
                r.queue.add(request);
                return false;
            }
            request.next++;
        }
        return true;
    }

    /** Gives a free resource to the first in its line, who then goes on with its next names. */
    private void handOn(Resource r, List<Request> granted) {
        while (r.holder == null && !r.queue.isEmpty()) {
            Request next = r.queue.removeFirst();
            r.holder = next.holder;
            next.next++;
            if (advance(next)) {
                granted.add(next);
            }
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private void fire() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LaneResources.class).warn("A resource listener failed", e);
            }
        }
    }
}
