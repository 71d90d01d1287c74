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

    @Test
    void aResultThatCannotBeShownIsReportedNotOnlyLogged() throws Exception {
        ExecutorService fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        try (ExecutorTaskRunner runner = new ExecutorTaskRunner(2, fx)) {
            java.util.List<String> reported = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            UiTasks tasks = new UiTasks(runner, (what, e) -> reported.add(what + ": " + e.getMessage()));
            fx.submit(() -> {
                tasks.run("Reading branches", () -> "main", b -> {
                    throw new IllegalStateException("the dialog could not load");
                });
                tasks.runQuietly("Checking the lanes", () -> 1, ok -> {
                    throw new IllegalStateException("no table");
                }, e -> reported.add("not a failure of the work"));
            }).get();
            Wait.until("both reported", () -> reported.size() == 2);
            assertEquals(java.util.Set.of("Reading branches: the dialog could not load", "Checking the lanes: no table"),
                    java.util.Set.copyOf(reported));
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
