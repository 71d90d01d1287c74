package dev.lanes.bench;

import dev.lanes.fanout.FanoutEngine;
import dev.lanes.fanout.FanoutItem;
import dev.lanes.fanout.FanoutSpec;
import dev.lanes.fanout.ItemTemplate;
import dev.lanes.settings.Settings;
import dev.lanes.store.Store;
import dev.lanes.ui.common.Themes;
import dev.lanes.ui.fanout.FanoutRunView;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Issue 5's measures of the fan-out view, headless (Monocle, software rendering) as the tests run:
 * <ul>
 *   <li>FX pulse intervals (p50, p99, max) while 100 short items churn through the run view
 *       (-j 8, each item {@code sleep 0.2} then a verification), the real engine and SQLite store,
 *       against the same window idle in the same run;</li>
 *   <li>heap after GC with a run view of 10,000 queued items shown, against the window without it.</li>
 * </ul>
 * Not a test. {@code java -cp <test class path> dev.lanes.bench.FanoutViewBench [rounds]}
 */
public final class FanoutViewBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        BenchFx.startHeadless();
        Path work = Files.createTempDirectory("lanes-fanout-view-bench");
        List<String> rows = new ArrayList<>();
        try {
            Stage stage = BenchFx.onFx(() -> {
                Stage s = new Stage();
                Scene scene = new Scene(new javafx.scene.layout.StackPane(), 1200, 800);
                Themes.apply(scene, Settings.Theme.LIGHT);
                s.setScene(scene);
                s.show();
                return s;
            });
            Path folder = Files.createDirectories(work.resolve("repo"));
            List<String> items = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                Files.writeString(folder.resolve("file " + i + ".txt"), "x");
                items.add("file " + i + ".txt");
            }
            // idle window, same length as a churn round, for comparison
            BenchFx.PulseRecorder idle = new BenchFx.PulseRecorder();
            BenchFx.PulseRecorder churn = new BenchFx.PulseRecorder();
            try (Store store = Store.open(work.resolve("home"))) {
                int warmup = Integer.getInteger("bench.warmup", 1);
                for (int r = -warmup; r < rounds; r++) {
                    BenchFx.PulseRecorder churnRec = r < 0 ? new BenchFx.PulseRecorder() : churn;
                    BenchFx.PulseRecorder idleRec = r < 0 ? new BenchFx.PulseRecorder() : idle;
                    FanoutSpec spec = FanoutSpec.command(folder.toString(), items, List.of("sleep", "0.2"))
                            .withConcurrency(8).withVerify(ItemTemplate.split("test -f {file}"))
                            .withLogFolder(work.resolve("logs").toString());
                    FanoutRunView view = BenchFx.onFx(() -> {
                        FanoutRunView v = new FanoutRunView("bench", queued(items), new NoActions());
                        stage.getScene().setRoot(v);
                        return v;
                    });
                    Thread.sleep(300); // the view is laid out
                    BenchFx.onFx(() -> {
                        churnRec.start();
                        return null;
                    });
                    long t0 = System.nanoTime();
                    // -Dbench.noListener=true: the same churn, the view shown but not told (what the churn alone costs the FX thread)
                    try (FanoutEngine e = FanoutEngine.create(spec, store,
                            Boolean.getBoolean("bench.noListener") ? null : view.listener())) {
                        e.start();
                        e.await(Duration.ofMinutes(5));
                    }
                    // the last changes reach the table on the next pulse
                    Thread.sleep(100);
                    long took = System.nanoTime() - t0;
                    BenchFx.onFx(() -> {
                        churnRec.stop();
                        view.dispose();
                        stage.getScene().setRoot(new javafx.scene.layout.StackPane());
                        idleRec.start();
                        return null;
                    });
                    Thread.sleep(took / 1_000_000);
                    BenchFx.onFx(() -> {
                        idleRec.stop();
                        return null;
                    });
                }
            }
            rows.add("| FX pulse interval while 100 items (`sleep 0.2` + a verification, -j 8, SQLite store) churn through the run view, "
                    + rounds + " rounds after " + Integer.getInteger("bench.warmup", 1) + " warm-up | " + churn.line() + " | the same window idle: " + idle.line() + " | "
                    + String.format(Locale.ROOT, "%.2f×", churn.p99() / idle.p99()) + " | p99 < 33 ms |");

            // memory: a run view of 10,000 queued items
            List<String> many = new ArrayList<>();
            for (int i = 1; i <= 10_000; i++) {
                many.add("src/module" + i % 50 + "/pkg/File" + i + ".java");
            }
            long before = heapAfterGc();
            FanoutRunView big = BenchFx.onFx(() -> {
                FanoutRunView v = new FanoutRunView("bench", queued(many), new NoActions());
                stage.getScene().setRoot(v);
                return v;
            });
            Thread.sleep(500);
            long after = heapAfterGc();
            // scrolling the table to its end and back: the view stays responsive
            long s0 = System.nanoTime();
            BenchFx.onFx(() -> {
                javafx.scene.control.TableView<?> t = (javafx.scene.control.TableView<?>) big.lookup("#itemsTable");
                t.scrollTo(9_999);
                t.layout();
                t.scrollTo(0);
                t.layout();
                return null;
            });
            long scroll = System.nanoTime() - s0;
            rows.add(String.format(Locale.ROOT, "| heap of a run view with 10,000 queued items, after GC | +%.1f MB (%.0f bytes per item) | "
                            + "the window without it: %.1f MB | | |",
                    (after - before) / 1e6, (after - before) / 10_000.0, before / 1e6));
            rows.add(String.format(Locale.ROOT, "| scroll that table to item 10,000 and back, on the FX thread | %.0f ms | | | |", scroll / 1e6));
            BenchFx.onFx(() -> {
                big.dispose();
                return null;
            });
            setupRows(stage, work, rows);
            BenchFx.onFx(() -> {
                stage.close();
                return null;
            });
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Platform.exit();
        }
        System.out.println("| measure | Lanes | baseline | ratio | goal |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /**
     * The set-up view with a dropped folder of 10,000 files: pulses while the list is read (in the
     * background) and shown, and what one keystroke in the prompt costs the FX thread with 10,000
     * items listed (it rebuilds the spec and the preview).
     */
    private static void setupRows(Stage stage, Path work, List<String> rows) throws Exception {
        Path folder = Files.createDirectories(work.resolve("many"));
        for (int i = 0; i < 10_000; i++) {
            Path f = folder.resolve("src/module" + i % 50 + "/File" + i + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "class File" + i + " {}\n");
        }
        dev.lanes.task.ExecutorTaskRunner runner = new dev.lanes.task.ExecutorTaskRunner(2, Platform::runLater);
        dev.lanes.ui.common.UiTasks tasks = new dev.lanes.ui.common.UiTasks(runner, (what, e) -> e.printStackTrace());
        try {
            dev.lanes.ui.fanout.FanoutSetupView setup = BenchFx.onFx(() -> {
                dev.lanes.ui.fanout.FanoutSetupView v = new dev.lanes.ui.fanout.FanoutSetupView(folder, "main", "bench",
                        dev.lanes.agent.BuiltInProfiles.all(), java.util.Map.of(), work.resolve("logs").toString(), tasks,
                        new dev.lanes.ui.fanout.FanoutSetupView.Actions() {
                            @Override
                            public void run(FanoutSpec spec) {
                            }

                            @Override
                            public void askAgent(dev.lanes.model.AgentProfile profile, String question, Consumer<String> answer) {
                            }

                            @Override
                            public void earlierRuns(Consumer<List<dev.lanes.fanout.FanoutRunInfo>> runs) {
                                runs.accept(List.of());
                            }

                            @Override
                            public void openRun(dev.lanes.fanout.FanoutRunInfo run) {
                            }
                        });
                stage.getScene().setRoot(v);
                return v;
            });
            Thread.sleep(300);
            BenchFx.PulseRecorder adding = new BenchFx.PulseRecorder();
            long t0 = System.nanoTime();
            BenchFx.onFx(() -> {
                adding.start();
                dev.lanes.ui.fanout.FanoutBenchAccess.add(setup, List.of(folder));
                return null;
            });
            while (BenchFx.onFx(() -> dev.lanes.ui.fanout.FanoutBenchAccess.count(setup)) < 10_000) {
                Thread.sleep(10);
                if (System.nanoTime() - t0 > 120_000_000_000L) {
                    throw new IllegalStateException("the 10,000 files never showed");
                }
            }
            long took = System.nanoTime() - t0;
            Thread.sleep(200);
            BenchFx.onFx(() -> {
                adding.stop();
                return null;
            });
            // keystrokes in the prompt: each rebuilds the spec over 10,000 items and the preview
            javafx.scene.control.TextArea prompt = BenchFx.onFx(() -> {
                setup.applyCss();
                return (javafx.scene.control.TextArea) setup.lookup("#promptArea");
            });
            List<Long> keys = new ArrayList<>();
            for (int k = 0; k < 30; k++) {
                int n = k;
                keys.add(BenchFx.onFx(() -> {
                    long s0 = System.nanoTime();
                    prompt.appendText(n == 0 ? "Fix {file}" : "x");
                    return System.nanoTime() - s0;
                }));
            }
            rows.add(String.format(Locale.ROOT, "| a dropped folder of 10,000 files into the set-up view: read (background) and listed | %.0f ms; pulses meanwhile %s | | | |",
                    took / 1e6, adding.line()));
            rows.add(String.format(Locale.ROOT, "| one keystroke in the prompt with 10,000 items listed (spec, checks, argv preview), FX thread | median %.2f ms, max %.2f ms | | | |",
                    BenchFx.median(keys) / 1e6, keys.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6));
        } finally {
            runner.close();
        }
    }

    private static List<FanoutItem> queued(List<String> items) {
        List<FanoutItem> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(FanoutItem.queued(i + 1, items.get(i)));
        }
        return out;
    }

    private static long heapAfterGc() throws InterruptedException {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    /** The bench drives the engine itself; the view's buttons are not pressed. */
    private static final class NoActions implements FanoutRunView.Actions {
        @Override
        public void continueRun() {
        }

        @Override
        public void abort() {
        }

        @Override
        public void cancelAll() {
        }

        @Override
        public void retryFailed() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void merge(List<FanoutItem> passed) {
        }

        @Override
        public boolean canMerge() {
            return false;
        }

        @Override
        public void openLog(FanoutItem item) {
        }

        @Override
        public void openDiff(FanoutItem item) {
        }

        @Override
        public void changes(List<FanoutItem> items, Consumer<java.util.Map<Integer, String>> done) {
            java.util.Map<Integer, String> out = new java.util.HashMap<>();
            items.forEach(i -> out.put(i.index(), "+1 −0"));
            done.accept(out);
        }
    }
}
