package dev.lanes.ui.dashboard;

import dev.lanes.coordinate.CoordinationSnapshot;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.RepositorySnapshot;
import dev.lanes.ui.common.UiTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the coordination check of the lanes off the FX thread, one at a time: a request made while one runs is
 * kept (the latest wins) and run once it ended. Each result, rows of the dashboard included, is handed to the
 * listener on the FX thread in one go. Call it on the FX thread.
 */
public final class LaneMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(LaneMonitor.class);

    /**
     * One check: the listing it started from, what the coordinator found (null if it failed), the rows, and for
     * each lane sharing files with others the tabs' note on it (all made off the FX thread).
     */
    public record Result(RepositorySnapshot snapshot, CoordinationSnapshot coordination, List<LaneRow> rows,
                         java.util.Map<java.nio.file.Path, String> overlapNotes) {

        static Result of(RepositorySnapshot snapshot, CoordinationSnapshot coordination) {
            List<LaneRow> rows = LaneRow.facts(snapshot, coordination);
            java.util.Map<java.nio.file.Path, String> notes = new java.util.LinkedHashMap<>();
            for (LaneRow r : rows) {
                if (!r.shared().isEmpty()) {
                    notes.put(r.path(), r.sharedTooltip());
                }
            }
            return new Result(snapshot, coordination, rows, java.util.Collections.unmodifiableMap(notes));
        }
    }

    private final UiTasks tasks;
    private final Function<RepositoryInfo, CoordinationSnapshot> check;
    private final Supplier<RepositoryInfo> current;
    private final Consumer<Result> listener;
    private boolean running;
    private RepositorySnapshot pending;
    private Result latest;

    /**
     * @param check    reads the lanes of a repository (blocks; runs on a background thread)
     * @param current  the repository open now: results of another are dropped
     * @param listener told of each result, on the FX thread
     */
    public LaneMonitor(UiTasks tasks, Function<RepositoryInfo, CoordinationSnapshot> check, Supplier<RepositoryInfo> current,
                       Consumer<Result> listener) {
        this.tasks = Objects.requireNonNull(tasks);
        this.check = Objects.requireNonNull(check);
        this.current = Objects.requireNonNull(current);
        this.listener = Objects.requireNonNull(listener);
    }

    /** Checks the lanes of {@code snapshot}'s repository: now, or after the check that runs now. */
    public void request(RepositorySnapshot snapshot) {
        if (running) {
            pending = snapshot;
            return;
        }
        start(snapshot);
    }

    private void start(RepositorySnapshot snapshot) {
        running = true;
        RepositoryInfo repo = snapshot.repository();
        // quiet: checks repeat on their own (every 10 s while sessions run); the status bar would flicker
        tasks.runQuietly("Checking the lanes for overlaps and conflicts", () -> {
            CoordinationSnapshot c = check.apply(repo);
            return Result.of(snapshot, c);
        }, this::finished, e -> {
            LOG.warn("Could not check the lanes for overlaps: {}", e.toString());
            // the rows still show the lanes and their sessions, without what the check would have said
            finished(Result.of(snapshot, null));
        });
    }

    private void finished(Result result) {
        running = false;
        RepositorySnapshot next = pending;
        pending = null;
        if (result.snapshot().repository().equals(current.get())) {
            latest = result;
            listener.accept(result);
        }
        if (next != null) {
            start(next);
        }
    }

    /** The last result for the open repository, or null. */
    public Result latest() {
        Result r = latest;
        return r != null && r.snapshot().repository().equals(current.get()) ? r : null;
    }

    /** Whether a check runs now. */
    public boolean isRunning() {
        return running;
    }
}
