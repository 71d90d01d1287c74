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
