package dev.lanes.ui.common;

import dev.lanes.task.ExecutorTaskRunner;
import dev.lanes.testutil.Wait;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A real task runner; a thread of its own stands in for the FX thread. */
class UiTasksTest {

    @Test
    void quietWorkNeverShowsAsBusyWhileOtherWorkDoes() throws Exception {
        ExecutorService fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        try (ExecutorTaskRunner runner = new ExecutorTaskRunner(2, fx)) {
            UiTasks tasks = new UiTasks(runner, (what, e) -> { });
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch quietDone = new CountDownLatch(1);
            fx.submit(() -> {
                tasks.run("Reading worktrees", () -> release.await(10, TimeUnit.SECONDS), ok -> { });
                tasks.runQuietly("Checking the lanes", () -> release.await(10, TimeUnit.SECONDS), ok -> quietDone.countDown(),
                        e -> { });
            }).get();
            Wait.until("the loud one to show", () -> onFx(fx, () -> tasks.runningProperty().get() == 1
                    && tasks.currentProperty().get().equals("Reading worktrees…")));
            assertEquals(1, onFx(fx, () -> tasks.runningProperty().get()), "the quiet one does not count");
            release.countDown();
            quietDone.await(10, TimeUnit.SECONDS);
            Wait.until("nothing busy", () -> onFx(fx, () -> tasks.runningProperty().get() == 0
                    && tasks.currentProperty().get().isEmpty()));
        } finally {
            fx.shutdownNow();
        }
    }

    private static <T> T onFx(ExecutorService fx, java.util.concurrent.Callable<T> read) {
        try {
            return fx.submit(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
