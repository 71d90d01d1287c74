package dev.lanes.ui.main;

import dev.lanes.AppServices;
import dev.lanes.bench.BenchFx;
import dev.lanes.bench.CoordinationBench;
import dev.lanes.coordinate.CoordinationSnapshot;
import dev.lanes.model.RepositoryInfo;
import dev.lanes.model.SessionKind;
import dev.lanes.task.ExecutorTaskRunner;
import dev.lanes.testutil.TestRepo;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Issue 6's "no FX-thread work above 5 ms", measured in the whole window rather than the dashboard alone: the
 * main window (headless) over a repository of 20 lanes with 50 changed files each (as {@link CoordinationBench}
 * makes it), a running session in each lane (21 tabs), the dashboard open. Each round asks for a refresh as the
 * window does every 10 s while sessions run: the worktrees are listed, the tree brought up to date, the lanes
 * checked, and the check applied to the tree, the tabs and the dashboard. Reported:
 * <ul>
 *   <li>each background task's callback on the FX thread, by task (timed by the task runner itself);</li>
 *   <li>each pulse's CSS and layout passes (the scene's pre- and post-layout pulse listeners);</li>
 *   <li>a probe: how long a {@code runLater} posted every 2 ms waited. It counts everything the FX thread did,
 *       rendering included (software rendering here, where a GPU would do it), so it is an upper bound.</li>
 * </ul>
 * Not a test. {@code java -cp <test class path> dev.lanes.ui.main.WindowLanesBench [lanes] [rounds]}
 * ({@code -Dbench.files=300} builds the repository faster; the FX side does not depend on it).
 */
public final class WindowLanesBench {

    public static void main(String[] args) throws Exception {
        int laneCount = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Path work = Files.createTempDirectory("lanes-window-bench");
        AppServices services = null;
        try {
            TestRepo repo = CoordinationBench.makeRepo(work, laneCount);
            BenchFx.startHeadless();
            services = AppServices.open(Files.createDirectories(work.resolve("home")), Platform::runLater);
            AppServices s = services;
            MainController c = BenchFx.onFx(() -> {
                Stage stage = new Stage();
                MainWindow window = MainWindow.create(stage, s);
                stage.setWidth(1280);
                stage.setHeight(800);
                stage.show();
                window.controller().openRepository(repo.root(), true);
                return window.controller();
            });
            waitFor("the lanes checked", () -> BenchFx.onFx(() -> c.dashboardUi().coordination() != null
                    && c.dashboardUi().coordination().lanes().size() == laneCount + 1));
            RepositoryInfo info = BenchFx.onFx(() -> c.repositoryProperty().get());
            BenchFx.onFx(() -> {
                for (int i = 0; i < laneCount; i++) {
                    c.sessionsUi().start(info, work.resolve("lanes").resolve("lane-" + i), "agent " + i, SessionKind.COMMAND,
                            List.of("sleep", "600"), Boolean.getBoolean("bench.background"));
                }
                c.openDashboard();
                return null;
            });
            waitFor("the sessions running and the dashboard showing them", () -> BenchFx.onFx(() ->
                    c.dashboardUi().dashboard() != null && c.dashboardUi().dashboard().rows().size() == laneCount + 1
                            && c.dashboardUi().dashboard().rows().stream().filter(r -> !r.sessions().live().isEmpty()).count() == laneCount));

            List<Long> layouts = new ArrayList<>();
            List<Long> layoutsCpu = new ArrayList<>();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] pre = new long[2];
            BenchFx.onFx(() -> {
                c.dashboardUi().dashboard().getScene().addPreLayoutPulseListener(() -> {
                    pre[0] = System.nanoTime();
                    pre[1] = threads.getCurrentThreadCpuTime();
                });
                c.dashboardUi().dashboard().getScene().addPostLayoutPulseListener(() -> {
                    synchronized (layouts) {
                        layouts.add(System.nanoTime() - pre[0]);
                    }
                    synchronized (layoutsCpu) {
                        layoutsCpu.add(threads.getCurrentThreadCpuTime() - pre[1]);
                    }
                });
                return null;
            });
            Probe probe = new Probe();
            ExecutorTaskRunner runner = (ExecutorTaskRunner) services.tasks();
            for (int r = 0; r < 3 + rounds; r++) {
                if (r == 3) { // warm-up over: count from here
                    runner.clearCallbackTimes();
                    System.out.println("measured from " + java.time.LocalTime.now());
                    synchronized (layouts) {
                        layouts.clear();
                    }
                    synchronized (layoutsCpu) {
                        layoutsCpu.clear();
                    }
                    probe.start();
                }
                Instant last = BenchFx.onFx(() -> c.dashboardUi().coordination().takenAt());
                BenchFx.onFx(() -> {
                    // as the window does every 10 s while sessions run (quiet: no busy indicator);
                    // -Dbench.loud=true: as the person's Refresh does
                    if (Boolean.getBoolean("bench.loud")) {
                        c.refresh();
                    } else {
                        c.refreshQuietly();
                    }
                    return null;
                });
                waitFor("round " + r, () -> BenchFx.onFx(() -> {
                    CoordinationSnapshot now = c.dashboardUi().coordination();
                    return now.takenAt().isAfter(last);
                }));
            }
            probe.stop();
            System.out.println("measured until " + java.time.LocalTime.now());
            System.out.printf(Locale.ROOT, "Window with %d lanes × 50 changed files, %d sessions running, dashboard open; "
                    + "%d refreshes; load average %s%n", laneCount + 1, laneCount, rounds, CoordinationBench.loadAverage());
            System.out.println("| FX-thread work | count | longest (wall clock) | over 5 ms | longest (the FX thread's CPU time) | over 5 ms |");
            System.out.println("|---|---|---|---|---|---|");
            for (ExecutorTaskRunner.CallbackTime t : runner.callbackTimes()) {
                System.out.printf(Locale.ROOT, "| callback of '%s' | %d | %.2f ms | %d | %.2f ms | %d |%n", t.title(), t.count(),
                        t.longestNanos() / 1e6, t.overBudget(), t.longestCpuNanos() / 1e6, t.cpuOverBudget());
            }
            if (System.getProperty("bench.shot") != null) { // -Dbench.shot=FILE.png: the window as it is now, to look at
                dev.lanes.ui.FxTestSupport.snapshot(c.dashboardUi().dashboard().getScene(), Path.of(System.getProperty("bench.shot")));
            }
            int[] nodes = BenchFx.onFx(() -> count(c.dashboardUi().dashboard().getScene().getRoot()));
            System.out.printf(Locale.ROOT, "nodes in the window's scene: %d, of which visible %d%n", nodes[0], nodes[1]);
            line("a pulse's CSS and layout passes (wall clock)", layouts);
            line("a pulse's CSS and layout passes (the FX thread's CPU time)", layoutsCpu);
            line("probe: a runLater's wait (all FX work, rendering included)", probe.waits);
            // the same load on the machine without Lanes doing anything: git status in every worktree, as often
            Probe idle = new Probe();
            idle.start();
            List<Path> folders = new ArrayList<>();
            folders.add(repo.root());
            for (int i = 0; i < laneCount; i++) {
                folders.add(work.resolve("lanes").resolve("lane-" + i));
            }
            long t0 = System.nanoTime();
            int parallelism = dev.lanes.coordinate.Coordinator.defaultParallelism(); // as many at once as a check runs
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelism);
            try {
                for (int r = 0; r < rounds; r++) {
                    pool.invokeAll(folders.stream().map(f -> (java.util.concurrent.Callable<Void>) () -> {
                        CoordinationBench.plainStatus(f);
                        return null;
                    }).toList());
                }
            } finally {
                pool.shutdownNow();
            }
            idle.stop();
            line(String.format(Locale.ROOT, "the same probe while only `git status` runs in every worktree, %d times, "
                    + "the window idle (%.1f s)", rounds, (System.nanoTime() - t0) / 1e9), idle.waits);
        } finally {
            if (services != null) {
                services.close();
            }
            Platform.exit();
            CoordinationBench.deleteTree(work);
        }
    }

    /** Posts a {@code runLater} every 2 ms and keeps how long each waited to run. */
    private static final class Probe {
        final List<Long> waits = new ArrayList<>();
        private final AtomicBoolean probing = new AtomicBoolean(true);
        private final Thread thread = new Thread(() -> {
            while (probing.get()) {
                CountDownLatch ran = new CountDownLatch(1);
                long t0 = System.nanoTime();
                Platform.runLater(ran::countDown);
                try {
                    ran.await(10, TimeUnit.SECONDS);
                    synchronized (waits) {
                        waits.add(System.nanoTime() - t0);
                    }
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-probe");

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            probing.set(false);
            thread.join();
        }
    }

    /** {all nodes, nodes shown (they and their parents visible)} under {@code n}. */
    private static int[] count(javafx.scene.Node n) {
        int[] c = {1, n.isVisible() ? 1 : 0};
        if (n instanceof javafx.scene.Parent p) {
            for (javafx.scene.Node child : p.getChildrenUnmodifiable()) {
                int[] k = count(child);
                c[0] += k[0];
                c[1] += n.isVisible() ? k[1] : 0;
            }
        }
        return c;
    }

    private static void line(String what, List<Long> values) {
        long[] v;
        synchronized (values) {
            v = values.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (v.length == 0) {
            return;
        }
        long over = java.util.Arrays.stream(v).filter(x -> x > 5_000_000).count();
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f ms (median %.2f, p99 %.2f) | %d |%n", what, v.length,
                v[v.length - 1] / 1e6, BenchFx.pct(v, 50), BenchFx.pct(v, 99), over);
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
