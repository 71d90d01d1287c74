package dev.lanes.ui.common;

import dev.lanes.task.TaskHandle;
import dev.lanes.task.TaskRunner;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The UI's door to the {@link TaskRunner}: work runs in the background, results come back on the FX
 * thread, and a failure without a handler of its own always reaches the person through the
 * {@link ErrorReporter}. It also exposes what is running, for the status bar.
 */
public final class UiTasks {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UiTasks.class);

    private final TaskRunner runner;
    private final ErrorReporter errors;
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper current = new ReadOnlyStringWrapper("");
    private final List<TaskHandle> active = new ArrayList<>();
    /** Work that does not show in the busy indicator (a check repeated in the background). */
    private final java.util.Set<TaskHandle> quiet = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    public UiTasks(TaskRunner runner, ErrorReporter errors) {
        this.runner = runner;
        this.errors = errors;
        runner.setListener(new TaskRunner.Listener() {
            @Override
            public void started(TaskHandle task) {
                if (!quiet.contains(task)) {
                    active.add(task);
                    update();
                }
            }

            @Override
            public void finished(TaskHandle task) {
                if (!quiet.remove(task)) {
                    active.remove(task);
                    update();
                }
            }
        });
    }

    private void update() {
        running.set(active.size());
        current.set(active.isEmpty() ? "" : active.get(active.size() - 1).title() + "…");
    }

    /** Runs work; a failure is shown to the person with {@code title} as what was being done. */
    public <T> TaskHandle run(String title, Callable<T> work, Consumer<? super T> onSuccess) {
        return runner.run(title, work, reported(title, onSuccess), e -> errors.report(title, e));
    }

    public <T> TaskHandle run(String title, Callable<T> work, Consumer<? super T> onSuccess,
                              Consumer<? super Throwable> onFailure) {
        return runner.run(title, work, reported(title, onSuccess), onFailure);
    }

    /**
     * {@code onSuccess}, with what it throws told to the person as a failure of {@code title}: a result that
     * could not be shown (a dialog that failed to load, say) must not end in the log alone, with nothing on screen.
     */
    private <T> Consumer<T> reported(String title, Consumer<? super T> onSuccess) {
        return result -> {
            try {
                onSuccess.accept(result);
            } catch (RuntimeException e) {
                LOG.error("Could not show the result of '{}'", title, e);
                errors.report(title, e);
            }
        };
    }

    /**
     * As {@link #run(String, Callable, Consumer, Consumer)}, without showing in the busy indicator:
     * for work the person did not ask for and repeats on its own (the lanes checked every 10 s
     * while sessions run), which would make the status bar flicker. Call on the callback thread.
     */
    public <T> TaskHandle runQuietly(String title, Callable<T> work, Consumer<? super T> onSuccess,
                                     Consumer<? super Throwable> onFailure) {
        TaskHandle handle = runner.run(title, work, reported(title, onSuccess), onFailure);
        // its start is told on the callback thread, after this returns in the app; a runner that
        // runs everything at once (tests) told it already, and maybe its end too
        if (active.remove(handle)) {
            update();
        }
        if (!handle.isDone()) {
            quiet.add(handle);
        }
        return handle;
    }

    public ErrorReporter errors() {
        return errors;
    }

    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** Where failures go: a dialog for what the person asked for, the status bar for the rest. */
    public interface ErrorReporter {
        void report(String whatFailed, Throwable error);
    }
}
