package dev.lanes.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Ending whole process trees, and recognising a process again after Lanes restarts. */
public final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * SIGTERM to {@code root} and every descendant (taken before anything dies, so orphans are
     * still known), then SIGKILL to the ones still alive after {@code grace}.
     */
    public static void kill(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                p.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // descendants started during the grace period are caught here too
        List<ProcessHandle> late = new ArrayList<>(root.isAlive() ? root.descendants().toList() : List.of());
        late.addAll(tree);
        late.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * The process with this pid, if it is still the one that started at {@code startedAt} (a pid
     * can be reused by an unrelated process after a reboot or a long time).
     */
    public static Optional<ProcessHandle> find(long pid, Instant startedAt) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty() || startedAt == null) {
            return handle;
        }
        Optional<Instant> actual = handle.get().info().startInstant();
        if (actual.isEmpty()) {
            return Optional.empty();
        }
        // the OS reports start times in clock ticks; allow for rounding between two readings
        long diff = Math.abs(Duration.between(actual.get(), startedAt).toMillis());
        return diff <= 1_000 ? handle : Optional.empty();
    }
}
