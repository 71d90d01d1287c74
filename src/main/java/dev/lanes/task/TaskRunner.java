package dev.lanes.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way Lanes runs work off the UI thread. Work runs on a background thread; exactly one of
 * the two callbacks then runs on the callback thread (the FX thread in the app). A same-thread twin,
 * {@link SameThreadTaskRunner}, runs everything inline for tests.
 */
public interface TaskRunner extends AutoCloseable {

    /**
     * Runs {@code work} in the background.
     *
     * @param title     what the work is, for the status bar ("Creating worktree feature/x")
     * @param onSuccess receives the result on the callback thread
     * @param onFailure receives any exception (unwrapped) on the callback thread
     */
    <T> TaskHandle run(String title, Callable<T> work, Consumer<? super T> onSuccess,
                       Consumer<? super Throwable> onFailure);

    /** Told on the callback thread when work starts and ends; for a busy indicator. */
    void setListener(Listener listener);

    @Override
    void close();

    interface Listener {
        void started(TaskHandle task);

        void finished(TaskHandle task);
    }
}
