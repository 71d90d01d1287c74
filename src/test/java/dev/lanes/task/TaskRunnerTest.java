package dev.lanes.task;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskRunnerTest {

    @Test
    void workRunsInTheBackgroundAndResultsOnTheCallbackThread() throws Exception {
        ExecutorService callbackThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        try (ExecutorTaskRunner runner = new ExecutorTaskRunner(2, callbackThread)) {
            AtomicReference<String> workThread = new AtomicReference<>();
            AtomicReference<String> resultThread = new AtomicReference<>();
            AtomicReference<Throwable> error = new AtomicReference<>();
            List<String> events = new ArrayList<>();
            runner.setListener(new TaskRunner.Listener() {
                @Override
                public void started(TaskHandle task) {
                    events.add("start " + task.title());
                }

                @Override
                public void finished(TaskHandle task) {
                    events.add("end " + task.title());
                }
            });
            CountDownLatch done = new CountDownLatch(2);
            runner.run("ok", () -> {
                workThread.set(Thread.currentThread().getName());
                return 42;
            }, r -> {
                resultThread.set(Thread.currentThread().getName() + ":" + r);
                events.add("callback ok");
                done.countDown();
            }, e -> done.countDown());
            runner.run("fails", () -> {
                throw new IOException("disk full");
            }, r -> done.countDown(), e -> {
                error.set(e);
                done.countDown();
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertTrue(workThread.get().startsWith("lanes-worker"));
            assertEquals("fake-fx:42", resultThread.get());
            assertInstanceOf(IOException.class, error.get());
            assertEquals("disk full", error.get().getMessage());
            callbackThread.submit(() -> null).get();
            assertTrue(events.containsAll(List.of("start ok", "end ok", "start fails", "end fails")), events.toString());
            assertTrue(events.indexOf("end ok") < events.indexOf("callback ok"),
                    "the busy indicator goes off before the callback (which may open a dialog): " + events);
        } finally {
            callbackThread.shutdownNow();
        }
    }

    @Test
    void aCancelledTaskCallsNoCallback() throws Exception {
        try (ExecutorTaskRunner runner = new ExecutorTaskRunner(1, Runnable::run)) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<String> called = new AtomicReference<>("none");
            TaskHandle handle = runner.run("slow", () -> {
                started.countDown();
                Thread.sleep(10_000);
                return "late";
            }, r -> called.set("success"), e -> called.set("failure"));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            handle.cancel();
            CountDownLatch after = new CountDownLatch(1);
            runner.run("next", () -> "x", r -> after.countDown(), e -> after.countDown());
            assertTrue(after.await(5, TimeUnit.SECONDS));
            assertEquals("none", called.get());
        }
    }

    @Test
    void theSameThreadTwinRunsInline() {
        SameThreadTaskRunner runner = new SameThreadTaskRunner();
        String caller = Thread.currentThread().getName();
        AtomicReference<String> seen = new AtomicReference<>();
        runner.run("inline", () -> Thread.currentThread().getName(), seen::set, e -> { });
        assertEquals(caller, seen.get());
        AtomicReference<Throwable> error = new AtomicReference<>();
        runner.run("boom", () -> {
            throw new IllegalStateException("boom");
        }, r -> { }, error::set);
        assertEquals("boom", error.get().getMessage());
        assertNotEquals(null, error.get());
    }

    @Test
    void callbackTimesAreKeptByTitle() throws Exception {
        ExecutorService callbackThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-fx"));
        try (ExecutorTaskRunner runner = new ExecutorTaskRunner(1, callbackThread)) {
            CountDownLatch done = new CountDownLatch(3);
            runner.run("quick", () -> 1, r -> done.countDown(), e -> done.countDown());
            runner.run("quick", () -> 2, r -> done.countDown(), e -> done.countDown());
            // a callback that holds its thread past the budget (as a slow FX-thread update would)
            runner.run("slow", () -> 3, r -> {
                long end = System.nanoTime() + 2 * ExecutorTaskRunner.CALLBACK_BUDGET_NANOS;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                done.countDown();
            }, e -> done.countDown());
            assertTrue(done.await(5, TimeUnit.SECONDS));
            callbackThread.submit(() -> null).get(); // the last callback's time recorded
            List<ExecutorTaskRunner.CallbackTime> times = runner.callbackTimes();
            assertEquals(List.of("quick", "slow"), times.stream().map(ExecutorTaskRunner.CallbackTime::title).toList());
            assertEquals(2, times.get(0).count());
            assertEquals(1, times.get(1).overBudget());
            assertTrue(times.get(1).longestNanos() >= 2 * ExecutorTaskRunner.CALLBACK_BUDGET_NANOS, times.toString());
            // the spinning callback used the CPU (where the JVM measures a thread's CPU time)
            assertTrue(times.get(1).longestCpuNanos() > 0 || times.get(1).longestCpuNanos() == -1, times.toString());
            runner.clearCallbackTimes();
            assertTrue(runner.callbackTimes().isEmpty());
        } finally {
            callbackThread.shutdownNow();
        }
    }
}
